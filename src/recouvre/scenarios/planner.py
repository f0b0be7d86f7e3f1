"""The reference planner: (case, scenario, plan state, history, on) -> the action due, if any.

This is the clear per-case path; ``batch.py`` computes the same thing for millions of cases at
once and a property test holds them equal. Rules, as a demanding credit manager wants them:

* **one communication per debtor and step**: a step covers every unpaid invoice of the case and
  its timing is set by the oldest one (``CaseContext.oldest_due``), never ten e-mails for ten
  invoices;
* **in order, never skipped**: steps go out in scenario order; after missed days the planner
  catches up one step per run (the first step due is issued; the next one becomes due on a
  later day, at least one day after the previous one went out), so no step that was due is
  lost and the debtor never gets two of them on the same day;
* **one step in flight**: while a step waits in the outbox or the review queue, nothing else is
  planned (its sending sets the anchor of the next step);
* a step that does not fit the case (conditions, channel) is passed over; a step softer than
  the firmest one already sent is passed over too (no courtesy e-mail after a formal notice),
  and a formal notice or judicial review is never repeated;
* a paused case (promise, payment plan) waits until ``paused_until``; past it, the promise is
  broken or the instalment missed (``Plan.lapsed``): the caller records that event and the
  scenario resumes from the day after;
* frozen (dispute), stopped (collective proceedings) and closed cases get nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import assert_never

from recouvre.domain.cases import Phase
from recouvre.domain.parties import Channel
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import KIND_BITS, HistorySummary, StepRecord
from recouvre.scenarios.model import (
    THREATENING_SEVERITY,
    Anchor,
    Scenario,
    Step,
    StepKind,
)
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.scenarios.workdays import IsWorkingDay, add_days, weekdays_only

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """One communication (or internal task) for one case and one step.

    ``pay_by`` is the deadline the communication gives the debtor (planned date plus the step's
    extra delay). ``key`` is the idempotency key of the outbox: a step goes out once per case.
    """

    case_id: int | None
    scenario_id: str
    step_id: str
    kind: StepKind
    channel: Channel | None
    template: str
    due_on: date
    planned_on: date
    pay_by: date
    outstanding: Decimal
    invoice_numbers: tuple[str, ...]
    approval_required: bool
    announces_legal_action: bool
    announces_fixed_indemnity: bool
    announces_late_penalties: bool
    enters_phase: Phase | None

    @property
    def key(self) -> str:
        return f"case:{self.case_id}:step:{self.step_id}"


@dataclass(frozen=True, slots=True)
class Plan:
    """What the planner says for one case on one date.

    ``next_action_on`` is the date to look at the case again when nothing is due today;
    ``None`` means « only when something happens »: an action was just issued or is waiting
    (its sending re-plans the case), the case is frozen, stopped or closed, or the scenario is
    over and a person must decide.
    """

    case_id: int | None
    actions: tuple[PlannedAction, ...]
    next_action_on: date | None
    note: str
    lapsed: bool = False  # promise broken / instalment missed: record it, then resume


def is_covered(step: Step, summary: HistorySummary) -> bool:
    """A step made pointless by what was already sent (see ``model.severity``)."""
    if 0 < step.severity < summary.max_severity_done:
        return True
    return step.severity >= THREATENING_SEVERITY and bool(summary.done_kinds & KIND_BITS[step.kind])


def next_step(
    scenario: Scenario, ctx: CaseContext, summary: HistorySummary
) -> tuple[int, Step] | None:
    """The first step at or after the pointer that fits the case and is not covered."""
    for index in range(summary.pointer, len(scenario.steps)):
        step = scenario.steps[index]
        if step.unfit(ctx) is None and not is_covered(step, summary):
            return index, step
    return None


def due_date(
    step: Step,
    ctx: CaseContext,
    summary: HistorySummary,
    not_before: date | None,
    is_working_day: IsWorkingDay,
) -> date:
    """When ``step`` is due: its rule's date, never before ``not_before`` nor on the day of the
    previous step. The first contact of a case (nothing sent yet), whatever its step, goes out
    ``ctx.first_reminder_days`` calendar days after the oldest due date when the creditor set
    it (``domain.claim_settings``: 1 is the day after the due date, the first day of delay,
    C. com. L441-10 II)."""
    assert ctx.oldest_due is not None
    first = ctx.first_reminder_days
    if first is not None and summary.last_done_on is None:
        due = ctx.oldest_due + timedelta(days=first)
        return due if not_before is None else max(due, not_before)
    match step.rule.anchor:
        case Anchor.OLDEST_DUE_DATE:
            base = ctx.oldest_due
        case Anchor.PREVIOUS_STEP:
            base = summary.last_done_on if summary.last_done_on is not None else ctx.oldest_due
        case _:
            assert_never(step.rule.anchor)
    due = add_days(base, step.rule.days, step.rule.unit, is_working_day)
    if not_before is not None:
        due = max(due, not_before)
    if summary.last_done_on is not None:
        due = max(due, summary.last_done_on + ONE_DAY)
    return due


def make_action(
    ctx: CaseContext, scenario: Scenario, step: Step, due: date, on: date
) -> PlannedAction:
    """The action for ``step``, due on ``due`` and issued on ``on``: one communication covering
    every unpaid invoice of the case. The batch path builds its actions with it too."""
    return PlannedAction(
        case_id=ctx.case_id,
        scenario_id=scenario.id,
        step_id=step.id,
        kind=step.kind,
        channel=step.contact_channel,
        template=step.template,
        due_on=due,
        planned_on=on,
        pay_by=on + timedelta(days=step.grace_days),
        outstanding=ctx.outstanding,
        invoice_numbers=ctx.invoice_numbers,
        approval_required=step.approval_required,
        announces_legal_action=step.announces_legal_action,
        announces_fixed_indemnity=step.announces_fixed_indemnity,
        announces_late_penalties=step.announces_late_penalties,
        enters_phase=step.enters_phase,
    )


def plan(
    ctx: CaseContext,
    scenario: Scenario,
    state: PlanState,
    history: Sequence[StepRecord],
    on: date,
    is_working_day: IsWorkingDay = weekdays_only,
) -> Plan:
    """Plan one case on ``on``: at most one action, and the date to look at the case again."""
    summary = HistorySummary.of(scenario, history)
    return plan_from_summary(ctx, scenario, state, summary, on, is_working_day)


def plan_from_summary(
    ctx: CaseContext,
    scenario: Scenario,
    state: PlanState,
    summary: HistorySummary,
    on: date,
    is_working_day: IsWorkingDay = weekdays_only,
) -> Plan:
    case_id = ctx.case_id
    not_before = state.active_since
    lapsed = False
    match state.status:
        case PlanStatus.CLOSED:
            return Plan(case_id, (), None, "dossier clos")
        case PlanStatus.STOPPED:
            return Plan(case_id, (), None, "procédure collective : aucune action")
        case PlanStatus.FROZEN:
            return Plan(case_id, (), None, "contestation en cours : en attente d'une décision")
        case PlanStatus.PAUSED | PlanStatus.PAYMENT_PLAN:
            assert state.paused_until is not None
            if on <= state.paused_until:
                what = "promesse" if state.status is PlanStatus.PAUSED else "échéancier"
                return Plan(
                    case_id,
                    (),
                    state.paused_until + ONE_DAY,
                    f"{what} : attente jusqu'au {state.paused_until.isoformat()}",
                )
            lapsed = True
            resume = state.paused_until + ONE_DAY
            not_before = resume if not_before is None else max(not_before, resume)
        case PlanStatus.ACTIVE:
            pass
        case _:
            assert_never(state.status)
    if ctx.phase is Phase.CLOSED or ctx.oldest_due is None:
        return Plan(case_id, (), None, "rien à recouvrer", lapsed)
    if summary.in_flight:
        return Plan(case_id, (), None, "étape en attente d'envoi ou de validation", lapsed)
    found = next_step(scenario, ctx, summary)
    if found is None:
        return Plan(case_id, (), None, "scénario terminé : à traiter par une personne", lapsed)
    _, step = found
    due = due_date(step, ctx, summary, not_before, is_working_day)
    if due > on:
        return Plan(case_id, (), due, f"prochaine étape {step.id} le {due.isoformat()}", lapsed)
    action = make_action(ctx, scenario, step, due, on)
    return Plan(case_id, (action,), None, f"étape {step.id} due le {due.isoformat()}", lapsed)
