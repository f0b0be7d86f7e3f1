"""The batch (columnar) planner agrees with the reference planner, case by case.

Random portfolios: random contexts, plan states and histories, on the shipped scenarios and
on random scenarios (amount bounds, working-day rules, channel conditions), with the Paris and
Moselle calendars. Every output column must equal what ``planner.plan`` says.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_builders import SHIPPED

from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.parties import CONTACT_CHANNELS, Channel, DebtorKind
from recouvre.law.calendar import HolidayCalendar
from recouvre.scenarios.batch_planner import (
    CaseColumns,
    CompiledScenarios,
    WorkingDayTable,
    plan_batch,
)
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import HistorySummary, StepRecord, StepStatus
from recouvre.scenarios.model import (
    Anchor,
    Conditions,
    DateRule,
    DayUnit,
    Scenario,
    Step,
    StepKind,
    allowed_channels,
)
from recouvre.scenarios.planner import plan
from recouvre.scenarios.state import PlanState, PlanStatus

CALENDARS = (HolidayCalendar.for_departement("75"), HolidayCalendar.for_departement("57"))
START, END = date(2025, 6, 1), date(2028, 12, 31)
TABLE = WorkingDayTable([c.is_working_day for c in CALENDARS], START, END)
DAY0 = date(2026, 1, 1)

days_in = st.integers(min_value=0, max_value=200).map(lambda n: DAY0 + timedelta(days=n))
maybe_day = st.none() | days_in


def subsets(values: list[object]) -> st.SearchStrategy[frozenset[object]]:
    return st.frozensets(st.sampled_from(values), max_size=2)


@st.composite
def conditions(draw: st.DrawFn) -> Conditions:
    low = draw(st.none() | st.integers(0, 5000))
    high = draw(st.none() | st.integers(5001, 20000))
    return Conditions(
        min_amount=None if low is None else Decimal(low),
        max_amount=None if high is None else Decimal(high),
        debtor_kinds=draw(subsets(list(DebtorKind))),  # type: ignore[arg-type]
        attitudes=draw(subsets(list(Attitude))),  # type: ignore[arg-type]
        channels_required=draw(st.frozensets(st.sampled_from(CONTACT_CHANNELS), max_size=1)),
        channels_absent=draw(st.frozensets(st.sampled_from([Channel.EMAIL]), max_size=1)),
        phases=draw(subsets(list(Phase))),  # type: ignore[arg-type]
    )


@st.composite
def random_scenario(draw: st.DrawFn, index: int) -> Scenario:
    steps = []
    for j in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(list(StepKind)))
        channels = sorted(allowed_channels(kind))
        steps.append(
            Step(
                id=f"s{draw(st.integers(0, 9))}_{j}",
                kind=kind,
                rule=DateRule(
                    draw(st.integers(0, 20)),
                    draw(st.sampled_from(list(DayUnit))),
                    draw(st.sampled_from(list(Anchor))),
                ),
                template="t",
                conditions=draw(st.just(Conditions()) | conditions()),
                channel=draw(st.sampled_from(channels)) if channels else None,
            )
        )
    return Scenario(id=f"random_{index}", name="aléatoire", steps=tuple(steps))


@st.composite
def case_row(draw: st.DrawFn, scenarios: tuple[Scenario, ...]) -> tuple[object, ...]:
    s = draw(st.integers(0, len(scenarios) - 1))
    scenario = scenarios[s]
    oldest = draw(maybe_day)
    ctx = CaseContext(
        case_id=draw(st.integers(1, 10_000)),
        debtor_kind=draw(st.sampled_from(list(DebtorKind))),
        attitude=draw(st.sampled_from(list(Attitude))),
        phase=draw(st.sampled_from(list(Phase))),
        channels=draw(st.frozensets(st.sampled_from(CONTACT_CHANNELS))),
        outstanding=Decimal(draw(st.integers(0, 3_000_000))) / 100,
        oldest_due=oldest,
        # the creditor's first contact N days after the due date (issue 11, item 6)
        first_reminder_days=draw(st.none() | st.integers(1, 30)),
    )
    status = draw(st.sampled_from(list(PlanStatus)))
    paused = status in (PlanStatus.PAUSED, PlanStatus.PAYMENT_PLAN)
    state = PlanState(
        scenario.id,
        status,
        active_since=draw(maybe_day),
        paused_until=draw(days_in) if paused else None,
    )
    pool = [step for sc in scenarios for step in sc.steps]
    history = [
        StepRecord(step.id, step.kind, draw(st.sampled_from(list(StepStatus))), draw(days_in))
        for step in draw(st.lists(st.sampled_from(pool), max_size=5))
    ]
    return ctx, state, history, s, draw(st.integers(0, 1))


@st.composite
def portfolio(draw: st.DrawFn) -> tuple[tuple[Scenario, ...], list[tuple[object, ...]], date]:
    randoms = tuple(draw(random_scenario(i)) for i in range(draw(st.integers(0, 3))))
    scenarios = SHIPPED + randoms
    rows = draw(st.lists(case_row(scenarios), min_size=1, max_size=25))
    return scenarios, rows, draw(days_in)


def _ordinal(day: date | None) -> int:
    return 0 if day is None else day.toordinal()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolio())
def test_batch_planner_agrees_with_the_reference_planner(
    case: tuple[tuple[Scenario, ...], list[tuple[object, ...]], date],
) -> None:
    scenarios, rows, on = case
    compiled = CompiledScenarios.compile(scenarios)
    typed = []
    for ctx, state, history, s, cal in rows:
        assert isinstance(ctx, CaseContext) and isinstance(state, PlanState)
        assert isinstance(history, list) and isinstance(s, int) and isinstance(cal, int)
        typed.append((ctx, state, HistorySummary.of(scenarios[s], history), s, cal))
    result = plan_batch(CaseColumns.from_objects(typed), compiled, on, TABLE)
    for i, (ctx, state, history, s, cal) in enumerate(rows):
        assert isinstance(ctx, CaseContext) and isinstance(state, PlanState)
        assert isinstance(history, list) and isinstance(s, int) and isinstance(cal, int)
        scenario = scenarios[s]
        reference = plan(ctx, scenario, state, history, on, CALENDARS[cal].is_working_day)
        assert bool(result.lapsed[i]) == reference.lapsed, i
        assert int(result.next_action_on[i]) == _ordinal(reference.next_action_on), i
        assert bool(result.action_due[i]) == bool(reference.actions), i
        if reference.actions:
            action = reference.actions[0]
            assert scenario.steps[int(result.step_index[i])].id == action.step_id
            assert int(result.due_on[i]) == action.due_on.toordinal()


def test_batch_planner_on_a_large_portfolio_is_columnar() -> None:
    # 200 000 cases of the standard scenario, all at the start: one array pass.
    n = 200_000
    compiled = CompiledScenarios.compile(SHIPPED)
    standard = [s.id for s in SHIPPED].index("standard_b2b")
    due = np.arange(n, dtype=np.int64) % 60 + DAY0.toordinal()
    zeros = np.zeros(n, dtype=np.int64)
    bits = CaseColumns.from_objects(
        [
            (
                CaseContext(
                    1,
                    DebtorKind.COMPANY,
                    Attitude.UNKNOWN,
                    Phase.AMICABLE,
                    frozenset(Channel),
                    Decimal("100.00"),
                    DAY0,
                ),
                PlanState("standard_b2b"),
                HistorySummary(0, 0, 0, None, False),
                standard,
                0,
            )
        ]
    )
    cols = CaseColumns(
        scenario=np.full(n, standard, dtype=np.int64),
        calendar=zeros,
        debtor_kind=np.full(n, bits.debtor_kind[0]),
        attitude=np.full(n, bits.attitude[0]),
        phase=np.full(n, bits.phase[0]),
        channels=np.full(n, bits.channels[0]),
        outstanding_cents=np.full(n, 10_000, dtype=np.int64),
        oldest_due=due,
        status=zeros,
        active_since=zeros,
        paused_until=zeros,
        pointer=zeros,
        max_severity_done=zeros,
        done_kinds=zeros,
        last_done=zeros,
        in_flight=np.zeros(n, dtype=np.bool_),
        first_reminder_days=np.full(n, -1, dtype=np.int64),
    )
    on = DAY0 + timedelta(days=30)
    result = plan_batch(cols, compiled, on, TABLE)
    # courtesy e-mail 5 days after the due date: due for due dates up to on - 5
    expected_due = due + 5 <= on.toordinal()
    assert (result.action_due == expected_due).all()
    assert (result.next_action_on[~expected_due] == due[~expected_due] + 5).all()


def test_both_planners_send_the_first_contact_the_day_the_creditor_chose() -> None:
    """A creditor's « première relance à J+1 »: the courtesy e-mail of the standard scenario
    (5 days after the due date in the scenario file) goes out the day after the due date, in
    both planners; nothing before that day, and the later steps keep the scenario's timing."""
    scenario_row = [s.id for s in SHIPPED].index("standard_b2b")
    scenario = SHIPPED[scenario_row]
    ctx = CaseContext(
        1,
        DebtorKind.COMPANY,
        Attitude.UNKNOWN,
        Phase.AMICABLE,
        frozenset(Channel),
        Decimal("100.00"),
        DAY0,
        first_reminder_days=1,
    )
    state, none = PlanState("standard_b2b"), HistorySummary(0, 0, 0, None, False)
    compiled = CompiledScenarios.compile(SHIPPED)
    for on, due in ((DAY0, False), (DAY0 + timedelta(days=1), True)):
        reference = plan(ctx, scenario, state, [], on, CALENDARS[0].is_working_day)
        cols = CaseColumns.from_objects([(ctx, state, none, scenario_row, 0)])
        batch = plan_batch(cols, compiled, on, TABLE)
        assert bool(reference.actions) is due and bool(batch.action_due[0]) is due
        if not due:
            assert reference.next_action_on == DAY0 + timedelta(days=1)
            assert int(batch.next_action_on[0]) == (DAY0 + timedelta(days=1)).toordinal()
    [first] = plan(ctx, scenario, state, [], DAY0 + timedelta(days=1)).actions
    assert first.step_id == "relance_courtoise" and first.due_on == DAY0 + timedelta(days=1)
    sent = StepRecord("relance_courtoise", StepKind.COURTESY_EMAIL, StepStatus.DONE, DAY0)
    later = plan(ctx, scenario, state, [sent], DAY0)  # the call: 7 days after the e-mail
    assert later.next_action_on == DAY0 + timedelta(days=7)
