"""What happens to a case changes its plan: payments, promises, disputes, payment plans,
failed channels, collective proceedings, attitude, closure (« la vie du dossier »).

Each use case runs in one unit of work: it records the fact, asks ``scenarios.lifecycle.react``
for the plan's answer, changes the case through the ``Case`` methods (so the journal records
the phase, attitude and closure), withdraws or cancels the action waiting in the outbox with
the reason, switches scenario when the attitude or the channels changed
(``scenarios.switching.switch``), stores the plan state with its history summary recomputed
from the actions (the reference path, so a stored summary is never a guess), and sets
``cases.next_action_on`` (the date the daily run will look at the case again).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import assert_never

from recouvre.domain.cases import Attitude, Case, Closure
from recouvre.domain.events.cases import PaymentRecorded
from recouvre.domain.events.collection import (
    CollectiveProceedingsOpened,
    ContactFailed,
    ContactFailure,
    DisputeOpened,
    DisputeOutcome,
    DisputeResolved,
    Instalment,
    PromiseMade,
    ScenarioAssigned,
    StepCancelled,
    StepWithdrawn,
)
from recouvre.domain.journal import format_timestamp
from recouvre.domain.parties import Channel
from recouvre.domain.payments import Payment
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import HistorySummary
from recouvre.scenarios.lifecycle import CaseEvent, PendingFate, Reaction, react
from recouvre.scenarios.model import Scenario
from recouvre.scenarios.planner import plan_from_summary
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.scenarios.switching import switch
from recouvre.services.cases import payment_plans
from recouvre.services.cases.instalments import CaseEventError, instalment_schedule
from recouvre.services.cases.payment_parts import CaseImputer, payment_parts
from recouvre.services.cases.payment_plans import AgreementLetter
from recouvre.services.daily_run.plan_state import (
    calendar_for,
    context_of,
    history_of,
    in_flight_id,
    plan_row,
    state_of,
)
from recouvre.services.daily_run.planning import Scenarios
from recouvre.services.daily_run.ports import (
    CaseRow,
    PlanUnitOfWork,
    PlanUnitOfWorkFactory,
    StoredAction,
)
from recouvre.services.daily_run.run import RunSettings
from recouvre.services.outbox.model import PENDING
from recouvre.services.ports import Clock, joined


@dataclass(frozen=True, slots=True)
class EventOutcome:
    case_id: int
    reference: str
    reason: str
    plan_status: str
    scenario_id: str | None
    next_action_on: date | None
    closure: str | None = None
    withdrawn: tuple[str, ...] = ()
    cancelled: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "reference": self.reference,
            "reason": self.reason,
            "plan_status": self.plan_status,
            "scenario_id": self.scenario_id,
            "next_action_on": None
            if self.next_action_on is None
            else self.next_action_on.isoformat(),
            "closure": self.closure,
            "withdrawn": list(self.withdrawn),
            "cancelled": list(self.cancelled),
        }


class CaseEvents:
    """The event use cases (``recouvre event ...``, later the web app and the importers)."""

    def __init__(
        self, uow_factory: PlanUnitOfWorkFactory, settings: RunSettings, clock: Clock,
        imputer: CaseImputer | None = None,
    ) -> None:  # fmt: skip
        self.imputer = imputer
        self.uow_factory = uow_factory
        self.clock = clock
        self.settings = settings
        self.scenarios = Scenarios(settings.scenarios)

    def within(self, uow: PlanUnitOfWork) -> CaseEvents:
        """The same use cases on ``uow``'s transaction (``services.ports.joined``): a fact and
        the plan's reaction to it commit together; the caller commits."""
        lent = copy.copy(self)
        lent.uow_factory = lambda: joined(uow)
        return lent

    # --- the use cases ---------------------------------------------------------------------

    def payment(
        self, case_key: str, amount: Decimal, on: date, invoice: str | None = None,
        source: str = "manual",
    ) -> EventOutcome:  # fmt: skip
        """A payment received: imputed on the case's invoices (``payment_parts``: the
        accessories first once a document claimed them, C. civ. 1343-1), its principal parts
        added to the invoices' ``paid``, its parts kept with it."""
        if amount <= 0:
            raise CaseEventError("paiement : montant nul ou négatif")

        def before(uow: PlanUnitOfWork, case: Case) -> CaseEvent:
            assert case.id is not None
            open_invoices = uow.invoices.for_case(case.id, open_only=True)
            if invoice is not None and not any(i.number == invoice for i in open_invoices):
                raise CaseEventError(f"facture « {invoice} » inconnue ou soldée dans ce dossier")
            received = Payment(None, case.id, on, amount, invoice)
            parts = payment_parts(uow, case, received, open_invoices, self.imputer)
            by_number = {i.number: i for i in open_invoices}
            for part in parts:
                target = by_number[part.invoice]
                assert target.id is not None
                if part.principal:
                    uow.invoices.set_paid(target.id, target.paid + part.principal)
            uow.payments.add(replace(received, parts=parts), source)
            return PaymentRecorded(case.id, on, amount, invoice)

        return self._apply(case_key, on, before)

    def payment_reversed(self, case_key: str, on: date, reason: str) -> EventOutcome:
        """The bank took a payment back (``services.payments.reversals``, which restored what
        it paid and reopened the case): the plan resumes, its waiting step planned again."""

        def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
            if state.status is PlanStatus.CLOSED:
                state = replace(state, status=PlanStatus.ACTIVE, active_since=on)
            return Reaction(state, PendingFate.WITHDRAW, reason)

        return self._apply(case_key, on, None, change)

    def promise(self, case_key: str, amount: Decimal, by: date, on: date) -> EventOutcome:
        if amount <= 0:
            raise CaseEventError("promesse : montant nul ou négatif")
        if by < on:
            raise CaseEventError("promesse : date promise antérieure à aujourd'hui")
        return self._apply(case_key, on, lambda uow, case: PromiseMade(case.id, on, by, amount))

    def dispute(self, case_key: str, reason: str, on: date) -> EventOutcome:
        if not reason.strip():
            raise CaseEventError("contestation : motif obligatoire")
        return self._apply(
            case_key, on, lambda uow, case: DisputeOpened(case.id, on, reason.strip())
        )

    def dispute_resolved(
        self, case_key: str, on: date, outcome: DisputeOutcome = DisputeOutcome.REJECTED,
        note: str = "",
    ) -> EventOutcome:  # fmt: skip
        return self._apply(
            case_key, on, lambda uow, case: DisputeResolved(case.id, on, outcome, note)
        )

    def payment_plan(
        self, case_key: str, on: date, count: int, first: date, every_days: int | None,
        monthly: bool,
    ) -> EventOutcome:  # fmt: skip
        """Equal instalments for the principal owed; the agreement letter is queued."""

        def schedule(owed: Decimal) -> tuple[Instalment, ...]:
            return instalment_schedule(owed, count, first, every_days, monthly)

        return payment_plans.record_plan(self, case_key, on, schedule)[0]

    def agreed_plan(
        self, case_key: str, on: date, instalments: Sequence[Instalment]
    ) -> tuple[EventOutcome, AgreementLetter | None]:
        """The schedule the debtor proposed, and its agreement letter (``payment_plans``)."""
        schedule = payment_plans.debtor_schedule(instalments, on)
        return payment_plans.record_plan(self, case_key, on, schedule)

    def plan_requested(self, case_key: str, on: date) -> EventOutcome:
        """The debtor asked for a payment plan (``payment_plans.plan_request``)."""
        return self._apply(case_key, on, None, payment_plans.plan_request(on))

    def plan_with(
        self, case_key: str, on: date, schedule: Callable[[Decimal], tuple[Instalment, ...]]
    ) -> EventOutcome:
        """A plan whose instalments ``schedule`` gives for the principal owed."""
        return self._apply(case_key, on, payment_plans.plan_agreed(on, schedule))

    def react_with(
        self, case_key: str, on: date, change: Callable[[PlanUnitOfWork, Case, PlanState], Reaction]
    ) -> EventOutcome:
        """The plan's answer ``change`` gives to a fact journaled by the caller (a platform's
        lifecycle status, ``services.einvoicing``), settled like every other event."""
        return self._apply(case_key, on, None, change)

    def unreachable(self, case_key: str, channel: Channel, on: date) -> EventOutcome:
        failure = {
            Channel.EMAIL: ContactFailure.BOUNCED_EMAIL,
            Channel.LETTER: ContactFailure.RETURNED_LETTER,
            Channel.PHONE: ContactFailure.WRONG_NUMBER,
            Channel.SMS: ContactFailure.WRONG_NUMBER,
        }[channel]
        return self._apply(
            case_key, on, lambda uow, case: ContactFailed(case.id, on, channel, failure)
        )

    def contact_request(
        self, case_key: str, on: date, reason: str, *, withdraw: bool
    ) -> EventOutcome:
        """The debtor asked about contacts (do-not-contact, one channel, corrected details):
        the scenario is chosen again with the new channels; ``withdraw`` takes back what waits
        (awaiting approval, queued, deferred) on a channel now refused, with ``reason``."""
        fate = PendingFate.WITHDRAW if withdraw else PendingFate.KEEP

        def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
            return Reaction(state, fate, reason, reselect=True)

        return self._apply(case_key, on, None, change)

    def collective_proceedings(self, case_key: str, kind: str, on: date) -> EventOutcome:
        return self._apply(
            case_key, on, lambda uow, case: CollectiveProceedingsOpened(case.id, on, kind, on)
        )

    def attitude(self, case_key: str, attitude: Attitude, on: date, reason: str) -> EventOutcome:
        def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
            case.set_attitude(attitude, on, reason or "attitude saisie par une personne")
            said = f"attitude du débiteur : {attitude.label_fr}"
            return Reaction(state, PendingFate.KEEP, said, reselect=True)

        return self._apply(case_key, on, None, change)

    def close(self, case_key: str, closure: Closure, on: date, reason: str) -> EventOutcome:
        def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
            closed = replace(state, status=PlanStatus.CLOSED, paused_until=None)
            return Reaction(
                closed, PendingFate.CANCEL, reason or f"dossier clos ({closure.value})",
                closure=closure,
            )  # fmt: skip

        return self._apply(case_key, on, None, change)

    # --- the common path ---------------------------------------------------------------------

    def _apply(
        self,
        case_key: str,
        on: date,
        before: Callable[[PlanUnitOfWork, Case], CaseEvent] | None,
        change: Callable[[PlanUnitOfWork, Case, PlanState], Reaction] | None = None,
    ) -> EventOutcome:
        with self.uow_factory() as uow:
            case = _find(uow, case_key)
            assert case.id is not None
            if not case.is_open and before is None:
                raise CaseEventError(f"dossier {case.reference} déjà clos")
            event = before(uow, case) if before is not None else None
            row = uow.plans.case_rows([case.id])[0]
            lines = uow.plans.open_invoices(case.id, case.id)
            ctx = context_of(row, lines)
            state, assigned = self._state(row, ctx, on)
            if event is not None:
                uow.journal.record(event)
            if assigned is not None:
                uow.journal.record(assigned)
            if event is not None:
                reaction = react(state, event, ctx, self.settings.lifecycle)
            else:
                assert change is not None
                reaction = change(uow, case, state)
            outcome = self._settle(uow, case, row, ctx, reaction, event, on)
            uow.commit()
            return outcome

    def _state(
        self, row: CaseRow, ctx: object, on: date
    ) -> tuple[PlanState, ScenarioAssigned | None]:
        if row.scenario_id is not None and row.status is not None:
            return state_of(row), None
        chosen = self.scenarios.select(ctx)  # type: ignore[arg-type]
        if chosen is None:
            raise CaseEventError(f"dossier {row.reference} : aucun scénario ne convient")
        assigned = ScenarioAssigned(row.case_id, on, None, chosen.id, "sélection à l'événement")
        return PlanState(scenario_id=chosen.id), assigned

    def _settle(
        self,
        uow: PlanUnitOfWork,
        case: Case,
        row: CaseRow,
        ctx: object,
        reaction: Reaction,
        event: CaseEvent | None,
        on: date,
    ) -> EventOutcome:
        """Apply ``reaction`` to the case, its pending actions and its plan, in ``uow``."""
        assert case.id is not None
        case_id = case.id
        row = _react(case, row, reaction, on)
        ctx = context_of(row, uow.plans.open_invoices(case_id, case_id))
        stamp = format_timestamp(self.clock.now())
        pending = [a for a in uow.actions.for_case(case_id) if a.status in PENDING]
        withdrawn, cancelled = _settle_pending(uow, case_id, pending, reaction, stamp, on)
        state = reaction.state
        if state.status is not PlanStatus.CLOSED and not case.is_open:
            state = replace(state, status=PlanStatus.CLOSED, paused_until=None)
        scenario = self.scenarios.by_id[state.scenario_id]
        if reaction.reselect and state.status is PlanStatus.ACTIVE:
            chosen = self.scenarios.select(ctx)
            if chosen is not None and chosen.id != scenario.id:
                state = self._switch(uow, case_id, ctx, state, scenario, chosen, pending, stamp,
                                     reaction.reason, on, cancelled)  # fmt: skip
                scenario = chosen
        stored = uow.actions.for_case(case_id)
        summary = HistorySummary.of(scenario, history_of(stored))
        frozen = event.reason if isinstance(event, DisputeOpened) else (
            None if state.status is not PlanStatus.FROZEN else row.frozen_reason
        )  # fmt: skip
        plan = plan_from_summary(
            ctx, scenario, state, summary, on, calendar_for(row.departement).is_working_day
        )
        next_on = (on if plan.actions else plan.next_action_on) if case.is_open else None
        uow.plans.upsert(
            [
                plan_row(
                    case_id, state, summary, in_flight_id(stored), frozen, row.lost_channels or ""
                )
            ],
            stamp,
        )
        uow.plans.set_next([(case_id, state.scenario_id, next_on)])
        return EventOutcome(
            case_id,
            case.reference or str(case_id),
            reaction.reason,
            state.status.value,
            state.scenario_id,
            next_on,
            None if case.closure is None else case.closure.value,
            tuple(withdrawn),
            tuple(cancelled),
        )

    def _switch(
        self,
        uow: PlanUnitOfWork,
        case_id: int,
        ctx: CaseContext,
        state: PlanState,
        scenario: Scenario,
        chosen: Scenario,
        pending: list[StoredAction],
        stamp: str,
        reason: str,
        on: date,
        cancelled: list[str],
    ) -> PlanState:
        """Move the plan to ``chosen``; the steps the switch cancels are journaled and added to
        ``cancelled``."""
        history = history_of(uow.actions.for_case(case_id))
        moved = switch(chosen, ctx, state, history, on, reason)
        assigned = ScenarioAssigned(case_id, on, scenario.id, chosen.id, reason)
        uow.journal.record(assigned)
        for cancel in moved.cancelled:
            for action in pending:
                if action.step_id == cancel.step_id and uow.actions.set_status(
                    action.id, "cancelled", stamp, reason=cancel.reason, expected=PENDING
                ):
                    cancelled.append(action.step_id)
                    event = StepCancelled(case_id, on, cancel.step_id, cancel.reason)
                    uow.journal.record(event)
        return moved.state


