"""The daily run's page writer: one page of planned cases becomes actions, plan rows, journal.

For each case of the page that has a step due, the guard's verdict gives the new action's
status (``queued``, ``awaiting_approval``, ``deferred`` or ``cancelled``); the actions are
inserted with ``ON CONFLICT DO NOTHING`` on their idempotency key, a time-barred case gets a
closure proposal instead of a contact, the plan state is upserted and the journal gets one
typed event per fact (an ``ActionPlanned`` carries the scenario assignment of the same run, so
that a case planned for the first time costs one entry, not two). All in the caller's
transaction: one page, one commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import assert_never

from recouvre.compliance.guard import Outcome, Verdict
from recouvre.compliance.policy import ContactPolicy
from recouvre.compliance.time_bar import TimeBar
from recouvre.domain.cases import Closure
from recouvre.domain.events.base import Event
from recouvre.domain.events.collection import (
    ClosureProposed,
    InstalmentMissed,
    PromiseBroken,
    ScenarioAssigned,
)
from recouvre.domain.events.contacts import ActionPlanned, ContactDeferred, ContactRefused
from recouvre.scenarios.planner import PlannedAction
from recouvre.services.daily_run.actions import action_channel, action_payload, idempotency_key
from recouvre.services.daily_run.guard import GuardItem, guard_page
from recouvre.services.daily_run.plan_state import plan_row
from recouvre.services.daily_run.planning import CasePlan
from recouvre.services.daily_run.ports import InvoiceLine, NewAction, PlanRow, PlanUnitOfWork
from recouvre.services.daily_run.prescription import CLOSURE_STEP, barred_numbers, proposal_for
from recouvre.services.daily_run.proposals import plan_rules_for, with_proposal
from recouvre.services.daily_run.report import ActionLine, RunReport
from recouvre.services.outbox.model import ActionStatus


@dataclass(frozen=True, slots=True)
class PageContext:
    """What every page of one run shares: the policy, the date and moment, the stamp of the
    page's transaction, the report it adds to."""

    policy: ContactPolicy
    on: date
    moment: datetime
    stamp: str
    report: RunReport
    keep_lines: int


@dataclass(frozen=True, slots=True)
class _Decision:
    key: str
    verdict: Verdict
    status: ActionStatus


@dataclass(slots=True)
class _Output:
    """What the page writes once every case is through: plan rows, next dates, journal."""

    rows: list[PlanRow] = field(default_factory=list)
    nexts: list[tuple[int, str | None, date | None]] = field(default_factory=list)
    journal: list[Event] = field(default_factory=list)


def new_status(
    action: PlannedAction, verdict: Verdict, moment: str
) -> tuple[ActionStatus, str | None, str | None]:
    """(status, not_before, reason) of a new action from the guard's verdict."""
    match verdict.outcome:
        case Outcome.REFUSED:
            return ActionStatus.CANCELLED, None, verdict.explain()
        case Outcome.DEFERRED:
            assert verdict.next_allowed is not None
            later = verdict.next_allowed.isoformat(timespec="seconds")
            held = ActionStatus.AWAITING_APPROVAL if action.approval_required else None
            return held or ActionStatus.DEFERRED, later, verdict.explain()
        case Outcome.ALLOWED:
            held = ActionStatus.AWAITING_APPROVAL if action.approval_required else None
            return held or ActionStatus.QUEUED, moment, None
        case _:
            assert_never(verdict.outcome)


def write_page(
    uow: PlanUnitOfWork,
    plans: Sequence[CasePlan],
    lines: Sequence[InvoiceLine],
    bars: dict[int, TimeBar],
    page: PageContext,
) -> None:
    """Guard, insert and journal the actions of one page of planned cases (module docstring)."""
    page.report.cases += len(plans)
    decided, new = _decide(uow, plans, lines, bars, page)
    proposals = {
        p.row.case_id: proposal
        for p in plans
        if p.state is not None
        and p.row.case_id in bars
        and (proposal := proposal_for(p.row, bars[p.row.case_id], page.on)) is not None
    }
    new.extend(proposals.values())
    ids = uow.actions.insert(new, page.stamp)
    by_key = {a.idempotency_key: a for a in new}
    out = _Output()
    for plan in plans:
        _write_case(plan, decided, ids, by_key, proposals, bars, page, out)
    uow.journal_events(out.journal)
    uow.plans.upsert(out.rows, page.stamp)
    uow.plans.set_next(out.nexts)


