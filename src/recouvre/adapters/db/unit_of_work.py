"""The unit of work: one database transaction, every store on it, and the journal on commit.

``SqlUnitOfWork`` is the one transaction model of recouvre: every write goes through one, and
no store opens a transaction of its own. It implements the unit-of-work ports of the services
(``services.ports.UnitOfWork`` and the capability ports built on it: plans and actions for the
daily run, parties, debtors, the judicial route, the outbox and its channels, imports). The
repositories of the aggregates are there from the start; every other store is created on first
use, on the transaction's connection (``uow.plans``, ``uow.outbox``, ...).

On ``commit()`` it, in this order and in the same transaction: appends the daily run's bulk
events (``journal_events``), saves the cases that changed, appends the events pulled from every
case it handed out, then the entries queued with ``journal.record``, to the ``events`` table
(the readable history) and to the journal streams (the evidence), then commits. An exception,
or leaving the ``with`` block without committing, rolls everything back: no fact is journaled
unless the change it records is saved, and the reverse.

SQLite specifics, taken here and nowhere else:

- a writing unit of work starts with ``BEGIN IMMEDIATE``: it takes the single writer lock up
  front, waiting up to the busy timeout, instead of failing half-way when another process
  wrote first; the sender's claim and mark steps are each one short unit of work;
- ``snapshot=True`` gives a read-only, consistent view (journal verification): a plain
  deferred transaction on SQLite (WAL), REPEATABLE READ on PostgreSQL;
- ``bulk=True`` (the daily run, imports) gives the connection a page cache large enough for
  the indexes a batch touches (see ``SQLITE_BULK_CACHE_KB``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypeVar, cast

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
from recouvre.domain.events.base import Event, journal_form
from recouvre.domain.journal import GLOBAL_STREAM, JournalEntry, case_stream, entry_for_event
from recouvre.services.ports import Clock

if TYPE_CHECKING:
    from recouvre.adapters.db.stores.actions import SqlActionStore
    from recouvre.adapters.db.stores.api_tokens import SqlApiTokenStore
    from recouvre.adapters.db.stores.bank_lines import SqlBankLineStore
    from recouvre.adapters.db.stores.calls import SqlCallStore
    from recouvre.adapters.db.stores.debtors import SqlDebtorStore
    from recouvre.adapters.db.stores.invoice_statuses import SqlInvoiceStatusStore
    from recouvre.adapters.db.stores.invoices import SqlInvoiceStore
    from recouvre.adapters.db.stores.judicial import SqlJudicialStore
    from recouvre.adapters.db.stores.legal_identities import SqlLegalIdentityStore
    from recouvre.adapters.db.stores.mail_returns import SqlBounceStore, SqlRegisteredMailStore
    from recouvre.adapters.db.stores.outbox import SqlOutboxStore
    from recouvre.adapters.db.stores.parties import SqlPartyStore
    from recouvre.adapters.db.stores.payment_batch import SqlPaymentBatchStore
    from recouvre.adapters.db.stores.plan_rules import SqlPlanRulesStore
    from recouvre.adapters.db.stores.plans import SqlPlanStore
    from recouvre.adapters.db.stores.review_rows import SqlReviewStore
    from recouvre.adapters.db.stores.runs import SqlRunStore
    from recouvre.adapters.db.stores.web_accounts import SqlAccountStore

T = TypeVar("T")

# A page cache large enough to hold the indexes a page of the daily run or a batch of an import
# touches (journal ``(stream, seq)``, ``events``, ``actions`` idempotency keys, the
# ``case_plans`` upsert, the four indexes of ``invoices``). SQLite's default cache (2 MiB)
# makes each of those random index probes a ``pread`` from the operating system's page cache:
# on a 1,000,000-invoice run that was 400 s of system CPU. Per connection, so it stays with the
# pooled connection; ``synchronous=NORMAL`` (set for every connection) is kept.
SQLITE_BULK_CACHE_KB = 262_144
_SQLITE_BULK_PRAGMAS = (
    f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KB}",
    "PRAGMA temp_store = MEMORY",
)


class SqlJournal(SqlJournalStore):
    """The journal as a unit of work sees it: reads, anchors, and entries queued for commit."""

    def __init__(self, connection: sa.Connection, clock: Clock, actor: str) -> None:
        super().__init__(connection)
        self.clock = clock
        self.actor = actor
        self.pending: list[JournalEntry] = []

    def record(
        self, event: Event, *, stream: str | None = None, document_sha256: str | None = None
    ) -> None:
        kind, payload = journal_form(event)
        case_id = event.case_id
        if stream is None:
            stream = GLOBAL_STREAM if case_id is None else case_stream(case_id)
        self.pending.append(
            JournalEntry(
                stream=stream,
                kind=kind,
                occurred_on=event.on,
                recorded_at=self.clock.now(),
                actor=self.actor,
                payload=payload,
                case_id=case_id,
                document_sha256=document_sha256,
            )
        )


class SqlUnitOfWork:
    def __init__(
        self,
        engine: sa.Engine,
        clock: Clock,
        actor: str,
        *,
        snapshot: bool = False,
        bulk: bool = False,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.actor = actor
        self.snapshot = snapshot
        self.bulk = bulk
        self.writer = JournalWriter()

    def __enter__(self) -> Self:
        connection = self.engine.connect()
        backend = self.engine.dialect.name
        if backend == "sqlite" and not self.snapshot:
            connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        elif backend == "postgresql" and self.snapshot:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        self.connection = connection
        if self.bulk and backend == "sqlite":
            # On the driver connection, so that no transaction is begun for it.
            driver = connection.connection.driver_connection
            if driver is not None:
                for pragma in _SQLITE_BULK_PRAGMAS:
                    driver.execute(pragma)
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
        self.run_events: list[Event] = []
        self._stores: dict[str, object] = {}

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

    def journal_events(self, events: Sequence[Event]) -> None:
        """Queue the daily run's case events for commit, written before the entries queued
        with ``journal.record``."""
        self.run_events.extend(events)

    def flush(self) -> None:
        """Write what is held so far (bulk entries, changed cases, their events, the queued
        entries), in the order a commit writes them, without committing."""
        if self.run_events:
            run_events, self.run_events = self.run_events, []
            self.writer.append_events(
                self.connection,
                [(event, event.case_id) for event in run_events],
                actor=self.actor,
                recorded_at=self.clock.now(),
            )
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

    def commit(self) -> None:
        """Write what is held (``flush``) and commit; the unit of work then continues in a
        fresh transaction."""
        self.flush()
        self.connection.commit()
        self._open()

    def rollback(self) -> None:
        self.connection.rollback()
        self._open()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A SAVEPOINT around the block: what was held is written first (``flush``), the
        block's writes are flushed at its end; if it raises, the database goes back to the
        savepoint and what the block held in memory (tracked cases, queued entries) is dropped
        (``_open``), the enclosing transaction going on."""
        self.flush()
        nested = self.connection.begin_nested()
        try:
            yield
            self.flush()
        except BaseException:
            nested.rollback()
            self._open()
            raise
        nested.commit()

    # --- the stores, created on first use on this transaction's connection ---------------

    def _store(self, name: str, build: Callable[[], T]) -> T:
        store = self._stores.get(name)
        if store is None:
            store = self._stores[name] = build()
        return cast(T, store)

    @property
    def review_rows(self) -> SqlReviewStore:
        from recouvre.adapters.db.stores.review_rows import SqlReviewStore

        return self._store("review_rows", lambda: SqlReviewStore(self.connection))

    @property
    def runs(self) -> SqlRunStore:
        from recouvre.adapters.db.stores.runs import SqlRunStore

        return self._store("runs", lambda: SqlRunStore(self.connection))

    @property
    def bank_lines(self) -> SqlBankLineStore:
        from recouvre.adapters.db.stores.bank_lines import SqlBankLineStore

        return self._store("bank_lines", lambda: SqlBankLineStore(self.connection))

    @property
    def payment_batch(self) -> SqlPaymentBatchStore:
        from recouvre.adapters.db.stores.payment_batch import SqlPaymentBatchStore

        return self._store("payment_batch", lambda: SqlPaymentBatchStore(self.connection,
                                                                          self.cases))

    @property
    def invoice_statuses(self) -> SqlInvoiceStatusStore:
        from recouvre.adapters.db.stores.invoice_statuses import SqlInvoiceStatusStore

        return self._store("invoice_statuses", lambda: SqlInvoiceStatusStore(self.connection))

    @property
    def plans(self) -> SqlPlanStore:
        from recouvre.adapters.db.stores.plans import SqlPlanStore

        return self._store("plans", lambda: SqlPlanStore(self.connection))

    @property
    def legal_identities(self) -> SqlLegalIdentityStore:
        from recouvre.adapters.db.stores.legal_identities import SqlLegalIdentityStore

        return self._store("legal_identities", lambda: SqlLegalIdentityStore(self.connection))

    @property
    def plan_rules(self) -> SqlPlanRulesStore:
        from recouvre.adapters.db.stores.plan_rules import SqlPlanRulesStore

        return self._store("plan_rules", lambda: SqlPlanRulesStore(self.connection))

    @property
    def actions(self) -> SqlActionStore:
        from recouvre.adapters.db.stores.actions import SqlActionStore

        return self._store("actions", lambda: SqlActionStore(self.connection))

    @property
    def parties(self) -> SqlPartyStore:
        from recouvre.adapters.db.stores.parties import SqlPartyStore

        return self._store("parties", lambda: SqlPartyStore(self.connection))

    @property
    def debtor_store(self) -> SqlDebtorStore:
        from recouvre.adapters.db.stores.debtors import SqlDebtorStore

        return self._store("debtor_store", lambda: SqlDebtorStore(self.connection))

    @property
    def judicial(self) -> SqlJudicialStore:
        from recouvre.adapters.db.stores.judicial import SqlJudicialStore

        return self._store("judicial", lambda: SqlJudicialStore(self.connection))

    @property
    def outbox(self) -> SqlOutboxStore:
        from recouvre.adapters.db.stores.outbox import SqlOutboxStore

        return self._store("outbox", lambda: SqlOutboxStore(self.connection))

    @property
    def calls(self) -> SqlCallStore:
        from recouvre.adapters.db.stores.calls import SqlCallStore

        return self._store("calls", lambda: SqlCallStore(self.connection, self.clock, self.actor))

    @property
    def registered_mail(self) -> SqlRegisteredMailStore:
        from recouvre.adapters.db.stores.mail_returns import SqlRegisteredMailStore

        return self._store(
            "registered_mail", lambda: SqlRegisteredMailStore(self.connection, self.clock)
        )

    @property
    def bounces(self) -> SqlBounceStore:
        from recouvre.adapters.db.stores.mail_returns import SqlBounceStore

        return self._store("bounces", lambda: SqlBounceStore(self.connection, self.clock))

    @property
    def imports(self) -> SqlInvoiceStore:
        from recouvre.adapters.db.stores.invoices import SqlInvoiceStore

        return self._store(
            "imports", lambda: SqlInvoiceStore(self.connection, self.commit, self.writer)
        )

    @property
    def api_tokens(self) -> SqlApiTokenStore:
        from recouvre.adapters.db.stores.api_tokens import SqlApiTokenStore

        return self._store("api_tokens", lambda: SqlApiTokenStore(self.connection))

    @property
    def web_accounts(self) -> SqlAccountStore:
        from recouvre.adapters.db.stores.web_accounts import SqlAccountStore

        return self._store("web_accounts", lambda: SqlAccountStore(self.connection))


@contextmanager
def import_session(uow: SqlUnitOfWork) -> Iterator[SqlInvoiceStore]:
    """An invoice import in ``uow`` (``services.imports.invoices.InvoiceStore``): the import's
    ``commit`` commits the unit of work; leaving without it rolls the whole file back."""
    with uow:
        yield uow.imports
