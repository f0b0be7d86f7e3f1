"""The ports of an invoice import and the values handed between its stages.

``InvoiceSource`` is a file opened by a format adapter (``recouvre.adapters.importers``), the
*parse* stage; ``InvoiceStore`` is the storage side bound to one open transaction, the *apply*
stage (``recouvre.adapters.db``). What the store answers (``BatchOutcome``), the journal entry
of an import (``InvoicesImported``) and the outcome shown to the user (``ImportReport``) are
frozen values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from recouvre.domain.events.cases import Event
from recouvre.domain.events.imports import InvoicesImported
from recouvre.domain.money import from_cents
from recouvre.services.imports.rows import Field, ImportIssue, InvoiceRecord, RawRow

# --- Values handed between the stages -----------------------------------------------------


class OpenedCase(NamedTuple):
    """A case the import opened (a debtor with an unpaid invoice and no open case)."""

    case_id: int
    debtor_id: int


@dataclass(frozen=True, slots=True)
class AmountChange:
    """A known invoice whose amount the file changes (journaled on the case's stream)."""

    line: int
    number: str
    case_id: int | None
    old_cents: int
    new_cents: int

    @property
    def old_amount(self) -> Decimal:
        return from_cents(self.old_cents)

    @property
    def new_amount(self) -> Decimal:
        return from_cents(self.new_cents)


@dataclass(frozen=True, slots=True)
class RowConflict:
    """A valid row the database refuses (e.g. a known invoice number for another debtor)."""

    line: int
    field: Field
    message: str


@dataclass(slots=True)
class BatchOutcome:
    """What the store did with one batch of records."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0
    amount_changes: list[AmountChange] = field(default_factory=list)
    opened_cases: list[OpenedCase] = field(default_factory=list)
    conflicts: list[RowConflict] = field(default_factory=list)
    paid_kept: list[str] = field(default_factory=list)  # recorded paid above the file's


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome of an import: counts when it was written, else every error (counted)."""

    file_name: str
    file_sha256: str
    creditor_siren: str | None
    rows: int
    created: int
    changed: int
    unchanged: int
    cases_opened: int
    amount_changes: tuple[AmountChange, ...]
    amount_change_count: int
    issues: tuple[ImportIssue, ...]
    issue_count: int
    # Invoices whose recorded paid was kept over the file's lower one (the first ones, counted).
    paid_kept: tuple[str, ...] = ()
    paid_kept_count: int = 0

    @property
    def ok(self) -> bool:
        return self.issue_count == 0

    def as_json(self) -> dict[str, Any]:
        """JSON-ready fields, amounts as two-decimal strings."""
        return {
            "file": self.file_name,
            "sha256": self.file_sha256,
            "creditor_siren": self.creditor_siren,
            "ok": self.ok,
            "rows": self.rows,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "cases_opened": self.cases_opened,
            "amount_change_count": self.amount_change_count,
            "amount_changes": [
                {
                    "line": c.line,
                    "invoice": c.number,
                    "case_id": c.case_id,
                    "old_amount": f"{c.old_amount:.2f}",
                    "new_amount": f"{c.new_amount:.2f}",
                }
                for c in self.amount_changes
            ],
            "paid_kept_count": self.paid_kept_count,
            "paid_kept": list(self.paid_kept),
            "error_count": self.issue_count,
            "errors": [
                {"line": i.line, "column": i.column, "message": i.message, "text": str(i)}
                for i in self.issues
            ],
        }


# --- Ports -----------------------------------------------------------------------------------


class InvoiceSource(Protocol):
    """A file opened by a format adapter (the *parse* stage)."""

    @property
    def name(self) -> str: ...

    @property
    def sha256(self) -> str: ...

    @property
    def expected_rows(self) -> int | None:
        """About how many data rows the file holds (for progress), when known."""
        ...

    @property
    def columns(self) -> Mapping[Field, str]:
        """The recognised columns: field -> header as written in the file."""
        ...

    @property
    def issues(self) -> Sequence[ImportIssue]:
        """File-level errors (encoding, missing columns); rows() yields nothing after them."""
        ...

    def rows(self) -> Iterator[RawRow]: ...


class InvoiceStore(Protocol):
    """The storage side of an import, bound to ONE open transaction (the *apply* stage)."""

    def expect(self, rows: int | None) -> None:
        """The number of rows the file announces (``None``: unknown), before any batch: a store
        may prepare for a bulk load (the SQLite one defers its secondary indexes)."""
        ...

    def creditor_id(self, siren: str) -> int:
        """The creditor's id; an unknown SIREN creates it with a name to complete later."""
        ...

    def apply(self, creditor_id: int, records: Sequence[InvoiceRecord], on: date) -> BatchOutcome:
        """Upsert a batch: debtors, open cases, invoices (compare known ones, update changed)."""
        ...

    def append_journal(self, events: Sequence[Event], *, actor: str, recorded_at: datetime) -> None:
        """Append entries to the evidence journal (case stream, or global when case_id is None)."""
        ...

    def record_import(self, event: InvoicesImported, *, recorded_at: datetime) -> None:
        """Keep the import batch (``import_batches``)."""
        ...

    def commit(self) -> None:
        """Make everything written visible; without it, leaving the transaction undoes it."""
        ...


ProgressCallback = Callable[[int], None]