def _decide(
    uow: PlanUnitOfWork,
    plans: Sequence[CasePlan],
    lines: Sequence[InvoiceLine],
    bars: dict[int, TimeBar],
    page: PageContext,
) -> tuple[dict[int, _Decision], list[NewAction]]:
    """The guard's verdict on every action the page issues, and the actions to insert."""
    grouped: dict[int, list[InvoiceLine]] = {}
    for line in lines:
        grouped.setdefault(line.case_id, []).append(line)
    issuing = [p for p in plans if p.action is not None]
    items = [
        GuardItem(p.row, p.action, bars.get(p.row.case_id)) for p in issuing if p.action is not None
    ]
    contacts = uow.actions.contacts(
        [i.row.debtor_id for i in items if i.action.channel is not None]
    )
    verdicts = guard_page(items, contacts, page.policy, page.moment)
    low, high = plans[0].row.case_id, plans[-1].row.case_id
    withdrawn = uow.actions.withdrawn_attempts(low, high) if issuing else {}
    at = page.moment.isoformat(timespec="seconds")
    rules = plan_rules_for(uow.plan_rules, issuing)
    new: list[NewAction] = []
    decided: dict[int, _Decision] = {}
    for plan, verdict in zip(issuing, verdicts, strict=True):
        action = plan.action
        assert action is not None
        case_id = plan.row.case_id
        attempt = 1 + withdrawn.get((case_id, action.step_id), 0)
        key = idempotency_key(case_id, action.step_id, attempt)
        status, not_before, reason = new_status(action, verdict, at)
        decided[case_id] = _Decision(key, verdict, status)
        new.append(
            NewAction(
                idempotency_key=key,
                case_id=case_id,
                step_id=action.step_id,
                attempt=attempt,
                kind=action.kind.value,
                channel=action_channel(action).value,
                template=action.template,
                due_on=action.due_on,
                status=status.value,
                requires_approval=action.approval_required,
                extra_delay_days=(action.pay_by - action.planned_on).days,
                payload=with_proposal(
                    action,
                    action_payload(plan, grouped.get(case_id, []), barred_numbers(bars, case_id)),
                    rules.get(plan.row.creditor_id),
                ),
                not_before=not_before,
                reason=reason,
            )
        )
    return decided, new


