"""The unit of work: one database transaction, its repositories, and the journal on commit.

``SqlUnitOfWork`` implements ``recouvre.services.ports.UnitOfWork``. On ``commit()`` it, in
this order and in the same transaction: saves the cases that changed, appends the events
pulled from every case it handed out, then the entries queued with ``journal.record``, to the
``events`` table (the readable history) and to the journal streams (the evidence), then
commits. An exception, or
leaving the ``with`` block without committing, rolls everything back: no fact is journaled
unless the change it records is saved, and the reverse.

On SQLite a writing unit of work starts with ``BEGIN IMMEDIATE`` (it takes the single writer
lock up front, waiting up to the busy timeout, instead of failing half-way when another
process wrote first). ``snapshot=True`` gives a read-only, consistent view (journal
verification): a plain deferred transaction on SQLite (WAL), REPEATABLE READ on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa

from recouvre.adapters.db.journal import JournalWriter
from recouvre.adapters.db.journal_store import SqlJournalStore
from recouvre.adapters.db.repositories import (
    SqlCaseRepository,
    SqlCreditorRepository,
    SqlDebtorRepository,
    SqlInvoiceRepository,
    SqlPaymentRepository,
)
from recouvre.domain.journal import GLOBAL_STREAM, JournalEntry, case_stream, entry_for_event
from recouvre.services.ports import Clock


class SqlJournal(SqlJournalStore):
    """The journal as a unit of work sees it: reads, anchors, and entries queued for commit."""

    def __init__(self, connection: sa.Connection, clock: Clock, actor: str) -> None:
        super().__init__(connection)
        self.clock = clock
        self.actor = actor
        self.pending: list[JournalEntry] = []

    def record(
        self,
        kind: str,
        on: date,
        payload: Mapping[str, Any],
        *,
        case_id: int | None = None,
        stream: str | None = None,
        document_sha256: str | None = None,
    ) -> None:
        if stream is None:
            stream = GLOBAL_STREAM if case_id is None else case_stream(case_id)
        self.pending.append(
            JournalEntry(
                stream=stream,
                kind=kind,
                occurred_on=on,
                recorded_at=self.clock.now(),
                actor=self.actor,
                payload=dict(payload),
                case_id=case_id,
                document_sha256=document_sha256,
            )
        )


class SqlUnitOfWork:
    def __init__(
        self, engine: sa.Engine, clock: Clock, actor: str, *, snapshot: bool = False
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.actor = actor
        self.snapshot = snapshot
        self.writer = JournalWriter()

    def __enter__(self) -> Self:
        connection = self.engine.connect()
        backend = self.engine.dialect.name
        if backend == "sqlite" and not self.snapshot:
            connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        elif backend == "postgresql" and self.snapshot:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        self.connection = connection
        self._open()
        return self

    def _open(self) -> None:
        # No explicit begin: the connection begins on its first statement (SQLAlchemy's
        # autobegin, which fires the engine's BEGIN [IMMEDIATE] hook).
        connection = self.connection
        self.creditors = SqlCreditorRepository(connection)
        self.debtors = SqlDebtorRepository(connection)
        self.invoices = SqlInvoiceRepository(connection)
        self.cases = SqlCaseRepository(connection)
        self.payments = SqlPaymentRepository(connection)
        self.journal = SqlJournal(connection, self.clock, self.actor)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.connection.in_transaction():
                self.connection.rollback()
        finally:
            self.connection.close()

    def commit(self) -> None:
        """Save changed cases, journal their events and the queued entries, commit; the unit
        of work then continues in a fresh transaction."""
        tracked = self.cases.save_changed()
        recorded = [(event, case.id) for case in tracked for event in case.pull_events()]
        entries: list[JournalEntry] = []
        if recorded:
            now = self.clock.now()
            entries = [
                entry_for_event(event, case_id, self.actor, now) for event, case_id in recorded
            ]
        entries.extend(self.journal.pending)
        self.journal.pending = []
        self.writer.record(self.connection, entries)
        self.connection.commit()
        self._open()

    def rollback(self) -> None:
        self.connection.rollback()
        self._open()
