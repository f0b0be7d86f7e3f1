"""Ports of the outbox services: the stores they use in a unit of work.

Every step of the sender, a retry, a call outcome, a tracking or bounce import is one unit of
work (``services.ports.UnitOfWork``) with these stores on its transaction; the services decide
what a move means and journal it with ``uow.journal.record`` in that same transaction, so a
fact is never stored without its journal entry, nor the reverse.
``recouvre.adapters.db.unit_of_work.SqlUnitOfWork`` implements them
(``recouvre.adapters.db.stores.outbox``, ``.calls``, ``.mail_returns``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, Protocol

from recouvre.domain.parties import Channel
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.outbox.model import ActionStatus, CaseEventSink, CaseFacts, OutboxAction


class FailedAttempt(NamedTuple):
    """One attempt of a step (``actions`` row), as a retry looks at it."""

    id: int
    attempt: int
    status: ActionStatus


class OutboxRows(Protocol):
    """The ``actions`` rows of the outbox; each update is conditional on what the caller saw
    and says whether it applied (another process may have moved the row first)."""

    def claim(
        self,
        worker: str,
        on: date,
        now_local: str,
        channels: Sequence[Channel],
        limit: int,
        stamp: str,
    ) -> list[OutboxAction]:
        """Take up to ``limit`` due ``queued`` rows (``due_on <= on``, ``not_before`` passed)
        and mark them ``sending``; PostgreSQL skips rows another sender has locked."""
        ...

    def abandoned(
        self, channels: Sequence[Channel], now: datetime, lease: timedelta
    ) -> list[OutboxAction]:
        """Rows left in ``sending`` by a sender that is gone (its process ended, or its claim
        is older than ``lease``)."""
        ...

    def take_over(self, action: OutboxAction, worker: str, stamp: str) -> OutboxAction | None: ...

    def facts(self, case_id: int) -> CaseFacts: ...

    def get(self, action_id: int, *, lock: bool = False) -> OutboxAction | None: ...

    def with_status(
        self, status: ActionStatus, channels: Sequence[Channel] | None = None,
        case_id: int | None = None,
    ) -> list[OutboxAction]: ...  # fmt: skip

    def move(
        self,
        action: OutboxAction,
        expected: ActionStatus,
        status: ActionStatus,
        stamp: str,
        *,
        worker: str | None = None,
        **values: Any,
    ) -> bool: ...

    def add_registered_item(self, action: OutboxAction, batch_on: date, stamp: str) -> None: ...

    def attempts(self, case_id: int, step_id: str) -> list[FailedAttempt]: ...

    def add_attempt(
        self, failed: OutboxAction, attempt: int, key: str, not_before: str, reason: str, stamp: str
    ) -> int: ...

    def take_in_flight(self, case_id: int, action_id: int, stamp: str) -> bool: ...

    def failed_not_retried(self, case_id: int | None = None) -> list[int]: ...

    def case_id(self, key: str) -> int | None:
        """A case by id or reference."""
        ...


class OutboxUnitOfWork(PlanUnitOfWork, Protocol):
    """A unit of work with the outbox's rows (and the plan stores the case events use)."""

    @property
    def outbox(self) -> OutboxRows: ...


OutboxUnitOfWorkFactory = Callable[[], OutboxUnitOfWork]


class CaseEventsWithin(Protocol):
    """The case event use cases (``services.cases.case_events.CaseEvents``), lent a unit of
    work so that a channel's fact and the plan's reaction to it commit together."""

    def within(self, uow: PlanUnitOfWork) -> CaseEventSink: ...
