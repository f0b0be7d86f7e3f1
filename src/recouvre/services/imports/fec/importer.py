"""The FEC import use case: a checked ``Ledger`` becomes debtors and invoices through the invoice
import pipeline (``services.imports.invoices.import_invoices``), whole or not at all.

The invoices that ``receivables`` finds are handed to the pipeline as the rows of an
``InvoiceSource``: the *validate* and *apply* stages, the store, the journal entries
(``case_opened``, ``invoice_amount_changed``, ``invoices_imported``) and the all-or-nothing rule
are the invoice import's own. A settled invoice is recorded as paid (``déjà payé`` = its
amount: no case is opened for it, nothing is claimed), a partly paid one with what was paid.
Re-importing the same FEC finds every invoice by its number and changes nothing; a later FEC
that letters an invoice records it paid.

A FEC names no SIREN for its customers: a debtor is keyed by its customer account
(``domain.parties.ledger_debtor_key``) and recorded as a private person (``particulier``, the
more protective regime: no 40 € indemnity claimed, C. com. L441-10 II), its contact details to
be completed (``recouvre debtor set``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from recouvre.domain.parties import ledger_debtor_key
from recouvre.services.imports.fec.ledger import Ledger
from recouvre.services.imports.fec.receivables import (
    DEFAULT_PAYMENT_TERM_DAYS,
    MAX_PAYMENT_TERM_DAYS,
    LooseLine,
    Receivables,
    receivables,
)
from recouvre.services.imports.invoices import import_invoices, normalise_creditor
from recouvre.services.imports.ports import ImportReport, InvoiceStore, ProgressCallback
from recouvre.services.imports.rows import (
    Cell,
    Field,
    ImportIssue,
    InvoiceRecord,
    RawRow,
)
from recouvre.services.imports.validation import RowValidator
from recouvre.services.ports import Clock


@dataclass(frozen=True, slots=True)
class LedgerInvoices:
    """The invoices of a FEC as an ``InvoiceSource``: one row per invoice, on its FEC line."""

    ledger: Ledger
    found: Receivables

    @property
    def name(self) -> str:
        return self.ledger.name

    @property
    def sha256(self) -> str:
        return self.ledger.sha256

    @property
    def expected_rows(self) -> int | None:
        return len(self.found.invoices)

    @property
    def columns(self) -> Mapping[Field, str]:
        """The FEC column each field comes from (an error names it); the due date is derived."""
        amount = "Montant" if "Montant" in self.ledger.headers else "Debit"
        return {
            Field.INVOICE_NUMBER: self.ledger.column("PieceRef"),
            Field.ISSUE_DATE: self.ledger.column("PieceDate"),
            Field.AMOUNT: self.ledger.column(amount),
            Field.PAID: self.ledger.column("EcritureLet"),
            Field.NAME: self.ledger.column("CompAuxLib"),
        }

    @property
    def issues(self) -> tuple[ImportIssue, ...]:
        return self.ledger.issues

    def rows(self) -> Iterator[RawRow]:
        if self.ledger.issues:
            return
        for invoice in self.found.invoices:
            cells: dict[Field, Cell] = {
                Field.INVOICE_NUMBER: invoice.number,
                Field.ISSUE_DATE: invoice.issue_date,
                Field.DUE_DATE: invoice.due_date,
                Field.AMOUNT: invoice.amount,
                Field.NAME: invoice.name,
            }
            if invoice.paid:
                cells[Field.PAID] = invoice.paid
            yield RawRow(invoice.line, cells)


class LedgerRowValidator(RowValidator):
    """``RowValidator`` whose debtors are keyed by their customer account, not their name."""

    def __init__(
        self, columns: Mapping[Field, str], creditor_siren: str | None, accounts: Mapping[int, str]
    ) -> None:
        super().__init__(columns, creditor_siren)
        self._accounts = accounts

    def check(self, row: RawRow, issues: list[ImportIssue]) -> InvoiceRecord | None:
        record = super().check(row, issues)
        if record is None or self.creditor_siren is None:
            return record
        key = ledger_debtor_key(self.creditor_siren, self._accounts[record.line])
        return record._replace(debtor=record.debtor._replace(key=key))


@dataclass(frozen=True, slots=True)
class FecImportReport:
    """The outcome of a FEC import: the invoice import's report and what the FEC told."""

    invoices: ImportReport
    ledger: Ledger
    found: Receivables | None  # None: the file or the options were refused before

    @property
    def ok(self) -> bool:
        return self.invoices.ok

    def as_json(self) -> dict[str, Any]:
        found = self.found
        ledger = self.ledger

        def loose(lines: tuple[LooseLine, ...]) -> list[dict[str, Any]]:
            return [
                {"line": x.line, "account": x.account, "name": x.name,
                 "piece_ref": x.piece_ref, "amount": f"{x.amount:.2f}"}
                for x in lines
            ]  # fmt: skip

        return {
            **self.invoices.as_json(),
            "fec": {
                "lines": ledger.lines,
                "entries": ledger.entries,
                "grouping": ledger.grouping.value,
                "total_debit": f"{ledger.total_debit:.2f}",
                "total_credit": f"{ledger.total_credit:.2f}",
            },
            "invoices_found": len(found.invoices) if found else 0,
            "settled": found.settled if found else 0,
            "partly_paid": found.partly_paid if found else 0,
            "open": found.open if found else 0,
            "due_dates_derived": True,
            "payment_term_days": found.payment_term_days if found else None,
            "unallocated_credits": loose(found.unallocated_credits) if found else [],
            "other_debits": loose(found.other_debits) if found else [],
        }


