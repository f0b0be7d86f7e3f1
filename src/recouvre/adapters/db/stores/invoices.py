"""The bulk writer of invoice imports: creditor, debtors, cases and invoices, with SQLAlchemy Core,
batch after batch inside ONE unit of work (``services.imports.invoices.InvoiceStore``,
``uow.imports``; ``unit_of_work.import_session`` opens it).

Per batch (10-50k rows) the writer asks the database a handful of set-based questions, never one
per row:

1. debtors: which natural keys exist (``key IN (...)`` by chunks); the others are inserted with
   ids allocated up front (``bulk.allocate_ids``), existing ones get the contact details of the
   file when those differ;
2. invoices: which numbers this creditor already has (skipped for a creditor that had none),
   and the credit notes kept for them (``einvoice_documents``, skipped for a creditor that has
   none); each record is reconciled with both (``services.imports.recorded``: credit notes
   deducted, a recorded paid never lowered), then identical ones are counted unchanged,
   different ones updated (an amount change is returned to the service, which journals it on
   the case's stream);
3. cases: the open case of each debtor that needs one (an unpaid invoice to attach), opened when
   missing, with its reference ``D-<year>-<id>`` (``mappers.case_reference``);
4. invoices inserted in one executemany, attached to the open case when unpaid.

Ids of debtors and open cases seen are cached for the rest of the file, so memory grows with the
number of debtors, not of invoices. Nothing is committed until the service says so; leaving the
unit of work otherwise rolls the whole import back. The new cases' journal entries are written
in bulk (``import_journal``).

A bulk load on SQLite (``expect``: a file of ``BULK_MIN_ROWS`` rows or more, at least as many as
the invoices already stored) drops the secondary, non-unique indexes of the tables it fills and
builds them again just before the commit: sorting a million keys once costs a fraction of a
million random b-tree inserts. Unique indexes stay (they check the data and answer the lookups
above). SQLite's DDL is transactional: a rolled-back import gets its indexes back untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.journal import JournalWriter
from recouvre.adapters.db.mappers import as_date, case_reference, optional_date
from recouvre.adapters.db.stores.bulk import allocate_ids, chunks, insert_rows
from recouvre.adapters.db.stores.import_debtors import upsert_debtors
from recouvre.adapters.db.stores.import_journal import journal_new_cases
from recouvre.adapters.db.tables import (
    cases,
    creditors,
    debtors,
    events,
    import_batches,
    invoices,
    journal_entries,
    journal_streams,
)
from recouvre.adapters.db.tables.einvoices import einvoice_documents
from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.claims import InvoiceStatus, status_after_payment
from recouvre.domain.events.cases import CaseOpened, Event
from recouvre.domain.journal import (
    format_timestamp,
)
from recouvre.services.imports.einvoice_documents import DocumentKind
from recouvre.services.imports.invoices import (
    AmountChange,
    BatchOutcome,
    Field,
    InvoiceRecord,
    InvoicesImported,
    OpenedCase,
    RowConflict,
)
from recouvre.services.imports.recorded import reconcile

BULK_MIN_ROWS = 50_000  # from this many rows, a SQLite import rebuilds secondary indexes once
# The tables an import fills; their non-unique indexes are the ones a bulk load defers.
_BULK_TABLES = (debtors, cases, invoices, events, journal_entries, journal_streams)
_MAX_ISO_TEXTS = 20_000  # dates kept as ISO text; beyond, the cache starts again
_OPEN, _PAID = InvoiceStatus.OPEN.value, InvoiceStatus.PAID.value

# Columns written, in the order of the tuples built below.
# fmt: off
_CASE_COLUMNS = ("id", "creditor_id", "debtor_id", "reference", "phase", "attitude", "opened_on",
                 "next_action_on")
_INVOICE_FACTS = ("issue_date", "due_date", "amount_cents", "paid_cents", "contractual_rate",
                  "completed_on")
_INVOICE_COLUMNS = ("creditor_id", "debtor_id", "case_id", "number", "issue_date", "due_date",
                    "amount_cents", "paid_cents", "contractual_rate", "completed_on", "status")
# fmt: on


# Set-based lookups, built once: an expanding IN renders its list at execution without
# compiling the statement again for every chunk.
_OPEN_CASES = sa.select(cases.c.id, cases.c.debtor_id).where(
    cases.c.creditor_id == sa.bindparam("creditor_id"),
    cases.c.debtor_id.in_(sa.bindparam("debtor_ids", expanding=True)),
    cases.c.phase != Phase.CLOSED.value,
)
_docs = einvoice_documents.c
_CREDITED = (
    sa.select(_docs.invoice_number, sa.func.sum(_docs.amount_cents))
    .where(
        _docs.creditor_id == sa.bindparam("creditor_id"),
        _docs.kind == DocumentKind.CREDIT_NOTE.value,
        _docs.invoice_number.in_(sa.bindparam("numbers", expanding=True)),
    )
    .group_by(_docs.invoice_number)
)


def placeholder_name(siren: str) -> str:
    """The name of a creditor created from its SIREN alone, to be completed later."""
    return f"Créancier SIREN {siren} (raison sociale à compléter)"


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _same(value: date | None) -> date | None:
    return value


def _facts(r: InvoiceRecord) -> tuple[Any, ...]:
    return (
        r.issue_date,
        r.due_date,
        r.amount_cents,
        r.paid_cents,
        r.contractual_rate,
        r.completed_on,
    )


class SqlInvoiceStore:
    """``InvoiceStore`` on the connection of one unit of work (``uow.imports``)."""

    def __init__(
        self, connection: sa.Connection, commit: Callable[[], None], journal: JournalWriter
    ) -> None:
        self.connection = connection
        self._commit = commit  # the unit of work's
        self._journal = journal
        self._debtor_ids: dict[str, int] = {}
        self._open_cases: dict[int, int] = {}  # debtor id -> open case id (this creditor)
        self._new_cases: set[int] = set()  # cases this import opened
        self._creditor_has_invoices = True
        self._creditor_has_cases = True
        self._creditor_has_credit_notes = True
        self._next_ids: dict[str, int] = {}
        self._sqlite = connection.dialect.name == "sqlite"
        self._date: Callable[[date | None], date | str | None] = _iso if self._sqlite else _same
        self._iso_texts: dict[date, str] = {}  # a file holds a few thousand distinct dates
        self._deferred: list[sa.Index] = []  # secondary indexes to build again before commit

    # --- InvoiceStore ---------------------------------------------------------------------

    def expect(self, rows: int | None) -> None:
        """Prepare for a file of about ``rows`` rows: on SQLite, a bulk load defers the
        secondary indexes (see the module docstring); otherwise nothing changes."""
        if not self._sqlite or rows is None or rows < BULK_MIN_ROWS or self._deferred:
            return
        stored = self.connection.execute(sa.select(sa.func.count()).select_from(invoices))
        if rows < stored.scalar_one():
            return  # rebuilding indexes over a larger table would cost more than it saves
        self._deferred = sorted(
            (index for table in _BULK_TABLES for index in table.indexes if not index.unique),
            key=lambda index: str(index.name),
        )
        for index in self._deferred:
            index.drop(self.connection)

    def creditor_id(self, siren: str) -> int:
        found = self.connection.execute(
            sa.select(creditors.c.id).where(creditors.c.siren == siren)
        ).scalar()
        if found is None:
            found = self.connection.execute(
                creditors.insert()
                .values(name=placeholder_name(siren), siren=siren)
                .returning(creditors.c.id)
            ).scalar_one()
        self._creditor_has_invoices = self._exists(invoices, invoices.c.creditor_id == found)
        self._creditor_has_cases = self._exists(cases, cases.c.creditor_id == found)
        self._creditor_has_credit_notes = self._exists(
            einvoice_documents,
            (_docs.creditor_id == found) & (_docs.kind == DocumentKind.CREDIT_NOTE.value),
        )
        return int(found)

    def apply(self, creditor_id: int, records: Sequence[InvoiceRecord], on: date) -> BatchOutcome:
        outcome = BatchOutcome()
        if not records:
            return outcome
        upsert_debtors(self.connection, records, self._debtor_ids, self._next_ids)
        known = self._known_invoices(creditor_id, records)
        credited = (
            self.credited_cents(creditor_id, [r.number for r in records])
            if self._creditor_has_credit_notes
            else {}
        )
        reconciled = reconcile(records, {n: row.paid_cents for n, row in known.items()}, credited)
        records, outcome.paid_kept = reconciled.records, reconciled.paid_kept
        new: list[InvoiceRecord] = [] if known else list(records)  # a new creditor: all new
        updates: list[tuple[InvoiceRecord, Any]] = []
        for record in records if known else ():
            row = known.get(record.number)
            if row is None:
                new.append(record)
            elif row.debtor_id != self._debtor_ids[record.debtor.key]:
                outcome.conflicts.append(
                    RowConflict(
                        record.line,
                        Field.INVOICE_NUMBER,
                        f"facture « {record.number} » déjà importée pour un autre débiteur : "
                        "un numéro de facture ne change pas de débiteur",
                    )
                )
            elif _facts(record) == self._stored_facts(row):
                outcome.unchanged += 1
            else:
                updates.append((record, row))
        if outcome.conflicts:
            return outcome
        needing_case = [r for r in new if r.paid_cents < r.amount_cents]  # is_unpaid, inlined
        needing_case += [r for r, row in updates if r.is_unpaid and row.case_id is None]
        outcome.opened_cases = self._open_cases_for(creditor_id, needing_case, on)
        self._insert_invoices(creditor_id, new)
        outcome.created = len(new)
        self._update_invoices(updates, outcome)
        return outcome

    def append_journal(self, events: Sequence[Event], *, actor: str, recorded_at: datetime) -> None:
        opened: list[CaseOpened] = []
        others: list[Event] = []
        for event in events:
            if isinstance(event, CaseOpened) and event.case_id in self._new_cases:
                opened.append(event)
            else:
                others.append(event)
        if opened:
            journal_new_cases(self.connection, opened, actor, recorded_at)
        if others:
            self._journal.append_events(
                self.connection,
                [(event, event.case_id) for event in others],
                actor=actor,
                recorded_at=recorded_at,
            )

    def record_import(self, event: InvoicesImported, *, recorded_at: datetime) -> None:
        self.connection.execute(
            import_batches.insert().values(
                creditor_id=event.creditor_id,
                file_name=event.file_name,
                file_sha256=event.file_sha256,
                rows=event.rows,
                created=event.created,
                changed=event.changed,
                unchanged=event.unchanged,
                imported_at=format_timestamp(recorded_at),
            )
        )

    def credited_cents(self, creditor_id: int, numbers: Sequence[str]) -> dict[str, int]:
        """The sum of the credit notes kept for each invoice number (absent: none), by chunks."""
        found: dict[str, int] = {}
        for chunk in chunks(list(numbers)):
            for number, cents in self.connection.execute(
                _CREDITED, {"creditor_id": creditor_id, "numbers": chunk}
            ):
                found[number] = int(cents)
        return found

    def commit(self) -> None:
        for index in self._deferred:  # inside the transaction: the commit makes them visible
            index.create(self.connection)
        self._deferred = []
        self._commit()

    # --- Stages of a batch --------------------------------------------------------------------

    def _exists(self, table: sa.Table, condition: sa.ColumnElement[bool]) -> bool:
        query = sa.select(sa.literal(1)).select_from(table).where(condition).limit(1)
        return self.connection.execute(query).first() is not None

    def _known_invoices(self, creditor_id: int, records: Sequence[InvoiceRecord]) -> dict[str, Any]:
        if not self._creditor_has_invoices:
            return {}
        columns = [
            invoices.c.id,
            invoices.c.number,
            invoices.c.debtor_id,
            invoices.c.case_id,
            invoices.c.status,
            *(invoices.c[n] for n in _INVOICE_FACTS),
        ]
        query = sa.select(*columns).where(
            invoices.c.creditor_id == creditor_id,
            invoices.c.number.in_(sa.bindparam("numbers", expanding=True)),
        )
        known: dict[str, Any] = {}
        for chunk in chunks([r.number for r in records]):
            for row in self.connection.execute(query, {"numbers": chunk}):
                known[row.number] = row
        return known

    @staticmethod
    def _stored_facts(row: Any) -> tuple[Any, ...]:
        return (
            as_date(row.issue_date),
            as_date(row.due_date),
            row.amount_cents,
            row.paid_cents,
            row.contractual_rate,
            optional_date(row.completed_on),
        )

    def _open_cases_for(
        self, creditor_id: int, records: Sequence[InvoiceRecord], on: date
    ) -> list[OpenedCase]:
        wanted: list[int] = []
        seen: set[int] = set()
        for record in records:
            debtor_id = self._debtor_ids[record.debtor.key]
            if debtor_id not in self._open_cases and debtor_id not in seen:
                seen.add(debtor_id)
                wanted.append(debtor_id)
        if not wanted:
            return []
        if self._creditor_has_cases:
            for chunk in chunks(wanted):
                found = self.connection.execute(
                    _OPEN_CASES, {"creditor_id": creditor_id, "debtor_ids": chunk}
                )
                for case_id, debtor_id in found:
                    self._open_cases[debtor_id] = case_id
        missing = [d for d in wanted if d not in self._open_cases]
        ids = allocate_ids(self.connection, cases, len(missing), self._next_ids)
        rows = []
        opened = []
        day = self._date(on)
        phase, attitude = Phase.AMICABLE.value, Attitude.UNKNOWN.value
        for case_id, debtor_id in zip(ids, missing, strict=True):
            self._open_cases[debtor_id] = case_id
            self._new_cases.add(case_id)
            opened.append(OpenedCase(case_id, debtor_id))
            # Opened today; the planner looks at every new case on its first run.
            rows.append(
                (case_id, creditor_id, debtor_id, case_reference(case_id, on), phase, attitude,
                 day, day)
            )  # fmt: skip
        insert_rows(self.connection, cases, _CASE_COLUMNS, rows)
        return opened

    def _insert_invoices(self, creditor_id: int, records: Sequence[InvoiceRecord]) -> None:
        debtor_ids = self._debtor_ids
        open_cases = self._open_cases
        iso = self._sqlite  # SQLite stores dates as ISO text: convert here, once per date
        texts = self._iso_texts
        rows = []
        for number, issued, due, amount, paid, rate, completed, debtor in (
            (r.number, r.issue_date, r.due_date, r.amount_cents, r.paid_cents,
             r.contractual_rate, r.completed_on, r.debtor)
            for r in records
        ):  # fmt: skip
            debtor_id = debtor_ids[debtor.key]
            unpaid = paid < amount  # status_after_payment, inlined: a million rows
            rows.append(
                (
                    creditor_id,
                    debtor_id,
                    open_cases[debtor_id] if unpaid else None,
                    number,
                    (texts.get(issued) or texts.setdefault(issued, issued.isoformat()))
                    if iso
                    else issued,
                    (texts.get(due) or texts.setdefault(due, due.isoformat())) if iso else due,
                    amount,
                    paid,
                    rate,
                    completed.isoformat() if iso and completed is not None else completed,
                    _OPEN if unpaid else _PAID,
                )
            )
        insert_rows(self.connection, invoices, _INVOICE_COLUMNS, rows)
        if len(texts) > _MAX_ISO_TEXTS:
            texts.clear()

    def _update_invoices(
        self, updates: Sequence[tuple[InvoiceRecord, Any]], outcome: BatchOutcome
    ) -> None:
        """Changed invoices, in one executemany; an unpaid one without a case joins the open
        case; the status follows what is paid (a cancelled invoice stays cancelled)."""
        params = []
        for record, row in updates:
            debtor_id = self._debtor_ids[record.debtor.key]
            case_id = row.case_id
            if case_id is None and record.is_unpaid:
                case_id = self._open_cases[debtor_id]
            status = status_after_payment(
                record.amount_cents, record.paid_cents, InvoiceStatus(row.status)
            ).value
            params.append(
                {
                    "b_id": row.id,
                    "b_case_id": case_id,
                    "b_issue_date": record.issue_date,
                    "b_due_date": record.due_date,
                    "b_amount_cents": record.amount_cents,
                    "b_paid_cents": record.paid_cents,
                    "b_contractual_rate": record.contractual_rate,
                    "b_completed_on": record.completed_on,
                    "b_status": status,
                }
            )
            if row.amount_cents != record.amount_cents:
                outcome.amount_changes.append(
                    AmountChange(
                        record.line, record.number, case_id, row.amount_cents, record.amount_cents
                    )
                )
        if params:
            columns = ("case_id", "status", *_INVOICE_FACTS)
            self.connection.execute(
                invoices.update()
                .where(invoices.c.id == sa.bindparam("b_id"))
                .values({name: sa.bindparam(f"b_{name}") for name in columns}),
                params,
            )
        outcome.changed += len(params)
