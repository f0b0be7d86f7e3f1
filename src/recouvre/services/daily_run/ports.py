"""Ports of the daily run: the case plan state and the actions outbox, read and written in sets.

The daily run (``services.daily_run.run``) never loads cases one by one on its fast path: the
storage hands it one chunk of due cases as rows (``CaseRow``, one per case, with the debtor,
the creditor and the stored plan state), their open invoices (``InvoiceLine``), and writes back
in bulk (``PlanRow`` upserts, ``NewAction`` inserts with ``ON CONFLICT DO NOTHING`` on the
idempotency key). ``recouvre.adapters.db.stores.plans`` and ``.actions`` implement these
Protocols with SQLAlchemy Core; a ``PlanUnitOfWork`` is the unit of work
(``services.ports.UnitOfWork``) with ``plans`` and ``actions`` on its transaction
(``recouvre.adapters.db.unit_of_work.SqlUnitOfWork``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from recouvre.domain.events.base import Event
from recouvre.law.payment_plan import PlanRules
from recouvre.services.ports import UnitOfWork


class CaseRow(NamedTuple):
    """One open case as the run reads it (plan columns are ``None`` when never planned)."""

    case_id: int
    reference: str
    creditor_id: int
    creditor_name: str
    debtor_id: int
    phase: str
    attitude: str
    debtor_kind: str
    debtor_name: str
    address_lines: str
    postal_code: str
    city: str
    country: str
    departement: str | None
    emails: str
    phones: str
    do_not_contact: bool
    only_channel: str | None
    # case_plans (None when the case was never planned)
    scenario_id: str | None
    status: str | None
    active_since: date | None
    paused_until: date | None
    promised_on: date | None
    promise_cents: int | None
    paid_since_promise_cents: int | None
    instalments: str | None
    paid_on_plan_cents: int | None
    broken_promises: int | None
    frozen_reason: str | None
    lost_channels: str | None
    pointer: int | None
    max_severity_done: int | None
    done_kinds: int | None
    last_done_on: date | None
    in_flight_action_id: int | None
    # the creditor's courtesy settings (``domain.claim_settings``)
    first_reminder_days: int | None = None
    fees_from: str | None = None


class InvoiceLine(NamedTuple):
    case_id: int
    number: str
    issue_date: date
    due_date: date
    amount_cents: int
    paid_cents: int
    completed_on: date | None = None  # completion of the work (consumer prescription start)


class EvidenceRow(NamedTuple):
    """A fact of a case that may act on prescription (``services.daily_run.prescription``):
    ``source`` ``payment`` (a payment received), ``event`` (``kind`` a journal event kind:
    promise, payment plan), ``procedure`` (``kind`` a procedure event kind, ``route`` the
    procedure's route) or ``title`` (an enforceable title recorded outside a procedure, ``on``
    the day it can be executed: its service, else its date; CPCE L111-4)."""

    case_id: int
    source: str
    kind: str
    route: str | None
    on: date


class PlanRow(NamedTuple):
    """A ``case_plans`` row: ``PlanState`` and ``HistorySummary`` flattened."""

    case_id: int
    scenario_id: str
    status: str
    active_since: date | None
    paused_until: date | None
    promised_on: date | None
    promise_cents: int
    paid_since_promise_cents: int
    instalments: str
    paid_on_plan_cents: int
    broken_promises: int
    frozen_reason: str | None
    lost_channels: str
    pointer: int
    max_severity_done: int
    done_kinds: int
    last_done_on: date | None
    in_flight_action_id: int | None


class NewAction(NamedTuple):
    idempotency_key: str
    case_id: int
    step_id: str
    attempt: int
    kind: str
    channel: str
    template: str
    due_on: date
    status: str
    requires_approval: bool
    extra_delay_days: int
    payload: str
    not_before: str | None
    reason: str | None


class StoredAction(NamedTuple):
    """An ``actions`` row as the run, the review queue and the events read it."""

    id: int
    idempotency_key: str
    case_id: int
    step_id: str
    attempt: int
    kind: str
    channel: str
    template: str
    due_on: date
    status: str
    requires_approval: bool
    extra_delay_days: int
    not_before: str | None
    reason: str | None
    sent_at: str | None
    withdrawn: bool


class ContactRow(NamedTuple):
    """A contact already made or about to go out (for the guard's caps)."""

    debtor_id: int
    channel: str
    status: str
    not_before: str | None
    sent_at: str | None


class FinishedStep(NamedTuple):
    """An in-flight action the sender has finished with (sent, failed or cancelled)."""

    case_id: int
    scenario_id: str
    action_id: int
    step_id: str
    kind: str
    status: str
    sent_at: str | None
    max_severity_done: int
    done_kinds: int
    last_done_on: date | None


class PlanStore(Protocol):
    def due_cases(self, on: date, after_id: int, limit: int) -> list[CaseRow]:
        """Open cases never planned or with ``next_action_on <= on``, by id, after
        ``after_id``."""
        ...

    def case_rows(self, case_ids: Sequence[int]) -> list[CaseRow]: ...

    def open_invoices(self, low_id: int, high_id: int) -> list[InvoiceLine]:
        """Open, unpaid invoices of cases ``low_id..high_id``, by case, due date, number."""
        ...

    def open_invoices_for(self, case_ids: Sequence[int]) -> list[InvoiceLine]:
        """``open_invoices`` of the given cases (scattered ids)."""
        ...

    def prescription_evidence(
        self, case_ids: Sequence[int], event_kinds: Sequence[str]
    ) -> list[EvidenceRow]:
        """Payments received, journal events of ``event_kinds`` and procedure events of the
        cases."""
        ...

    def upsert(self, rows: Sequence[PlanRow], stamp: str) -> None: ...

    def finish(self, updates: Sequence[tuple[int, int, int, date | None]]) -> None:
        """(case id, max severity done, done kinds, last done on): the in-flight action is
        over; the summary takes these values and the in-flight slot is emptied."""
        ...

    def set_next(self, updates: Sequence[tuple[int, str | None, date | None]]) -> None:
        """(case id, scenario id, next_action_on) for each case."""
        ...

    def finished_in_flight(self) -> list[FinishedStep]: ...


class ActionStore(Protocol):
    def insert(self, actions: Sequence[NewAction], stamp: str) -> dict[str, tuple[int, bool]]:
        """Insert with ``created_at = stamp``, skipping keys that already exist (``ON CONFLICT
        DO NOTHING``): key -> (id, inserted now)."""
        ...

    def withdrawn_attempts(self, low_id: int, high_id: int) -> dict[tuple[int, str], int]:
        """(case id, step id) -> number of withdrawn actions, for cases ``low..high``."""
        ...

    def contacts(self, debtor_ids: Sequence[int]) -> list[ContactRow]: ...

    def for_case(self, case_id: int) -> list[StoredAction]: ...

    def fees_claimed(self, case_id: int, kinds: Collection[str], on: date) -> bool:
        """Whether a document of one of ``kinds`` sent for the case by ``on`` (Paris day of
        its sending, to the day) claimed the penalties and the fixed indemnity (its payload
        does not say ``"fees_claimed": false``)."""
        ...

    def for_cases(self, low_id: int, high_id: int) -> list[StoredAction]: ...

    def get(self, action_id: int) -> StoredAction | None: ...

    def with_status(
        self, statuses: Sequence[str], limit: int | None = None
    ) -> list[StoredAction]: ...

    def deferred_until(self, moment: str) -> list[StoredAction]:
        """Deferred actions whose ``not_before`` is at or before ``moment`` (ISO local)."""
        ...

    def set_status(
        self,
        action_id: int,
        status: str,
        stamp: str,
        *,
        not_before: str | None = None,
        reason: str | None = None,
        extra_delay_days: int | None = None,
        expected: Sequence[str] = (),
    ) -> bool:
        """Move one action (only from ``expected`` statuses when given); False if it was not
        in one of them."""
        ...

    def mark_withdrawn(self, action_id: int, on: date) -> None: ...

    def queued_on_step(self, step_id: str) -> list[StoredAction]:
        """Queued (approved) actions of one step id, e.g. the closure proposals."""
        ...


class PlanRulesStore(Protocol):
    """Each creditor's payment-plan rules (``uow.plan_rules``)."""

    def for_creditors(self, creditor_ids: Sequence[int]) -> dict[int, PlanRules]:
        """creditor id -> rules, the shipped defaults for a creditor that set none."""
        ...

    def set(self, creditor_id: int, rules: PlanRules) -> None: ...


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """Which actions awaiting approval a person means: all of them, or those of a creditor,
    a step, a scenario, or a list of ids (the filters combine)."""

    creditor_siren: str | None = None
    step_id: str | None = None
    scenario_id: str | None = None
    ids: tuple[int, ...] = ()
    everything: bool = False  # said explicitly (``--all``): a decision never follows a typo

    @property
    def empty(self) -> bool:
        return not (self.creditor_siren or self.step_id or self.scenario_id or self.ids)


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """An action awaiting approval as a person reviews it."""

    id: int
    case_id: int
    case_reference: str
    debtor: str
    creditor: str
    scenario_id: str
    step_id: str
    channel: str
    due_on: date
    extra_delay_days: int
    reason: str | None
    owed: Decimal


class ReviewStore(Protocol):
    def rows(self, f: ReviewFilter, limit: int | None) -> list[ReviewRow]: ...

    def count(self, f: ReviewFilter) -> int: ...

    def selected(self, f: ReviewFilter) -> list[tuple[int, int, str]]: ...

    def decide(self, ids: Sequence[int], status: str, stamp: str, reason: str | None) -> int: ...


class PlanUnitOfWork(UnitOfWork, Protocol):
    @property
    def plans(self) -> PlanStore: ...

    @property
    def plan_rules(self) -> PlanRulesStore: ...

    @property
    def actions(self) -> ActionStore: ...

    @property
    def review_rows(self) -> ReviewStore: ...

    def journal_events(self, events: Sequence[Event]) -> None:
        """Queue typed events of cases for the journal (and the ``events`` table) at commit,
        all appended at once (the daily run writes one or two per case of a page)."""
        ...

    def savepoint(self) -> AbstractContextManager[None]:
        """A block whose writes (and queued journal entries) are undone if it raises, the rest
        of the transaction kept: the dry run's pages, in its one transaction."""
        ...


PlanUnitOfWorkFactory = Callable[[], PlanUnitOfWork]