def _write_case(
    plan: CasePlan,
    decided: dict[int, _Decision],
    ids: dict[str, tuple[int, bool]],
    by_key: dict[str, NewAction],
    proposals: dict[int, NewAction],
    bars: dict[int, TimeBar],
    page: PageContext,
    out: _Output,
) -> None:
    """One case of the page: its events, its new action or proposal, its plan row."""
    case_id, report, on = plan.row.case_id, page.report, page.on
    assigned = _plan_events(plan, report, out.journal)
    if plan.state is None:
        if assigned is not None:
            out.journal.append(assigned)
        report.without_scenario += 1
        out.nexts.append((case_id, None, None))
        return
    summary, in_flight, next_on = plan.summary, None, plan.next_action_on
    decision = decided.get(case_id)
    if decision is not None:
        action_id, is_new = ids[decision.key]
        cancelled = decision.status is ActionStatus.CANCELLED
        summary = replace(summary, pointer=plan.step_index + 1, in_flight=not cancelled)
        if cancelled:
            next_on = on + timedelta(days=1)
        else:
            in_flight = action_id
        if is_new:
            action = by_key[decision.key]
            out.journal.extend(
                _new_action_events(action_id, action, decision.verdict, on, assigned)
            )
            assigned = None
            _count(report, decision.status)
            if len(report.lines) < page.keep_lines:
                report.lines.append(_line(plan, action))
        else:
            report.already_issued += 1
    if assigned is not None:
        out.journal.append(assigned)
    bar = bars.get(case_id)
    if bar is not None:
        report.time_barred += bar.all_barred
        report.partly_time_barred += bar.some_barred and not bar.all_barred
    proposal = proposals.get(case_id)
    if proposal is not None:
        proposal_id, proposed_now = ids[proposal.idempotency_key]
        if proposed_now:
            # The proposal holds the case's in-flight slot: nothing else is planned until a
            # person decides (a cancelled proposal frees it; it is not proposed again).
            in_flight, next_on = proposal_id, None
            if proposal.step_id == CLOSURE_STEP:
                report.closures_proposed += 1
                barred = () if bar is None else bar.barred
                out.journal.append(
                    ClosureProposed(
                        case_id, on, proposal_id, Closure.TIME_BARRED.value, barred,
                        proposal.reason,
                    )
                )  # fmt: skip
            else:
                report.prescription_reviews += 1
                out.journal.append(
                    ActionPlanned(
                        case_id, on, proposal_id, proposal.idempotency_key, proposal.channel,
                        proposal.status, proposal.due_on, None, proposal.reason, None,
                    )
                )  # fmt: skip
            if len(report.lines) < page.keep_lines:
                report.lines.append(_line(plan, proposal))
    row = plan.row
    out.rows.append(
        plan_row(
            case_id, plan.state, summary, in_flight, row.frozen_reason, row.lost_channels or ""
        )
    )
    out.nexts.append((case_id, plan.state.scenario_id, next_on))


def _plan_events(
    plan: CasePlan, report: RunReport, journal: list[Event]
) -> ScenarioAssigned | None:
    """Journal the planner's events of the case; a scenario assignment is held back (returned)
    to travel with the case's new action, if any. A second switch in the same run: the first is
    journaled on its own."""
    assigned: ScenarioAssigned | None = None
    for event in plan.events:
        if isinstance(event, ScenarioAssigned):
            report.scenarios_assigned += 1
            if assigned is not None:
                journal.append(assigned)
            assigned = event
            continue
        journal.append(event)
        if isinstance(event, PromiseBroken | InstalmentMissed):
            report.lapsed += 1
    return assigned


def _count(report: RunReport, status: ActionStatus) -> None:
    match status:
        case ActionStatus.QUEUED:
            report.queued += 1
        case ActionStatus.AWAITING_APPROVAL:
            report.awaiting_approval += 1
        case ActionStatus.DEFERRED:
            report.deferred += 1
        case ActionStatus.CANCELLED:
            report.cancelled += 1
        case (
            ActionStatus.SENDING
            | ActionStatus.SENT
            | ActionStatus.FAILED
            | ActionStatus.QUARANTINED
        ):
            raise AssertionError(f"statut {status} impossible pour une action nouvelle")
        case _:
            assert_never(status)


def _line(plan: CasePlan, action: NewAction) -> ActionLine:
    return ActionLine(
        plan.row.case_id,
        plan.row.reference,
        action.step_id,
        action.kind,
        action.channel,
        action.status,
        action.due_on,
        action.not_before,
        action.reason,
    )


def _new_action_events(
    action_id: int,
    action: NewAction,
    verdict: Verdict,
    on: date,
    assigned: ScenarioAssigned | None,
) -> list[Event]:
    """The entries of a new action: planned (with the scenario assignment of the same run),
    then the guard's deferral or refusal."""
    case_id = action.case_id
    events: list[Event] = [
        ActionPlanned(
            case_id,
            on,
            action_id,
            action.idempotency_key,
            action.channel,
            action.status,
            action.due_on,
            action.not_before,
            action.reason,
            assigned,
        )
    ]
    reasons = tuple(r.message for r in verdict.reasons)
    if verdict.outcome is Outcome.DEFERRED and verdict.next_allowed is not None:
        events.append(ContactDeferred(case_id, on, action.step_id, verdict.next_allowed, reasons))
    elif verdict.outcome is Outcome.REFUSED:
        events.append(ContactRefused(case_id, on, action.step_id, reasons))
    return events
