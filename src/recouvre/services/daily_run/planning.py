"""Planning one page of the daily run: the batch path and the per-case reference path.

Both take the page's ``CaseRow``s and open invoices and return one ``CasePlan`` per case (the
scenario, the plan state, the history summary, the action due today if any, the date to look
at the case again). ``plan_page_batch`` builds NumPy columns from the stored summaries and calls
``scenarios.batch_planner.plan_batch``; ``plan_page_reference`` rebuilds each case's history from
its
actions and calls ``scenarios.planner.plan``. ``tests/services/test_daily_run_reference.py``
holds the two equal on random portfolios. Cases whose promise or payment plan lapsed today
always take the reference path (an event is recorded, the attitude may change, the scenario
may switch: rare, and better read one by one).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from recouvre.domain.events.base import Event
from recouvre.domain.events.collection import (
    InstalmentMissed,
    PromiseBroken,
    ScenarioAssigned,
    StepCancelled,
)
from recouvre.domain.money import to_cents
from recouvre.scenarios.batch_planner import (
    ATTITUDE_BITS,
    DEBTOR_KIND_BITS,
    PHASE_BITS,
    STATUS_CODES,
    CaseColumns,
    CompiledScenarios,
    WorkingDayTable,
    channel_mask,
    first_days,
    plan_batch,
)
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.fees import claims_fees
from recouvre.scenarios.history import HistorySummary, StepRecord
from recouvre.scenarios.lifecycle import LifecycleParams, react
from recouvre.scenarios.model import Scenario
from recouvre.scenarios.planner import PlannedAction, make_action, plan_from_summary
from recouvre.scenarios.selection import NoScenario, select
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.scenarios.switching import switch
from recouvre.scenarios.workdays import IsWorkingDay
from recouvre.services.daily_run.plan_state import (
    calendar_for,
    context_of,
    history_of,
    state_of,
    summary_of,
)
from recouvre.services.daily_run.ports import CaseRow, InvoiceLine, PlanUnitOfWork

__all__ = ["CasePlan", "Scenarios", "plan_page_batch", "plan_page_reference"]


class Scenarios:
    """The scenario set of a run, compiled once."""

    def __init__(self, scenarios: Sequence[Scenario]) -> None:
        self.all = tuple(scenarios)
        self.by_id = {s.id: s for s in scenarios}
        self.compiled = CompiledScenarios.compile(self.all)
        self.row = {s.id: i for i, s in enumerate(self.all)}
        thresholds = set()
        for s in self.all:
            for amount in (s.conditions.min_amount, s.conditions.max_amount):
                if amount is not None:
                    thresholds.add(to_cents(amount))
        self.thresholds = sorted(thresholds)
        self.threshold_set = frozenset(thresholds)
        self._selected: dict[tuple[object, ...], Scenario | None] = {}

    def select(self, ctx: CaseContext) -> Scenario | None:
        """``selection.select``, memoised on what the scenario conditions can look at (the
        amount only through the thresholds it lies between)."""
        cents = to_cents(ctx.outstanding)
        bucket = bisect_right(self.thresholds, cents)
        at_threshold = cents in self.threshold_set
        key = (ctx.debtor_kind, ctx.attitude, ctx.phase, ctx.channels, bucket, at_threshold)
        if key not in self._selected:
            try:
                self._selected[key] = select(self.all, ctx)
            except NoScenario:
                self._selected[key] = None
        return self._selected[key]


@dataclass
class CasePlan:
    row: CaseRow
    ctx: CaseContext
    state: PlanState | None  # None: no scenario fits
    summary: HistorySummary
    scenario: Scenario | None
    action: PlannedAction | None = None
    step_index: int = -1
    next_action_on: date | None = None
    events: list[Event] = field(default_factory=list)
    # Whether the action's document claims penalties and the 40 € (``scenarios.fees``).
    claims_fees: bool = True


def _group(lines: Sequence[InvoiceLine]) -> dict[int, list[InvoiceLine]]:
    grouped: dict[int, list[InvoiceLine]] = {}
    for line in lines:
        grouped.setdefault(line.case_id, []).append(line)
    return grouped


def _assign(
    scenarios: Scenarios, row: CaseRow, ctx: CaseContext, on: date
) -> tuple[PlanState | None, Scenario | None, list[Event]]:
    """The stored plan, or a new one with the selected scenario (``ScenarioAssigned``)."""
    if row.scenario_id is not None and row.scenario_id in scenarios.by_id:
        return state_of(row), scenarios.by_id[row.scenario_id], []
    chosen = scenarios.select(ctx)
    if chosen is None:
        return None, None, []
    previous = row.scenario_id
    state = (
        PlanState(scenario_id=chosen.id)
        if row.status is None
        else replace(state_of(row), scenario_id=chosen.id)
    )
    reason = f"sélection selon le contexte du dossier : {chosen.name}"
    return state, chosen, [ScenarioAssigned(row.case_id, on, previous, chosen.id, reason)]


def _lapse(
    uow: PlanUnitOfWork,
    scenarios: Scenarios,
    row: CaseRow,
    ctx: CaseContext,
    state: PlanState,
    history: Sequence[StepRecord],
    params: LifecycleParams,
) -> tuple[PlanState, Scenario, CaseContext, list[Event]]:
    """A promise broken or an instalment missed: record it, update the attitude, resume (and
    switch scenario when the new attitude calls for another one)."""
    assert state.paused_until is not None
    known = state.paused_until + timedelta(days=1)
    event: PromiseBroken | InstalmentMissed
    if state.status is PlanStatus.PAUSED:
        event = PromiseBroken(row.case_id, known, state.promised_on or state.paused_until)
    else:
        missed = state.next_open_instalment()
        event = InstalmentMissed(
            row.case_id, known, missed.due_on if missed else state.paused_until
        )
    reaction = react(state, event, ctx, params)
    events: list[Event] = [event]
    if reaction.attitude is not None:
        case = uow.cases.get(row.case_id)
        assert case is not None
        case.set_attitude(reaction.attitude, known, reaction.reason)
        ctx = replace(ctx, attitude=reaction.attitude)
    new_state = reaction.state
    scenario = scenarios.by_id[new_state.scenario_id]
    if reaction.reselect:
        chosen = scenarios.select(ctx)
        if chosen is not None and chosen.id != scenario.id:
            moved = switch(chosen, ctx, new_state, history, known, reaction.reason)
            events.append(
                ScenarioAssigned(row.case_id, known, scenario.id, chosen.id, reaction.reason)
            )
            events.extend(
                StepCancelled(row.case_id, known, c.step_id, c.reason) for c in moved.cancelled
            )
            new_state, scenario = moved.state, chosen
    return new_state, scenario, ctx, events


def _reference_one(
    uow: PlanUnitOfWork,
    scenarios: Scenarios,
    row: CaseRow,
    ctx: CaseContext,
    history: Sequence[StepRecord],
    on: date,
    params: LifecycleParams,
) -> CasePlan:
    state, scenario, events = _assign(scenarios, row, ctx, on)
    if state is None or scenario is None:
        return CasePlan(row, ctx, None, HistorySummary.of(Scenario("", "", ()), history), None)
    working: IsWorkingDay = calendar_for(row.departement).is_working_day
    summary = HistorySummary.of(scenario, history)
    plan = plan_from_summary(ctx, scenario, state, summary, on, working)
    if plan.lapsed:
        state, scenario, ctx, more = _lapse(uow, scenarios, row, ctx, state, history, params)
        events.extend(more)
        summary = HistorySummary.of(scenario, history)
        plan = plan_from_summary(ctx, scenario, state, summary, on, working)
    result = CasePlan(row, ctx, state, summary, scenario, next_action_on=plan.next_action_on)
    result.events = events
    if plan.actions:
        action = plan.actions[0]
        result.action = action
        result.step_index = scenario.index(action.step_id) or 0
        result.claims_fees = _claims_fees(scenarios, row, scenario, result.step_index)
    return result


def _claims_fees(scenarios: Scenarios, row: CaseRow, scenario: Scenario, index: int) -> bool:
    """Whether step ``index`` of ``scenario`` claims penalties and the fixed indemnity, by the
    creditor's ``fees_from`` (``scenarios.fees.claims_fees``)."""
    return claims_fees(scenario, scenario.steps[index], row.fees_from, scenarios.all)


