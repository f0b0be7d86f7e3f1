"""E-invoice import: each Factur-X, CII or UBL file creates or updates one invoice, or credits
the invoice it corrects; each file whole or not at all, in its own transaction.

An invoice goes through the invoice import pipeline (``services.imports.invoices``: the same
validation, the same store, the same journal entries), as one row whose cells are the
business terms of EN 16931: number (BT-1), issue date (BT-2), due date (BT-9), currency (BT-5),
buyer (BG-7: name, SIREN, address). What it owes is the amount due after prepayments (BT-115):
the invoice is stored for BT-115 + BT-113 with BT-113 (prepaid) already paid, so that the
statement shows what is left to pay. When the file gives no due date, the creditor's term
applies from the delivery date (BT-72), else from the issue date: 30 days unless said
otherwise, the legal term when nothing was agreed (C. com. L441-10 I al. 1), and the report
says so.

A credit note (BT-3 381 and the other crediting types, a UBL ``CreditNote``, or an invoice whose
amount to pay is negative) reduces what is owed on the invoice it references (BT-25). It is
kept (``einvoice_documents``) so that importing it again changes nothing, and a credit note
whose invoice is not known yet is reported and kept: it is deducted when the invoice comes.

A batch of files: each file is its own transaction; a refused file writes nothing and does not
stop the others; the report lists each file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from recouvre.domain.events.cases import Event, InvoiceAmountChanged
from recouvre.domain.events.imports import InvoicesImported
from recouvre.domain.money import from_cents, to_cents
from recouvre.letters.formatting import number as french_amount
from recouvre.services.imports.einvoice_documents import (
    DocumentKind,
    EInvoice,
    EInvoiceFile,
    EInvoiceReport,
    EInvoiceStore,
    Term,
    term_column,
)
from recouvre.services.imports.invoices import import_invoices, normalise_creditor
from recouvre.services.imports.ports import AmountChange, BatchOutcome, ImportReport, RowConflict
from recouvre.services.imports.recorded import owed_after_credits
from recouvre.services.imports.rows import Cell, Field, ImportIssue, InvoiceRecord, RawRow
from recouvre.services.ports import Clock

DEFAULT_TERM_DAYS = 30  # C. com. L441-10 I al. 1: nothing agreed, 30 days after delivery

# The invoice field each business term fills, for the pipeline's row.
_FIELD_TERMS: Mapping[Field, Term] = {
    Field.INVOICE_NUMBER: Term.NUMBER,
    Field.ISSUE_DATE: Term.ISSUE_DATE,
    Field.DUE_DATE: Term.DUE_DATE,
    Field.AMOUNT: Term.DUE_PAYABLE,
    Field.PAID: Term.PREPAID,
    Field.CURRENCY: Term.CURRENCY,
    Field.NAME: Term.BUYER,
    Field.SIREN: Term.BUYER,
    Field.ADDRESS: Term.BUYER,
    Field.POSTAL_CODE: Term.BUYER,
    Field.CITY: Term.BUYER,
    Field.COUNTRY: Term.BUYER,
}

OpenStore = Callable[[], AbstractContextManager[EInvoiceStore]]


@dataclass(frozen=True, slots=True)
class EInvoiceImporter:
    """The use case with its adapters wired in (``bootstrap.einvoices.einvoice_import``)."""

    open_file: Callable[[Path], EInvoiceFile]
    open_store: OpenStore
    clock: Clock
    actor: str

    def run(
        self,
        paths: Sequence[Path],
        *,
        creditor_siren: str | None = None,
        term_days: int = DEFAULT_TERM_DAYS,
    ) -> list[EInvoiceReport]:
        """Each file in turn, each in its own transaction (a refused one stops nothing)."""
        return [
            import_einvoice(
                self.open_file(path),
                self.open_store,
                creditor_siren=creditor_siren,
                term_days=term_days,
                on=self.clock.today(),
                recorded_at=self.clock.now(),
                actor=self.actor,
            )
            for path in paths
        ]


def import_einvoice(
    file: EInvoiceFile,
    open_store: OpenStore,
    *,
    creditor_siren: str | None,
    term_days: int,
    on: date,
    recorded_at: datetime,
    actor: str,
) -> EInvoiceReport:
    """Import one file whole or not at all (see the module docstring)."""
    document = file.document
    if document is None:
        return EInvoiceReport(file.name, file.sha256, None, None, creditor_siren, file.issues)
    creditor = _creditor(document, creditor_siren)
    if isinstance(creditor, ImportIssue):
        return _refused(file, document, None, (creditor,))
    if document.currency != "EUR":
        where = document.where(Term.CURRENCY)
        message = f"devise « {document.currency} » non gérée : seul l'euro l'est"
        issue = ImportIssue(where.line, term_column(Term.CURRENCY, where), message)
        return _refused(file, document, creditor, (issue,))
    if document.kind is DocumentKind.CREDIT_NOTE:
        return _import_credit_note(file, document, creditor, open_store, on, recorded_at, actor)
    return _import_invoice(file, document, creditor, open_store, term_days, on, recorded_at, actor)


def _creditor(document: EInvoice, option: str | None) -> str | ImportIssue:
    """The creditor: ``--creditor`` when given (it must be the seller when the file names
    one), else the seller's SIREN (BT-30, or its French VAT number)."""
    where = document.where(Term.SELLER)
    column = term_column(Term.SELLER, where)
    if option is None:
        if document.seller_siren is None:
            message = "vendeur sans SIREN (BT-30) ni numéro de TVA français : ajoutez --creditor"
            return ImportIssue(where.line, column, f"{message} SIREN")
        return document.seller_siren
    checked = normalise_creditor(option)
    if isinstance(checked, str) and document.seller_siren not in (None, checked):
        seller = f"le vendeur de la facture (SIREN {document.seller_siren})"
        return ImportIssue(where.line, column, f"{seller} n'est pas le créancier {checked}")
    return checked