def _react(case: Case, row: CaseRow, reaction: Reaction, on: date) -> CaseRow:
    """The case's attitude, phase, closure and lost channels after ``reaction``."""
    if reaction.attitude is not None:
        case.set_attitude(reaction.attitude, on, reaction.reason)
    if reaction.phase is not None and case.is_open and case.phase is not reaction.phase:
        case.move_to(reaction.phase, on, reaction.reason)
    if reaction.closure is not None and case.is_open:
        case.close(reaction.closure, on, reaction.reason)
    lost = {c for c in (row.lost_channels or "").split(",") if c}
    if reaction.lost_channel is not None:
        lost.add(reaction.lost_channel.value)
    return row._replace(
        attitude=case.attitude.value,
        phase=case.phase.value,
        lost_channels=",".join(sorted(lost)),
    )


def _settle_pending(
    uow: PlanUnitOfWork, case_id: int, pending: list[StoredAction], reaction: Reaction,
    stamp: str, on: date,
) -> tuple[list[str], list[str]]:  # fmt: skip
    """Withdraw (to be planned again) or cancel the pending actions, as ``reaction`` says;
    each change journaled. Returns the step ids (withdrawn, cancelled)."""
    withdrawn: list[str] = []
    cancelled: list[str] = []
    for action in pending:
        if reaction.pending is PendingFate.KEEP:
            continue
        uow.actions.set_status(
            action.id, "cancelled", stamp, reason=reaction.reason, expected=PENDING
        )
        match reaction.pending:
            case PendingFate.WITHDRAW:
                uow.actions.mark_withdrawn(action.id, on)
                withdrawn.append(action.step_id)
                event: StepWithdrawn | StepCancelled = StepWithdrawn(
                    case_id, on, action.step_id, reaction.reason
                )
            case PendingFate.CANCEL:
                cancelled.append(action.step_id)
                event = StepCancelled(case_id, on, action.step_id, reaction.reason)
            case unknown:
                assert_never(unknown)
        uow.journal.record(event)
    return withdrawn, cancelled


def _find(uow: PlanUnitOfWork, key: str) -> Case:
    case = uow.cases.by_key(key)
    if case is None:
        raise CaseEventError(f"dossier « {key} » introuvable")
    return case