def plan_page_reference(
    uow: PlanUnitOfWork,
    scenarios: Scenarios,
    rows: Sequence[CaseRow],
    lines: Sequence[InvoiceLine],
    on: date,
    params: LifecycleParams,
) -> list[CasePlan]:
    """The slow, clear path: each case's history from its actions, ``planner.plan``."""
    if not rows:
        return []
    grouped = _group(lines)
    stored = uow.actions.for_cases(rows[0].case_id, rows[-1].case_id)
    by_case: dict[int, list[object]] = {}
    for action in stored:
        by_case.setdefault(action.case_id, []).append(action)
    out = []
    for row in rows:
        ctx = context_of(row, grouped.get(row.case_id, []))
        history = history_of(by_case.get(row.case_id, []))  # type: ignore[arg-type]
        out.append(_reference_one(uow, scenarios, row, ctx, history, on, params))
    return out


class _LazyWorkdays(WorkingDayTable):
    """A ``WorkingDayTable`` built only if a working-day rule is reached on this page."""

    def __init__(self, calendars: Sequence[IsWorkingDay], start: date, end: date) -> None:
        self._args = (calendars, start, end)
        self._built = False

    def add(self, start: np.ndarray, days: np.ndarray, calendar: np.ndarray) -> np.ndarray:
        if not self._built:
            WorkingDayTable.__init__(self, *self._args)
            self._built = True
        return WorkingDayTable.add(self, start, days, calendar)


