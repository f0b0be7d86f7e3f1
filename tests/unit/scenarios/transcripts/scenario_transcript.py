"""Transcript runner: a portfolio, days and events, and the expected actions, as plain text.

Format (one directive per line, ``#`` starts a comment, expected output lines are indented by
two spaces under the directive that produces them)::

    calendar 57                              # département of the debtor (holidays)
    debtor company email letter phone sms    # kind, then the channels known
    attitude unknown
    invoice F-001 1200.00 due 2026-01-05
    run 2026-01-05 2026-02-15                # each day at 10:00 Paris time: plan, guard, send
      2026-01-10 standard_b2b/relance_courtoise email 1200.00 € [F-001]
    event 2026-02-16 payment 1200.00
      dossier soldé ...

Events: ``payment AMOUNT``, ``promise DATE AMOUNT``, ``dispute REASON``, ``resolved
rejected|partial|upheld``, ``plan DATE:AMOUNT...``, ``bounce CHANNEL``, ``proceedings NAME``,
``attitude VALUE``. Each day's run plans the case with the reference planner, records a lapsed
promise or instalment, checks every action with the compliance guard (default policy) and
sends what is allowed; a step needing approval is shown « (validation) » and taken as approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from recouvre.compliance.facts import ContactRecord, GuardContext, OutgoingContact
from recouvre.compliance.guard import Outcome, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.events.cases import PaymentRecorded
from recouvre.domain.events.collection import (
    CollectiveProceedingsOpened,
    ContactFailed,
    ContactFailure,
    DisputeOpened,
    DisputeOutcome,
    DisputeResolved,
    Instalment,
    InstalmentMissed,
    PaymentPlanAgreed,
    PromiseBroken,
    PromiseMade,
)
from recouvre.domain.money import ZERO
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.law.calendar import HolidayCalendar
from recouvre.reference.scenario_loader import load_shipped_scenarios
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import StepRecord, StepStatus
from recouvre.scenarios.lifecycle import CaseEvent, LifecycleParams, PendingFate, react
from recouvre.scenarios.model import Scenario
from recouvre.scenarios.planner import plan
from recouvre.scenarios.selection import select
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.scenarios.switching import switch

RUN_AT = time(10, 0)
FAILURES = {
    Channel.EMAIL: ContactFailure.BOUNCED_EMAIL,
    Channel.LETTER: ContactFailure.RETURNED_LETTER,
    Channel.PHONE: ContactFailure.WRONG_NUMBER,
    Channel.SMS: ContactFailure.WRONG_NUMBER,
}


@dataclass
class Portfolio:
    """One case, its invoices (number -> [due date, outstanding]) and its plan."""

    scenarios: tuple[Scenario, ...]
    departement: str = "75"
    kind: DebtorKind = DebtorKind.COMPANY
    channels: frozenset[Channel] = frozenset()
    attitude: Attitude = Attitude.UNKNOWN
    phase: Phase = Phase.AMICABLE
    invoices: dict[str, tuple[date, Decimal]] = field(default_factory=dict)
    state: PlanState | None = None
    history: list[StepRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)

    def context(self) -> CaseContext:
        unpaid = sorted(
            (due, number) for number, (due, amount) in self.invoices.items() if amount > 0
        )
        return CaseContext(
            case_id=1,
            debtor_kind=self.kind,
            attitude=self.attitude,
            phase=self.phase,
            channels=self.channels,
            outstanding=sum((a for _, a in self.invoices.values()), ZERO),
            oldest_due=unpaid[0][0] if unpaid else None,
            invoice_numbers=tuple(n for _, n in unpaid),
        )

    def scenario(self) -> Scenario:
        assert self.state is not None
        return next(s for s in self.scenarios if s.id == self.state.scenario_id)

    def ensure_scenario(self, on: date, out: list[str]) -> None:
        chosen = select(self.scenarios, self.context())
        if self.state is None:
            self.state = PlanState(chosen.id)
            out.append(f"scénario {chosen.id}")
        elif chosen.id != self.state.scenario_id:
            moved = switch(chosen, self.context(), self.state, self.history, on, "contexte changé")
            out.append(f"scénario {moved.from_scenario} → {moved.to_scenario}")
            for cancelled in moved.cancelled:
                out.append(f"annulé {cancelled.step_id} : {cancelled.reason}")
            self.state = moved.state

    def guard_context(self) -> GuardContext:
        assert self.state is not None
        status = self.state.status
        return GuardContext(
            debtor_kind=self.kind,
            is_holiday=HolidayCalendar.for_departement(self.departement).is_holiday,
            case_closed=status is PlanStatus.CLOSED,
            disputed=status is PlanStatus.FROZEN,
            promise_until=self.state.paused_until if status is PlanStatus.PAUSED else None,
            payment_plan=status is PlanStatus.PAYMENT_PLAN,
            collective_proceedings=status is PlanStatus.STOPPED,
            contacts=tuple(self.contacts),
        )

    def run_day(self, day: date, out: list[str]) -> None:
        assert self.state is not None
        calendar = HolidayCalendar.for_departement(self.departement)
        result = plan(
            self.context(), self.scenario(), self.state, self.history, day, calendar.is_working_day
        )
        if result.lapsed:
            assert self.state.paused_until is not None
            lapsed: CaseEvent
            if self.state.status is PlanStatus.PAUSED:
                assert self.state.promised_on is not None
                lapsed = PromiseBroken(1, day, self.state.promised_on)
            else:
                missed = self.state.next_open_instalment()
                assert missed is not None
                lapsed = InstalmentMissed(1, day, missed.due_on)
            self.apply(lapsed, day, out, prefix=f"{day} ")
            result = plan(
                self.context(),
                self.scenario(),
                self.state,
                self.history,
                day,
                calendar.is_working_day,
            )
        for action in result.actions:
            contact = OutgoingContact(
                1,
                action.channel,
                action.step_id,
                action.announces_legal_action,
                action.announces_fixed_indemnity,
                action.announces_late_penalties,
            )
            verdict = check(
                contact, self.guard_context(), ContactPolicy(), datetime.combine(day, RUN_AT)
            )
            name = f"{action.scenario_id}/{action.step_id}"
            match verdict.outcome:
                case Outcome.ALLOWED:
                    channel = "tâche" if action.channel is None else action.channel.value
                    approval = " (validation)" if action.approval_required else ""
                    out.append(
                        f"{day} {name} {channel} {action.outstanding} € "
                        f"[{' '.join(action.invoice_numbers)}]{approval}"
                    )
                    self.history.append(
                        StepRecord(
                            action.step_id, action.kind, StepStatus.DONE, day, action.scenario_id
                        )
                    )
                    if action.channel is not None:
                        self.contacts.append(
                            ContactRecord(datetime.combine(day, RUN_AT), action.channel)
                        )
                    if action.enters_phase is not None:
                        self.phase = action.enters_phase
                case Outcome.DEFERRED:
                    assert verdict.next_allowed is not None
                    rules = ", ".join(r.rule for r in verdict.reasons)
                    out.append(
                        f"{day} {name} reporté au {verdict.next_allowed:%Y-%m-%d %H:%M} ({rules})"
                    )
                case Outcome.REFUSED:
                    rules = ", ".join(r.rule for r in verdict.reasons)
                    out.append(f"{day} {name} refusé ({rules})")
                    self.history.append(
                        StepRecord(
                            action.step_id,
                            action.kind,
                            StepStatus.CANCELLED,
                            day,
                            action.scenario_id,
                        )
                    )

    def apply(self, event: CaseEvent, on: date, out: list[str], prefix: str = "") -> None:
        assert self.state is not None
        reaction = react(self.state, event, self.context(), LifecycleParams())
        out.append(prefix + reaction.reason)
        if reaction.pending is not PendingFate.KEEP:
            fate = (
                StepStatus.CANCELLED
                if reaction.pending is PendingFate.CANCEL
                else StepStatus.WITHDRAWN
            )
            self.history = [
                replace(r, status=fate) if r.status is StepStatus.PLANNED else r
                for r in self.history
            ]
        self.state = reaction.state
        if reaction.attitude is not None:
            out.append(f"attitude {self.attitude.value} → {reaction.attitude.value}")
            self.attitude = reaction.attitude
        if reaction.phase is not None:
            self.phase = reaction.phase
        if reaction.closure is not None:
            self.phase = Phase.CLOSED
            out.append(f"dossier clos ({reaction.closure.value})")
        if reaction.state.status not in (PlanStatus.CLOSED, PlanStatus.STOPPED) and (
            reaction.reselect or reaction.attitude is not None
        ):
            self.ensure_scenario(on, out)

    def event(self, on: date, words: list[str], out: list[str]) -> None:
        kind, args = words[0], words[1:]
        if kind == "payment":
            amount = Decimal(args[0])
            left = amount
            for number, (due, outstanding) in sorted(
                self.invoices.items(), key=lambda kv: kv[1][0]
            ):
                take = min(left, outstanding)
                self.invoices[number] = (due, outstanding - take)
                left -= take
            self.apply(PaymentRecorded(1, on, amount, None), on, out)
        elif kind == "promise":
            self.apply(PromiseMade(1, on, date.fromisoformat(args[0]), Decimal(args[1])), on, out)
        elif kind == "dispute":
            self.apply(DisputeOpened(1, on, " ".join(args)), on, out)
        elif kind == "resolved":
            self.apply(DisputeResolved(1, on, DisputeOutcome(args[0]), "décision"), on, out)
        elif kind == "plan":
            instalments = tuple(
                Instalment(date.fromisoformat(d), Decimal(a))
                for d, a in (x.split(":") for x in args)
            )
            self.apply(PaymentPlanAgreed(1, on, instalments), on, out)
        elif kind == "bounce":
            channel = Channel(args[0])
            self.channels = self.channels - {channel}
            self.apply(ContactFailed(1, on, channel, FAILURES[channel]), on, out)
        elif kind == "proceedings":
            self.apply(CollectiveProceedingsOpened(1, on, " ".join(args), on), on, out)
        elif kind == "attitude":
            self.attitude = Attitude(args[0])
            out.append(f"attitude → {self.attitude.value}")
            self.ensure_scenario(on, out)
        else:
            raise ValueError(f"événement inconnu : {kind}")


@dataclass(frozen=True)
class Block:
    line: int
    directive: str
    expected: tuple[str, ...]
    actual: tuple[str, ...]


def run_transcript(text: str) -> list[Block]:
    """Run every directive and pair its output with the expected lines."""
    lines = text.splitlines()
    portfolio = Portfolio(load_shipped_scenarios())
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        raw = lines[i].split("#", 1)[0].rstrip()
        number = i + 1
        i += 1
        if not raw.strip():
            continue
        if raw.startswith("  "):
            raise ValueError(f"ligne {number} : résultat attendu sans directive")
        expected: list[str] = []
        while i < len(lines) and lines[i].startswith("  "):
            expected.append(lines[i].strip())
            i += 1
        words = raw.split()
        out: list[str] = []
        match words[0]:
            case "calendar":
                portfolio.departement = words[1]
            case "debtor":
                portfolio.kind = DebtorKind(words[1])
                portfolio.channels = frozenset(Channel(w) for w in words[2:])
            case "attitude":
                portfolio.attitude = Attitude(words[1])
            case "invoice":
                portfolio.invoices[words[1]] = (date.fromisoformat(words[4]), Decimal(words[2]))
            case "run":
                start, end = date.fromisoformat(words[1]), date.fromisoformat(words[2])
                portfolio.ensure_scenario(start, out)
                day = start
                while day <= end:
                    portfolio.run_day(day, out)
                    day += timedelta(days=1)
            case "event":
                portfolio.ensure_scenario(date.fromisoformat(words[1]), out)
                portfolio.event(date.fromisoformat(words[1]), words[2:], out)
            case _:
                raise ValueError(f"ligne {number} : directive inconnue « {words[0]} »")
        blocks.append(Block(number, raw, tuple(expected), tuple(out)))
    return blocks