def _refused(
    file: EInvoiceFile,
    document: EInvoice,
    creditor: str | None,
    issues: Sequence[ImportIssue],
    notices: Sequence[str] = (),
) -> EInvoiceReport:
    return EInvoiceReport(
        file.name, file.sha256, document.kind, document.number, creditor, tuple(issues),
        tuple(notices),
    )  # fmt: skip


# --- Invoices: one row through the invoice import pipeline ----------------------------------


@dataclass(frozen=True, slots=True)
class _OneInvoice:
    """The ``InvoiceSource`` of one e-invoice: one row, columns named by XML element."""

    name: str
    sha256: str
    columns: Mapping[Field, str]
    row: RawRow
    expected_rows: int | None = 1
    issues: Sequence[ImportIssue] = ()

    def rows(self) -> Iterator[RawRow]:
        yield self.row


def _import_invoice(
    file: EInvoiceFile,
    document: EInvoice,
    creditor: str,
    open_store: OpenStore,
    term_days: int,
    on: date,
    recorded_at: datetime,
    actor: str,
) -> EInvoiceReport:
    notices = list(document.notices)
    due = document.due_date
    if due is None:
        start = document.delivery_date or document.issue_date
        due = start + timedelta(days=term_days)
        since = "la livraison (BT-72)" if document.delivery_date else "la date de facture"
        notices.append(f"échéance absente (BT-9) : {term_days} jours après {since}, soit le "
                       f"{due:%d/%m/%Y} (C. com. L441-10)")  # fmt: skip
    cells: dict[Field, Cell] = {
        Field.INVOICE_NUMBER: document.number,
        Field.ISSUE_DATE: document.issue_date,
        Field.DUE_DATE: due,
        Field.AMOUNT: document.due_payable + document.prepaid,
        Field.PAID: document.prepaid,
        Field.CURRENCY: document.currency,
        Field.NAME: document.buyer_name,
        Field.SIREN: document.buyer_siren or "",
        Field.ADDRESS: document.buyer_address,
        Field.POSTAL_CODE: document.buyer_postal_code,
        Field.CITY: document.buyer_city,
        Field.COUNTRY: document.buyer_country,
    }
    places = {f: document.where(t) for f, t in _FIELD_TERMS.items()}
    columns = {f: term_column(_FIELD_TERMS[f], w) for f, w in places.items()}
    lines = {columns[f]: w.line for f, w in places.items()}
    root_line = document.where(Term.NUMBER).line or 1
    row = RawRow(root_line, {f: v for f, v in cells.items() if v != ""})
    source = _OneInvoice(file.name, file.sha256, columns, row)
    writes = _EInvoiceWrites(open_store, file, document)
    report = import_invoices(
        source, writes.open, creditor_siren=creditor, on=on, recorded_at=recorded_at,
        actor=actor, worker=False,
    )  # fmt: skip
    if not report.ok:
        issues = [replace(i, line=lines.get(i.column or "", i.line)) for i in report.issues]
        return _refused(file, document, creditor, issues, notices)
    if writes.credited_cents:
        credited = from_cents(writes.credited_cents)
        notices.append(f"avoir(s) déjà importé(s) déduit(s) : {french_amount(credited)} €")
    if report.paid_kept_count:
        notices.append("déjà payé enregistré gardé : la facture indique un acompte (BT-113) "
                       "inférieur aux paiements reçus")  # fmt: skip
    return EInvoiceReport(
        file.name, file.sha256, document.kind, document.number, creditor, (), tuple(notices),
        invoices=report,
    )  # fmt: skip


