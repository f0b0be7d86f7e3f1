"""``recouvre simulate``: replay a portfolio day by day against the debtor-behaviour model.

Each simulated day ``on`` (docs/simulation.md):

1. the **clock** is set to ``on`` (``SimulatedClock``): every stamp the run, the sender and the
   event services write (``sent_at``, the journal) is of the simulated day;
2. **what was scheduled** happens: a kept promise is paid on its promised day, a dispute is
   resolved by « a person » ``review_days`` after it was raised (upheld or rejected);
3. the **daily run** (``services.daily_run.run.run_day``) plans and issues what is due;
4. the **simulated credit manager** approves every action waiting for approval, through the
   real review queue (``services.daily_run.review``);
5. the **simulated sender** marks every due queued action as sent through the outbox store,
   without any provider: nothing leaves the machine (no email, SMS or letter, ever);
6. each open case's debtor **reacts** (``simulation.behaviour.react``, seeded per case and day)
   and the reaction goes through the real event services (``services.cases.case_events``): a
   payment, a promise, a dispute, so that the scenario engine answers exactly as in real life;
7. the day's figures are kept: amount recovered, contacts by channel, closures, and the
   guard's deferrals and refusals.

The outcome depends only on the database's content, the start date, the number of days and the
seed. The simulation writes into the database it is given: the CLI hands it a scratch copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from recouvre.domain.events.collection import DisputeOutcome
from recouvre.domain.money import CENT, ZERO, from_cents
from recouvre.scenarios.model import StepKind
from recouvre.services.daily_run.run import RunReport
from recouvre.simulation.behaviour import (
    BehaviourParams,
    Contact,
    DebtorDay,
    Response,
    day_rng,
    react,
)

PARIS = ZoneInfo("Europe/Paris")
SIMULATION_ACTOR = "simulation"
SEND_TIME = time(18, 0)  # the simulated sender drains what is due up to 18:00, Paris time
DISPUTE_REASON = "contestation simulée (modèle de comportement)"


class SimulatedClock:
    """The ``Clock`` port on the simulated day: instants advance by a microsecond per reading
    from 10:00 Paris time, so stamps stay ordered and never depend on the machine's clock."""

    def __init__(self, on: date) -> None:
        self.set(on)

    def set(self, on: date) -> None:
        self._on = on
        self._base = datetime.combine(on, time(10, 0), PARIS).astimezone(UTC)
        self._ticks = 0

    def now(self) -> datetime:
        self._ticks += 1
        return self._base + timedelta(microseconds=self._ticks)

    def today(self) -> date:
        return self._on


@dataclass(frozen=True, slots=True)
class OpenCase:
    case_id: int
    reference: str
    oldest_due: date | None  # of the oldest unpaid invoice (None: nothing left unpaid)
    outstanding_cents: int
    plan_status: str | None  # case_plans.status; None when never planned


@dataclass(frozen=True, slots=True)
class SentContact:
    case_id: int
    kind: StepKind
    channel: str


class SimulationStore(Protocol):
    """What the simulator reads, and the sender it plays."""

    def open_cases(self) -> list[OpenCase]:
        """Open cases by id, with their unpaid balance and oldest unpaid due date."""
        ...

    def send_due(self, on: date, until_local: str) -> list[SentContact]:
        """Claim every due ``queued`` action of any channel and mark it sent, without any
        provider (``provider_ref`` ``simulation:<key>``, journaled)."""
        ...


class PendingReview(Protocol):
    @property
    def id(self) -> int: ...


class ReviewPort(Protocol):
    """The review queue (``services.daily_run.review.ReviewQueue``)."""

    def pending(self, limit: int | None = None) -> Sequence[PendingReview]: ...

    def approve(self, action_id: int, on: date) -> Any: ...


class EventResult(Protocol):
    @property
    def closure(self) -> str | None:
        """Why the event closed the case (``None``: still open)."""
        ...


class CaseEventPort(Protocol):
    """The event use cases (``services.cases.case_events.CaseEvents``)."""

    def payment(
        self, case_key: str, amount: Decimal, on: date, invoice: str | None = None
    ) -> EventResult: ...

    def promise(self, case_key: str, amount: Decimal, by: date, on: date) -> EventResult: ...

    def dispute(self, case_key: str, reason: str, on: date) -> EventResult: ...

    def dispute_resolved(
        self, case_key: str, on: date, outcome: DisputeOutcome = ..., note: str = ""
    ) -> EventResult: ...


