"""Ports: what the services need from storage and the outside world, as Protocols.

The services depend on these only; ``recouvre.adapters.db`` implements them with SQLAlchemy
Core and ``recouvre.bootstrap`` wires the two. A service works in a unit of work::

    with uow_factory() as uow:
        case = uow.cases.get(case_id)
        case.move_to(Phase.FORMAL_NOTICE, on, "mise en demeure envoyée")
        uow.journal.record(ActionSent(case.id, on, identity, delivery), document_sha256=digest)
        uow.commit()

On commit the unit of work saves every case it handed out, appends the events pulled from
them (``Case.pull_events``) to the ``events`` table and to the evidence journal, plus the
typed events queued with ``journal.record`` (``recouvre.domain.events``: a kind outside
``JournalKind`` cannot be journaled), all in the same transaction. Leaving the ``with``
block without ``commit()`` rolls everything back.

Every write of recouvre goes through a unit of work; no store opens a transaction of its own.
The capability ports extend ``UnitOfWork`` with the stores they use on its transaction
(``services.daily_run.ports.PlanUnitOfWork``: plans, actions; ``services.judicial.ports``;
``services.outbox.ports``; ``services.parties``), and one adapter implements them all
(``recouvre.adapters.db.unit_of_work.SqlUnitOfWork``). A use case that reacts to a fact another
one records is lent that one's unit of work (``joined``), so that both commit together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar, cast

from recouvre.domain.cases import Case, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.events.base import Event
from recouvre.domain.journal import (
    Anchor,
    AnchorTimestamp,
    ChainBreak,
    ChainedEntry,
    StreamHead,
)
from recouvre.domain.parties import Creditor, Debtor
from recouvre.domain.payments import Payment
from recouvre.services.queries import CaseDetail, CaseSummary


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...

    def today(self) -> date:
        """Today in Europe/Paris, where French deadlines are counted."""
        ...


class CreditorRepository(Protocol):
    def get(self, creditor_id: int) -> Creditor | None: ...

    def by_siren(self, siren: str) -> Creditor | None: ...

    def add(self, creditor: Creditor) -> Creditor:
        """Insert; returns the creditor with its id."""
        ...

    def list(self) -> list[Creditor]: ...


class DebtorRepository(Protocol):
    def get(self, debtor_id: int) -> Debtor | None: ...

    def by_key(self, key: str) -> Debtor | None:
        """By natural key (``debtor_key``: ``siren:<SIREN>`` or ``consumer:<name>|<CP>``)."""
        ...

    def add(self, debtor: Debtor) -> Debtor: ...


class InvoiceRepository(Protocol):
    def get(self, invoice_id: int) -> Invoice | None: ...

    def by_number(self, creditor_id: int, number: str) -> Invoice | None: ...

    def for_case(self, case_id: int, *, open_only: bool = False) -> list[Invoice]: ...

    def add(self, invoice: Invoice, case_id: int | None) -> Invoice: ...

    def set_paid(self, invoice_id: int, paid: Decimal) -> None:
        """Record what has been paid on an invoice (``status`` becomes ``paid`` when settled)."""
        ...


class CaseRepository(Protocol):
    """Cases handed out here are tracked: the unit of work saves them and journals their
    events on commit."""

    def get(self, case_id: int) -> Case | None: ...

    def by_reference(self, reference: str) -> Case | None: ...

    def by_key(self, key: str) -> Case | None:
        """The case a person names by id or reference (``domain.cases.CaseKey``)."""
        ...

    def open_for(self, creditor_id: int, debtor_id: int) -> Case | None:
        """The open case of this creditor and debtor, if any (there is at most one)."""
        ...

    def add(self, case: Case) -> Case:
        """Insert; sets ``case.id`` and ``case.reference`` (``D-<year>-<id:06d>``)."""
        ...

    def add_many(self, cases: Sequence[Case]) -> list[Case]:
        """Bulk insert (imports); same effect as ``add`` on each."""
        ...

    def set_plan(self, case_id: int, scenario_id: str | None, next_action_on: date | None) -> None:
        """The scenario followed and the next date the daily run must look at the case."""
        ...

    def due_for_action(self, on: date, limit: int | None = None) -> list[int]:
        """Ids of open cases whose ``next_action_on`` is on or before ``on``."""
        ...


class PaymentRepository(Protocol):
    def for_case(self, case_id: int) -> list[Payment]: ...

    def add(self, payment: Payment, source: str = "manual") -> Payment: ...

    def reverse(
        self, case_id: int, received_on: date, paid: Sequence[tuple[str, int]], on: date
    ) -> int:
        """Mark reversed the bank payments of that day that paid ``paid`` (invoice number,
        principal cents); how many."""
        ...


class Journal(Protocol):
    """The evidence journal, seen from a unit of work."""

    def record(
        self, event: Event, *, stream: str | None = None, document_sha256: str | None = None
    ) -> None:
        """Queue the entry of ``event`` (its kind and JSON object as ``journal_form`` gives
        them, stamped with the unit of work's clock and actor) for the commit. ``stream``
        defaults to the event's case stream, or ``global`` without a case."""
        ...

    def entries(self, stream: str | None = None) -> Iterator[ChainedEntry]:
        """Stored entries in (stream, seq) order, streamed; one stream when named."""
        ...

    def head_mismatches(self) -> Iterator[ChainBreak]:
        """Stream heads that do not point at their stream's last entry."""
        ...

    def anchors(self) -> Iterator[Anchor]:
        """The anchor chain in order, each with its items."""
        ...

    def anchor_item_mismatches(self) -> Iterator[ChainBreak]:
        """Anchored (stream, seq, digest) whose entry is missing or carries another digest."""
        ...

    def history_mismatches(self) -> Iterator[ChainBreak]:
        """Entries without their copy in the readable history (the ``events`` rows written with
        them), and history rows that match no entry."""
        ...

    def entries_of_kinds(self, kinds: Sequence[str]) -> Iterator[ChainedEntry]:
        """Stored entries of these kinds, streamed (in the order they were stored)."""
        ...

    def action_statuses(self, action_ids: Sequence[int]) -> Mapping[int, str]:
        """The current status of each of these actions (an id absent: no such action)."""
        ...

    def last_anchor(self, *, lock: bool = False) -> Anchor | None: ...

    def unanchored_heads(self, limit: int) -> list[StreamHead]:
        """Heads of streams that changed since their last anchor."""
        ...

    def add_anchor(self, anchor: Anchor) -> None: ...

    def unstamped_anchors(self) -> list[Anchor]:
        """Anchors without a time-stamping authority's token, in order."""
        ...

    def add_timestamp(self, stamp: AnchorTimestamp) -> None: ...

    def timestamps(self) -> Iterator[AnchorTimestamp]:
        """The stored tokens, in anchor order."""
        ...


class Timestamper(Protocol):
    """A time-stamping authority (RFC 3161), the one seam to it."""

    def stamp(self, anchor_seq: int, digest: str) -> AnchorTimestamp:
        """The authority's token over ``digest`` (an anchor's SHA-256, hexadecimal), checked
        (``TimestampChecker``); raises ``services.errors.TimestampError`` otherwise."""
        ...


class TimestampChecker(Protocol):
    def check(self, stamp: AnchorTimestamp, digest: str) -> str | None:
        """Why ``stamp`` does not prove ``digest`` (French), or ``None`` when it does: the
        token's message imprint is the digest and the authority's signature holds."""
        ...


class UnitOfWork(Protocol):
    @property
    def creditors(self) -> CreditorRepository: ...

    @property
    def debtors(self) -> DebtorRepository: ...

    @property
    def invoices(self) -> InvoiceRepository: ...

    @property
    def cases(self) -> CaseRepository: ...

    @property
    def payments(self) -> PaymentRepository: ...

    @property
    def journal(self) -> Journal: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def flush(self) -> None:
        """Write what is held so far (changed cases, their events, the queued entries) in the
        order a commit writes them, without committing: later reads of this unit of work see
        it (a fact recorded before another use case reacts to it on the same transaction),
        and it commits or rolls back with the rest."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]

U = TypeVar("U", bound=UnitOfWork)


class _Joined:
    """A unit of work lent to a use case that opens its own: the same transaction; entering,
    leaving and committing do nothing, the lender commits once everything is written."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        """Nothing yet: the lender commits."""

    def rollback(self) -> None:
        self._uow.rollback()


def joined(uow: U) -> U:
    """``uow`` lent to another use case (``CaseEvents`` reacting to a fact recorded here), so
    that the fact, the reaction and their journal entries commit together or not at all."""
    return cast(U, _Joined(uow))


class CaseQueries(Protocol):
    """Read models for cases (no aggregate, no tracking): what ``cases list``/``case show``
    print."""

    def list_cases(
        self,
        phase: Phase | None = None,
        creditor_siren: str | None = None,
        limit: int | None = None,
    ) -> Sequence[CaseSummary]: ...

    def case_detail(self, key: str) -> CaseDetail | None:
        """By numeric id or by reference (``D-2026-000123``)."""
        ...
