"""The values and ports of an e-invoice import (Factur-X, CII, UBL: EN 16931).

An e-invoice file is read by ``adapters.importers.einvoice`` into one ``EInvoice`` (the
business terms recouvre needs, each with the line of its XML element), or refused with its
errors. Invoices go through the invoice import pipeline (``services.imports.invoices``);
credit notes reduce what is owed on the invoice they reference (BT-25). Each document read is
kept (``EInvoiceStore.keep_document``): its payment reference (BT-83), and for a credit note its
amount, so that importing it again never credits twice and an invoice imported after its credit
note is reduced at once.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from recouvre.domain.money import from_cents
from recouvre.services.imports.ports import AmountChange, ImportReport, InvoiceStore
from recouvre.services.imports.rows import ImportIssue

# UNTDID 1001 document types that credit the buyer (EN 16931 BT-3): 381 is the credit note.
CREDIT_NOTE_TYPES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420",
                               "458", "532"})  # fmt: skip


class DocumentKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class Term(enum.StrEnum):
    """The EN 16931 business terms an import reads, with their French name for messages."""

    NUMBER = "BT-1"
    ISSUE_DATE = "BT-2"
    TYPE = "BT-3"
    CURRENCY = "BT-5"
    DUE_DATE = "BT-9"
    PRECEDING_INVOICE = "BT-25"
    BUYER = "BG-7"
    BUYER_SIREN = "BT-47"
    SELLER = "BG-4"
    DELIVERY_DATE = "BT-72"
    PAYMENT_REFERENCE = "BT-83"
    GRAND_TOTAL = "BT-112"
    PREPAID = "BT-113"
    DUE_PAYABLE = "BT-115"


TERM_LABELS: Mapping[Term, str] = {
    Term.NUMBER: "numéro de facture",
    Term.ISSUE_DATE: "date de facture",
    Term.TYPE: "type de document",
    Term.CURRENCY: "devise",
    Term.DUE_DATE: "date d'échéance",
    Term.PRECEDING_INVOICE: "facture d'origine",
    Term.BUYER: "acheteur",
    Term.BUYER_SIREN: "SIREN de l'acheteur",
    Term.SELLER: "vendeur",
    Term.DELIVERY_DATE: "date de livraison",
    Term.PAYMENT_REFERENCE: "référence de paiement",
    Term.GRAND_TOTAL: "montant TTC",
    Term.PREPAID: "acompte versé",
    Term.DUE_PAYABLE: "montant à payer",
}


@dataclass(frozen=True, slots=True)
class Where:
    """Where a business term sits in the XML: its element's name and line."""

    element: str
    line: int | None


@dataclass(frozen=True, slots=True)
class EInvoice:
    """One e-invoice or credit note, as read (amounts in euros, positive for a credit note)."""

    kind: DocumentKind
    flavor: str  # factur-x (CII), ubl-2.1-invoice, ubl-2.1-creditnote
    number: str
    type_code: str
    issue_date: date
    due_date: date | None
    delivery_date: date | None
    currency: str
    grand_total: Decimal
    prepaid: Decimal
    due_payable: Decimal
    seller_siren: str | None
    buyer_name: str
    buyer_siren: str | None
    buyer_address: str
    buyer_postal_code: str
    buyer_city: str
    buyer_country: str
    payment_reference: str | None
    preceding_invoice: str | None
    places: Mapping[Term, Where] = field(default_factory=dict)
    notices: tuple[str, ...] = ()  # what was read with a doubt (an identifier left out)

    def where(self, term: Term) -> Where:
        return self.places.get(term, Where(term.value, None))


@dataclass(frozen=True, slots=True)
class EInvoiceFile:
    """A file as read: its document, or the errors that refuse it (never both)."""

    name: str
    sha256: str
    document: EInvoice | None
    issues: tuple[ImportIssue, ...] = ()


class KeptDocument(NamedTuple):
    """A document kept in ``einvoice_documents``: what re-importing it must compare with."""

    kind: DocumentKind
    amount_cents: int
    invoice_number: str | None


class EInvoiceStore(InvoiceStore, Protocol):
    """The invoice store, plus what an e-invoice import keeps beside the invoice."""

    def kept_document(self, creditor_id: int, number: str) -> KeptDocument | None:
        """The document of that number already imported for the creditor, if any."""
        ...

    def keep_document(
        self, creditor_id: int, document: EInvoice, amount_cents: int, file_sha256: str
    ) -> None:
        """Keep (insert or update) the document: kind, amount, payment reference, reference."""
        ...

    def credited_cents(self, creditor_id: int, numbers: Sequence[str]) -> dict[str, int]:
        """The sum of the credit notes kept for each invoice number (absent: none)."""
        ...

    def credit_invoice(
        self, creditor_id: int, number: str, cents: int, line: int
    ) -> AmountChange | None:
        """Reduce the amount of a known invoice by ``cents`` (negative: give back); ``None``
        when the creditor has no invoice of that number."""
        ...


@dataclass(frozen=True, slots=True)
class EInvoiceReport:
    """The outcome of one file: written (with notices) or refused (with its errors)."""

    file_name: str
    file_sha256: str
    kind: DocumentKind | None
    number: str | None
    creditor_siren: str | None
    issues: tuple[ImportIssue, ...]
    notices: tuple[str, ...] = ()
    invoices: ImportReport | None = None
    credit: AmountChange | None = None

    @property
    def ok(self) -> bool:
        return not self.issues

    def as_json(self) -> dict[str, Any]:
        credit = self.credit
        return {
            "file": self.file_name,
            "sha256": self.file_sha256,
            "ok": self.ok,
            "kind": None if self.kind is None else self.kind.value,
            "number": self.number,
            "creditor_siren": self.creditor_siren,
            "notices": list(self.notices),
            "created": 0 if self.invoices is None else self.invoices.created,
            "changed": 0 if self.invoices is None else self.invoices.changed,
            "unchanged": 0 if self.invoices is None else self.invoices.unchanged,
            "credit": None if credit is None else {
                "invoice": credit.number,
                "case_id": credit.case_id,
                "old_amount": f"{from_cents(credit.old_cents):.2f}",
                "new_amount": f"{from_cents(credit.new_cents):.2f}",
            },
            "errors": [
                {"line": i.line, "element": i.column, "message": i.message, "text": describe(i)}
                for i in self.issues
            ],
        }  # fmt: skip


def describe(issue: ImportIssue) -> str:
    """An issue of an XML file in words: the element's line and name, then why."""
    where = []
    if issue.line is not None:
        where.append(f"ligne {issue.line}")
    if issue.column is not None:
        where.append(f"élément « {issue.column} »")
    return f"{', '.join(where)} : {issue.message}" if where else issue.message


def term_column(term: Term, where: Where) -> str:
    """How an issue names a term: the XML element, the business term and its French name."""
    return f"{where.element} ({term.value}, {TERM_LABELS[term]})"