@dataclass(slots=True)
class SimulatedDay:
    on: date
    recovered: Decimal = ZERO  # paid this day
    cumulative: Decimal = ZERO
    share: Decimal = ZERO  # cumulative / initial outstanding
    contacts: dict[str, int] = field(default_factory=dict)
    payments: int = 0
    promises: int = 0
    disputes: int = 0
    closed: int = 0
    closed_by_reactions: int = 0
    open_cases: int = 0
    deferred: int = 0
    refused: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "recovered": f"{self.recovered:.2f}",
            "cumulative": f"{self.cumulative:.2f}",
            "share": f"{self.share:.4f}",
            "contacts": dict(sorted(self.contacts.items())),
            "payments": self.payments,
            "promises": self.promises,
            "disputes": self.disputes,
            "closed": self.closed,
            "open_cases": self.open_cases,
            "deferred": self.deferred,
            "refused": self.refused,
        }


@dataclass(slots=True)
class SimulationReport:
    start: date
    days: int
    seed: int
    initial_cases: int
    initial_outstanding: Decimal
    series: list[SimulatedDay] = field(default_factory=list)

    @property
    def recovered(self) -> Decimal:
        return self.series[-1].cumulative if self.series else ZERO

    @property
    def share(self) -> Decimal:
        return self.series[-1].share if self.series else ZERO

    def contacts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for day in self.series:
            total.update(day.contacts)
        return dict(sorted(total.items()))

    def totals(self) -> dict[str, int]:
        """Payments, promises, disputes, closures, deferrals and refusals over the run."""
        days = self.series
        return {
            "payments": sum(d.payments for d in days),
            "promises": sum(d.promises for d in days),
            "disputes": sum(d.disputes for d in days),
            "closed": sum(d.closed for d in days),
            "deferred": sum(d.deferred for d in days),
            "refused": sum(d.refused for d in days),
        }

    def weeks(self) -> list[SimulatedDay]:
        """The last day of each week of the run (and the run's last day)."""
        return [d for i, d in enumerate(self.series) if i % 7 == 6 or i == len(self.series) - 1]

    def as_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "seed": self.seed,
            "initial_cases": self.initial_cases,
            "initial_outstanding": f"{self.initial_outstanding:.2f}",
            "recovered": f"{self.recovered:.2f}",
            "share": f"{self.share:.4f}",
            "contacts": self.contacts(),
            **self.totals(),
            "series": [d.as_json() for d in self.series],
        }


@dataclass(slots=True)
class _Memory:
    """What the simulator remembers of each case between days."""

    contacts: dict[int, list[Contact]] = field(default_factory=dict)
    promise_payments: dict[date, list[tuple[int, Decimal]]] = field(default_factory=dict)
    disputed: set[int] = field(default_factory=set)  # a dispute was raised (once per case)
    resolved: set[int] = field(default_factory=set)  # rejected: the disputed baseline applies
    resolutions: dict[date, list[tuple[int, bool]]] = field(default_factory=dict)


def part_amount(outstanding: Decimal, fraction: float) -> Decimal:
    """A part payment: ``fraction`` of the balance, half-up to the cent, at least one cent and
    less than the balance."""
    amount = (outstanding * Decimal(str(round(fraction, 4)))).quantize(CENT, ROUND_HALF_UP)
    return min(max(amount, CENT), outstanding - CENT)