class _EInvoiceWrites:
    """The store handed to the pipeline: it refuses a number kept as a credit note, notes what
    the credit notes already kept take off the invoice (the invoice store deducts them and never
    lowers what is already paid, as for every import), and keeps the document (its payment
    reference, the amount left) in the same transaction, at commit."""

    def __init__(self, open_store: OpenStore, file: EInvoiceFile, document: EInvoice) -> None:
        self._open_store = open_store
        self._file = file
        self._document = document
        self._store: EInvoiceStore | None = None
        self._creditor_id: int | None = None
        self._amount_cents = 0
        self.credited_cents = 0

    @contextmanager
    def open(self) -> Iterator[_EInvoiceWrites]:
        """The pipeline's ``open_store``: one transaction of the e-invoice store."""
        with self._open_store() as store:
            self._store = store
            yield self

    @property
    def store(self) -> EInvoiceStore:
        assert self._store is not None
        return self._store

    def expect(self, rows: int | None) -> None:
        self.store.expect(rows)

    def creditor_id(self, siren: str) -> int:
        self._creditor_id = self.store.creditor_id(siren)
        return self._creditor_id

    def apply(self, creditor_id: int, records: Sequence[InvoiceRecord], on: date) -> BatchOutcome:
        kept = self.store.kept_document(creditor_id, self._document.number)
        if kept is not None and kept.kind is DocumentKind.CREDIT_NOTE:
            message = f"« {self._document.number} » est déjà importé comme avoir, pas comme facture"
            return BatchOutcome(conflicts=[RowConflict(records[0].line, Field.INVOICE_NUMBER,
                                                       message)])  # fmt: skip
        # The store deducts the credit notes kept and keeps a higher recorded paid, as for every
        # import (``services.imports.recorded``); the document keeps the amount left.
        [record] = records
        self.credited_cents = self.store.credited_cents(creditor_id, [record.number]).get(
            record.number, 0
        )
        self._amount_cents = owed_after_credits(record.amount_cents, self.credited_cents)
        return self.store.apply(creditor_id, records, on)

    def append_journal(self, events: Sequence[Event], *, actor: str, recorded_at: datetime) -> None:
        self.store.append_journal(events, actor=actor, recorded_at=recorded_at)

    def record_import(self, event: InvoicesImported, *, recorded_at: datetime) -> None:
        self.store.record_import(event, recorded_at=recorded_at)

    def commit(self) -> None:
        assert self._creditor_id is not None
        self.store.keep_document(
            self._creditor_id, self._document, self._amount_cents, self._file.sha256
        )
        self.store.commit()


# --- Credit notes ------------------------------------------------------------------------------


def _import_credit_note(
    file: EInvoiceFile,
    document: EInvoice,
    creditor: str,
    open_store: OpenStore,
    on: date,
    recorded_at: datetime,
    actor: str,
) -> EInvoiceReport:
    """Credit the referenced invoice by the credit note's amount (BT-115), once."""
    notices = list(document.notices)
    cents = to_cents(document.due_payable)
    invoice = document.preceding_invoice
    change = None
    with open_store() as store:
        creditor_id = store.creditor_id(creditor)
        kept = store.kept_document(creditor_id, document.number)
        if kept is not None and kept.kind is DocumentKind.INVOICE:
            where = document.where(Term.NUMBER)
            issue = ImportIssue(where.line, term_column(Term.NUMBER, where),
                                f"« {document.number} » est déjà importé comme facture, "
                                "pas comme avoir")  # fmt: skip
            return _refused(file, document, creditor, (issue,), notices)
        before = kept.amount_cents if kept is not None and kept.invoice_number == invoice else 0
        if kept is not None and kept.invoice_number not in (None, invoice):
            # The credit note now names another invoice: the first one gets its amount back.
            back = store.credit_invoice(creditor_id, kept.invoice_number, -kept.amount_cents, 0)
            _journal(store, back, document, file, on, recorded_at, actor)
        if kept is not None and before == cents:
            notices.append(f"avoir {document.number} déjà importé : rien ne change")
        elif invoice is None:
            amount = french_amount(from_cents(cents))
            notices.append(f"avoir {document.number} de {amount} € sans facture d'origine "
                           "(BT-25) : gardé, à affecter à la main")  # fmt: skip
        else:
            line = document.where(Term.PRECEDING_INVOICE).line or 0
            change = store.credit_invoice(creditor_id, invoice, cents - before, line)
            if change is None:
                notices.append(f"avoir {document.number} : facture {invoice} inconnue ; l'avoir "
                               "est gardé et sera déduit à l'import de la facture")  # fmt: skip
            _journal(store, change, document, file, on, recorded_at, actor)
        store.keep_document(creditor_id, document, cents, file.sha256)
        store.commit()
    return EInvoiceReport(
        file.name, file.sha256, document.kind, document.number, creditor, (), tuple(notices),
        credit=change,
    )  # fmt: skip


def _journal(
    store: EInvoiceStore,
    change: AmountChange | None,
    document: EInvoice,
    file: EInvoiceFile,
    on: date,
    recorded_at: datetime,
    actor: str,
) -> None:
    """A credited invoice's new amount, on its case's stream of the evidence journal."""
    if change is None or change.case_id is None:
        return
    event = InvoiceAmountChanged(
        change.case_id, on, invoice_number=change.number, old_amount=change.old_amount,
        new_amount=change.new_amount, source=f"avoir {document.number} ({file.name})",
    )  # fmt: skip
    store.append_journal([event], actor=actor, recorded_at=recorded_at)


__all__ = ["DEFAULT_TERM_DAYS", "EInvoiceImporter", "ImportReport", "import_einvoice"]