def import_fec(
    ledger: Ledger,
    open_store: Callable[[], AbstractContextManager[InvoiceStore]],
    *,
    creditor_siren: str,
    payment_term_days: int = DEFAULT_PAYMENT_TERM_DAYS,
    on: date,
    recorded_at: datetime,
    actor: str,
    progress: ProgressCallback | None = None,
) -> FecImportReport:
    """Import the invoices of ``ledger`` for the creditor ``creditor_siren``, whole or not at
    all (a refused ledger writes nothing); ``on``, ``recorded_at`` and ``actor`` as for
    ``import_invoices``."""
    refusals = _option_issues(creditor_siren, payment_term_days)
    if refusals or ledger.issues:
        return FecImportReport(_refused(ledger, (*refusals, *ledger.issues)), ledger, None)
    found = receivables(ledger, payment_term_days)
    if not found.invoices:
        return FecImportReport(_nothing(ledger, creditor_siren), ledger, found)
    accounts = {i.line: i.account for i in found.invoices}

    def validator(columns: Mapping[Field, str], siren: str | None) -> RowValidator:
        return LedgerRowValidator(columns, siren, accounts)

    report = import_invoices(
        LedgerInvoices(ledger, found),
        open_store,
        creditor_siren=creditor_siren,
        on=on,
        recorded_at=recorded_at,
        actor=actor,
        progress=progress,
        worker=False,  # a FEC's invoices are few beside its lines: no worker process
        validator=validator,
    )
    return FecImportReport(report, ledger, found)


def _option_issues(creditor_siren: str, payment_term_days: int) -> tuple[ImportIssue, ...]:
    issues: list[ImportIssue] = []
    checked = normalise_creditor(creditor_siren)
    if isinstance(checked, ImportIssue):
        issues.append(checked)
    if not 0 <= payment_term_days <= MAX_PAYMENT_TERM_DAYS:
        issues.append(
            ImportIssue(
                None,
                None,
                f"--delai-paiement : {payment_term_days} jours, entre 0 et "
                f"{MAX_PAYMENT_TERM_DAYS} attendu",
            )
        )
    return tuple(issues)


def _refused(ledger: Ledger, issues: tuple[ImportIssue, ...]) -> ImportReport:
    return ImportReport(
        file_name=ledger.name, file_sha256=ledger.sha256, creditor_siren=None, rows=ledger.lines,
        created=0, changed=0, unchanged=0, cases_opened=0, amount_changes=(),
        amount_change_count=0, issues=issues, issue_count=len(issues),
    )  # fmt: skip


def _nothing(ledger: Ledger, creditor_siren: str) -> ImportReport:
    """A valid FEC without any customer invoice: nothing to write, nothing refused."""
    siren = normalise_creditor(creditor_siren)
    return ImportReport(
        file_name=ledger.name, file_sha256=ledger.sha256,
        creditor_siren=siren if isinstance(siren, str) else None, rows=0, created=0,
        changed=0, unchanged=0, cases_opened=0, amount_changes=(), amount_change_count=0,
        issues=(), issue_count=0,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FecImporter:
    """The FEC import with its adapters wired in (``bootstrap.fec_import``): ``open`` a file,
    then ``run`` it."""

    open_file: Callable[[Path], Ledger]
    open_store: Callable[[], AbstractContextManager[InvoiceStore]]
    clock: Clock
    actor: str

    def open(self, path: Path) -> Ledger:
        return self.open_file(path)

    def run(
        self,
        ledger: Ledger,
        *,
        creditor_siren: str,
        payment_term_days: int = DEFAULT_PAYMENT_TERM_DAYS,
        progress: ProgressCallback | None = None,
    ) -> FecImportReport:
        return import_fec(
            ledger,
            self.open_store,
            creditor_siren=creditor_siren,
            payment_term_days=payment_term_days,
            on=self.clock.today(),
            recorded_at=self.clock.now(),
            actor=self.actor,
            progress=progress,
        )


__all__ = [
    "FecImportReport",
    "FecImporter",
    "LedgerInvoices",
    "LedgerRowValidator",
    "import_fec",
]
