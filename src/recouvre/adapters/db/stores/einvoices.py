"""``EInvoiceStore`` on SQL: the invoice import store plus the e-invoice documents kept beside
the invoices (``tables.einvoices``), in the same transaction. What the credit notes kept take
off an invoice (``credited_cents``) is the invoice store's own: every import deducts it."""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.stores.invoices import SqlInvoiceStore
from recouvre.adapters.db.tables import invoices
from recouvre.adapters.db.tables.einvoices import einvoice_documents
from recouvre.domain.claims import InvoiceStatus, status_after_payment
from recouvre.services.imports.einvoice_documents import DocumentKind, EInvoice, KeptDocument
from recouvre.services.imports.ports import AmountChange

_docs = einvoice_documents.c


class SqlEInvoiceStore(SqlInvoiceStore):
    """The invoice store of one unit of work, with the documents of an e-invoice import."""

    def kept_document(self, creditor_id: int, number: str) -> KeptDocument | None:
        row = self.connection.execute(
            sa.select(_docs.kind, _docs.amount_cents, _docs.invoice_number).where(
                _docs.creditor_id == creditor_id, _docs.number == number
            )
        ).first()
        if row is None:
            return None
        return KeptDocument(DocumentKind(row.kind), int(row.amount_cents), row.invoice_number)

    def keep_document(
        self, creditor_id: int, document: EInvoice, amount_cents: int, file_sha256: str
    ) -> None:
        values = {
            "kind": document.kind.value,
            "type_code": document.type_code[:3],
            "issue_date": document.issue_date,
            "amount_cents": amount_cents,
            "invoice_number": document.preceding_invoice
            if document.kind is DocumentKind.CREDIT_NOTE else None,
            "payment_reference": (document.payment_reference or "")[:140] or None,
            "file_sha256": file_sha256,
        }  # fmt: skip
        where = (_docs.creditor_id == creditor_id) & (_docs.number == document.number)
        updated = self.connection.execute(einvoice_documents.update().where(where).values(values))
        if updated.rowcount == 0:
            self.connection.execute(
                einvoice_documents.insert().values(
                    creditor_id=creditor_id, number=document.number, **values
                )
            )

    def credit_invoice(
        self, creditor_id: int, number: str, cents: int, line: int
    ) -> AmountChange | None:
        row = self.connection.execute(
            sa.select(invoices.c.id, invoices.c.case_id, invoices.c.amount_cents,
                      invoices.c.paid_cents, invoices.c.status)
            .where(invoices.c.creditor_id == creditor_id, invoices.c.number == number)
        ).first()  # fmt: skip
        if row is None:
            return None
        amount = max(int(row.amount_cents) - cents, 0)
        status = status_after_payment(amount, int(row.paid_cents), InvoiceStatus(row.status))
        self.connection.execute(
            invoices.update()
            .where(invoices.c.id == row.id)
            .values(amount_cents=amount, status=status.value)
        )
        return AmountChange(line, number, row.case_id, int(row.amount_cents), amount)