@dataclass
class Simulator:
    store: SimulationStore
    events: CaseEventPort
    review: ReviewPort
    run_day: Callable[[date], RunReport]
    behaviour: BehaviourParams
    clock: SimulatedClock
    seed: int = 0

    def run(
        self, start: date, days: int, on_day: Callable[[SimulatedDay], None] | None = None
    ) -> SimulationReport:
        self.clock.set(start)
        cases = self.store.open_cases()
        initial = from_cents(sum(c.outstanding_cents for c in cases))
        report = SimulationReport(start, days, self.seed, len(cases), initial)
        memory = _Memory()
        cumulative = ZERO
        for offset in range(days):
            on = start + timedelta(days=offset)
            self.clock.set(on)
            day = SimulatedDay(on)
            self._scheduled(on, memory, day)
            run = self.run_day(on)
            day.deferred = run.deferred + run.redeferred
            day.refused = run.cancelled
            for item in self.review.pending():
                self.review.approve(item.id, on)
            sent = self.store.send_due(on, datetime.combine(on, SEND_TIME).isoformat())
            for contact in sent:
                day.contacts[contact.channel] = day.contacts.get(contact.channel, 0) + 1
                if contact.channel != "internal":
                    memory.contacts.setdefault(contact.case_id, []).append(
                        Contact(on, contact.kind)
                    )
            still_open = self.store.open_cases()
            for case in still_open:
                self._react(case, on, memory, day)
            cumulative += day.recovered
            day.cumulative = cumulative
            day.share = (cumulative / initial).quantize(Decimal("0.0001")) if initial else ZERO
            day.open_cases = len(still_open) - day.closed_by_reactions
            report.series.append(day)
            if on_day is not None:
                on_day(day)
        return report

    # --- one day ---------------------------------------------------------------------------

    def _pay(self, case_id: int, amount: Decimal, on: date, day: SimulatedDay) -> bool:
        outcome = self.events.payment(str(case_id), amount, on)
        day.recovered += amount
        day.payments += 1
        if outcome.closure is not None:
            day.closed += 1
            return True
        return False

    def _scheduled(self, on: date, memory: _Memory, day: SimulatedDay) -> None:
        if on not in memory.promise_payments and on not in memory.resolutions:
            return
        balances = {c.case_id: c for c in self.store.open_cases()}
        for case_id, amount in memory.promise_payments.pop(on, []):
            case = balances.get(case_id)
            if case is None or case.outstanding_cents <= 0:
                continue
            self._pay(case_id, min(amount, from_cents(case.outstanding_cents)), on, day)
        for case_id, upheld in memory.resolutions.pop(on, []):
            if case_id not in balances:
                continue
            outcome = DisputeOutcome.UPHELD if upheld else DisputeOutcome.REJECTED
            result = self.events.dispute_resolved(str(case_id), on, outcome, "résolution simulée")
            if not upheld:
                memory.resolved.add(case_id)
            if result.closure is not None:
                day.closed += 1

    def _react(self, case: OpenCase, on: date, memory: _Memory, day: SimulatedDay) -> None:
        if case.oldest_due is None or case.outstanding_cents <= 0:
            return
        if case.plan_status in ("frozen", "stopped", "closed"):
            return  # a disputing debtor waits for the answer; proceedings stop everything
        rng = day_rng(self.seed, case.case_id, on)
        state = DebtorDay(
            on=on,
            oldest_due=case.oldest_due,
            disputed_before=case.case_id in memory.resolved,
            can_dispute=case.case_id not in memory.disputed,
            can_promise=case.plan_status != "paused",  # a promise is already running
        )
        reaction = react(self.behaviour, state, memory.contacts.get(case.case_id, ()), rng)
        outstanding = from_cents(case.outstanding_cents)
        match reaction.response:
            case Response.NOTHING:
                return
            case Response.PAYS_IN_FULL | Response.PAYS_PART:
                amount = outstanding
                if reaction.response is Response.PAYS_PART and outstanding > CENT:
                    amount = part_amount(outstanding, reaction.fraction)
                if self._pay(case.case_id, amount, on, day):
                    day.closed_by_reactions += 1
            case Response.PROMISES:
                assert reaction.promised_on is not None
                self.events.promise(str(case.case_id), outstanding, reaction.promised_on, on)
                day.promises += 1
                if reaction.promise_kept:
                    memory.promise_payments.setdefault(reaction.promised_on, []).append(
                        (case.case_id, outstanding)
                    )
            case Response.DISPUTES:
                self.events.dispute(str(case.case_id), DISPUTE_REASON, on)
                memory.disputed.add(case.case_id)
                day.disputes += 1
                upheld = rng.random() < self.behaviour.dispute_upheld_share
                when = on + timedelta(days=self.behaviour.dispute_review_days)
                memory.resolutions.setdefault(when, []).append((case.case_id, upheld))