def plan_page_batch(
    uow: PlanUnitOfWork,
    scenarios: Scenarios,
    rows: Sequence[CaseRow],
    lines: Sequence[InvoiceLine],
    on: date,
    params: LifecycleParams,
) -> list[CasePlan]:
    """The fast path: ``plan_batch`` over the page's columns."""
    grouped = _group(lines)
    plans: list[CasePlan] = []
    batch: list[CasePlan] = []
    lapsing: list[CasePlan] = []
    today = on.toordinal()
    for row in rows:
        ctx = context_of(row, grouped.get(row.case_id, []))
        state, scenario, events = _assign(scenarios, row, ctx, on)
        summary = summary_of(row)
        plan = CasePlan(row, ctx, state, summary, scenario, events=events)
        plans.append(plan)
        if state is None:
            continue
        paused = state.status in (PlanStatus.PAUSED, PlanStatus.PAYMENT_PLAN)
        if paused and state.paused_until is not None and today > state.paused_until.toordinal():
            lapsing.append(plan)
        else:
            batch.append(plan)
    if batch:
        _plan_columns(scenarios, batch, on)
    if lapsing:
        stored = uow.actions.for_cases(lapsing[0].row.case_id, lapsing[-1].row.case_id)
        for plan in lapsing:
            history = history_of([a for a in stored if a.case_id == plan.row.case_id])
            done = _reference_one(uow, scenarios, plan.row, plan.ctx, history, on, params)
            done.events = plan.events + done.events
            plans[plans.index(plan)] = done
    return plans


def _plan_columns(scenarios: Scenarios, batch: list[CasePlan], on: date) -> None:
    departements = sorted({p.row.departement or "" for p in batch})
    cal_index = {d: i for i, d in enumerate(departements)}
    calendars = [calendar_for(d or None).is_working_day for d in departements]

    def ordinal(day: date | None) -> int:
        return 0 if day is None else day.toordinal()

    def col(values: list[int]) -> np.ndarray:
        return np.array(values, dtype=np.int64)

    states = [p.state for p in batch]
    assert all(s is not None for s in states)
    cols = CaseColumns(
        scenario=col([scenarios.row[p.state.scenario_id] for p in batch]),  # type: ignore[union-attr]
        calendar=col([cal_index[p.row.departement or ""] for p in batch]),
        debtor_kind=col([DEBTOR_KIND_BITS[p.ctx.debtor_kind] for p in batch]),
        attitude=col([ATTITUDE_BITS[p.ctx.attitude] for p in batch]),
        phase=col([PHASE_BITS[p.ctx.phase] for p in batch]),
        channels=col([channel_mask(p.ctx.channels) for p in batch]),
        outstanding_cents=col([to_cents(p.ctx.outstanding) for p in batch]),
        oldest_due=col([ordinal(p.ctx.oldest_due) for p in batch]),
        status=col([STATUS_CODES[p.state.status] for p in batch]),  # type: ignore[union-attr]
        active_since=col([ordinal(p.state.active_since) for p in batch]),  # type: ignore[union-attr]
        paused_until=col([ordinal(p.state.paused_until) for p in batch]),  # type: ignore[union-attr]
        pointer=col([p.summary.pointer for p in batch]),
        max_severity_done=col([p.summary.max_severity_done for p in batch]),
        done_kinds=col([p.summary.done_kinds for p in batch]),
        last_done=col([ordinal(p.summary.last_done_on) for p in batch]),
        in_flight=np.array([p.summary.in_flight for p in batch], dtype=np.bool_),
        first_reminder_days=col([first_days(p.ctx.first_reminder_days) for p in batch]),
    )
    known = np.concatenate(
        [cols.oldest_due[cols.oldest_due > 0], cols.last_done[cols.last_done > 0]]
    )
    start = int(known.min()) if known.size else on.toordinal()
    span = int(scenarios.compiled.days.max(initial=0)) * 2 + 60
    end = max(int(known.max()) if known.size else start, on.toordinal()) + span
    workdays = _LazyWorkdays(calendars, date.fromordinal(start), date.fromordinal(end))
    result = plan_batch(cols, scenarios.compiled, on, workdays)
    due = result.action_due.tolist()
    step_index = result.step_index.tolist()
    due_on = result.due_on.tolist()
    next_on = result.next_action_on.tolist()
    for i, plan in enumerate(batch):
        plan.next_action_on = date.fromordinal(next_on[i]) if next_on[i] else None
        if due[i]:
            scenario = plan.scenario
            assert scenario is not None
            step = scenario.steps[step_index[i]]
            plan.step_index = step_index[i]
            plan.action = make_action(plan.ctx, scenario, step, date.fromordinal(due_on[i]), on)
            plan.claims_fees = _claims_fees(scenarios, plan.row, scenario, step_index[i])
