"""The reference planner: one grouped communication per step, in order, caught up, paused."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from scenario_builders import context, done, planned, shipped

from recouvre.domain.cases import Case, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Channel, Debtor, DebtorKind
from recouvre.law.calendar import HolidayCalendar
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import StepRecord, StepStatus
from recouvre.scenarios.model import StepKind
from recouvre.scenarios.planner import plan
from recouvre.scenarios.state import PlanState, PlanStatus

STANDARD = shipped("standard_b2b")
ACTIVE = PlanState("standard_b2b")


def test_one_communication_covers_every_unpaid_invoice_and_the_oldest_sets_the_step() -> None:
    case = Case.open(creditor_id=1, debtor_id=2, on=date(2026, 1, 1), case_id=7)
    debtor = Debtor(
        id=2,
        kind=DebtorKind.COMPANY,
        name="Dupont SARL",
        address=Address(("1 rue de la Paix",), "75002", "Paris"),
        emails=("compta@dupont.example",),
    )
    invoices = [
        Invoice(1, 1, 2, f"F-{n:03d}", date(2025, 12, 1), date(2026, 1, n), Decimal("100.00"))
        for n in range(1, 11)
    ]
    paid = Invoice(
        11, 1, 2, "F-099", date(2025, 11, 1), date(2025, 12, 1), Decimal("50.00"), Decimal("50.00")
    )
    ctx = CaseContext.of(case, debtor, [*invoices, paid])
    assert ctx.oldest_due == date(2026, 1, 1)
    result = plan(ctx, STANDARD, ACTIVE, [], date(2026, 1, 6))
    assert len(result.actions) == 1
    action = result.actions[0]
    assert action.step_id == "relance_courtoise"
    assert action.due_on == date(2026, 1, 6)  # 5 days after the OLDEST due date
    assert action.invoice_numbers == tuple(f"F-{n:03d}" for n in range(1, 11))
    assert action.outstanding == Decimal("1000.00")
    assert action.channel is Channel.EMAIL
    assert action.key == "case:7:step:relance_courtoise"


def test_before_the_first_step_the_next_action_date_is_given() -> None:
    result = plan(context(), STANDARD, ACTIVE, [], date(2026, 1, 6))
    assert result.actions == ()
    assert result.next_action_on == date(2026, 1, 10)


def test_next_step_counts_from_the_previous_one_sent() -> None:
    history = [done(STANDARD, "relance_courtoise", date(2026, 1, 12))]
    early = plan(context(), STANDARD, ACTIVE, history, date(2026, 1, 18))
    assert early.actions == () and early.next_action_on == date(2026, 1, 19)
    result = plan(context(), STANDARD, ACTIVE, history, date(2026, 1, 19))
    assert [a.step_id for a in result.actions] == ["appel_1"]
    assert result.actions[0].channel is Channel.PHONE


def test_catch_up_issues_steps_one_by_one_and_never_skips_one() -> None:
    # Nothing ran for three months: every step is overdue. Each day at most one goes out,
    # in scenario order, the next one on a later day.
    history: list[StepRecord] = []
    day = date(2026, 4, 1)
    sent: list[tuple[str, date]] = []
    for _ in range(60):
        result = plan(context(), STANDARD, ACTIVE, history, day)
        for action in result.actions:
            sent.append((action.step_id, day))
            history.append(StepRecord(action.step_id, action.kind, StepStatus.DONE, day))
        day += timedelta(days=1)
    assert [s for s, _ in sent] == [s.id for s in STANDARD.steps]
    assert sent[0][1] == date(2026, 4, 1)
    assert sent[1][1] == date(2026, 4, 8)  # 7 days after the courtesy e-mail actually sent
    assert len({d for _, d in sent}) == len(sent)


def test_step_in_flight_blocks_everything_else() -> None:
    history = [planned(STANDARD, "relance_courtoise", date(2026, 1, 10))]
    result = plan(context(), STANDARD, ACTIVE, history, date(2026, 3, 1))
    assert result.actions == () and result.next_action_on is None


def test_steps_on_missing_channels_are_passed_over() -> None:
    ctx = context(channels=frozenset({Channel.LETTER}))
    result = plan(ctx, STANDARD, ACTIVE, [], date(2026, 1, 30))
    # no e-mail, no phone: the first letter is the first step sent
    assert [a.step_id for a in result.actions] == ["relance_1"]
    assert result.actions[0].due_on == date(2026, 1, 12)  # 7 days after the oldest due date


def test_no_softer_step_after_a_formal_notice_and_no_second_formal_notice() -> None:
    consumer = shipped("consommateurs")
    bad_faith = shipped("mauvaise_foi")
    history = [done(consumer, "mise_en_demeure", date(2026, 2, 1))]
    ctx = context(kind=DebtorKind.CONSUMER)
    # Back to the consumer scenario, nothing soft is left; the next step is the judicial review.
    result = plan(ctx, consumer, PlanState(consumer.id), history, date(2026, 4, 1))
    assert [a.kind for a in result.actions] == [StepKind.JUDICIAL_REVIEW]
    # The bad-faith scenario's consumer formal notice is not sent a second time.
    result = plan(ctx, bad_faith, PlanState(bad_faith.id), history, date(2026, 4, 1))
    assert [a.step_id for a in result.actions] == ["examen_judiciaire"]


def test_switch_date_delays_the_new_scenario() -> None:
    bad_faith = shipped("mauvaise_foi")
    state = PlanState(bad_faith.id, active_since=date(2026, 3, 2))
    result = plan(context(), bad_faith, state, [], date(2026, 3, 1))
    assert result.actions == () and result.next_action_on == date(2026, 3, 2)
    result = plan(context(), bad_faith, state, [], date(2026, 3, 2))
    assert [a.step_id for a in result.actions] == ["mise_en_demeure"]
    action = result.actions[0]
    assert action.pay_by == date(2026, 3, 10)  # 8 extra days granted
    assert action.enters_phase is Phase.FORMAL_NOTICE and action.announces_legal_action


def test_promise_pauses_then_lapses() -> None:
    paused = PlanState("standard_b2b", PlanStatus.PAUSED, paused_until=date(2026, 1, 20))
    waiting = plan(context(), STANDARD, paused, [], date(2026, 1, 20))
    assert waiting.actions == () and waiting.next_action_on == date(2026, 1, 21)
    assert not waiting.lapsed
    resumed = plan(context(), STANDARD, paused, [], date(2026, 1, 21))
    assert resumed.lapsed
    assert [a.step_id for a in resumed.actions] == ["relance_courtoise"]
    assert resumed.actions[0].due_on == date(2026, 1, 21)


def test_frozen_stopped_and_closed_cases_get_nothing() -> None:
    for status in (PlanStatus.FROZEN, PlanStatus.STOPPED, PlanStatus.CLOSED):
        result = plan(context(), STANDARD, PlanState("standard_b2b", status), [], date(2026, 6, 1))
        assert result.actions == () and result.next_action_on is None
    nothing_due = context(oldest_due=None, outstanding="0.00", invoices=())
    assert plan(nothing_due, STANDARD, ACTIVE, [], date(2026, 6, 1)).actions == ()


def test_working_days_follow_the_debtors_departement() -> None:
    # grosses_creances: second call 5 working days after the letter. From Wednesday
    # 1 April 2026: Paris counts Thu 2, Fri 3, Tue 7 (Easter Monday 6 is off), Wed 8, Thu 9;
    # Moselle also skips Good Friday 3 April, so it ends on Friday 10.
    large = shipped("grosses_creances")
    history = [
        done(large, "relance_courtoise", date(2026, 3, 20)),
        done(large, "appel_1", date(2026, 3, 24)),
        done(large, "relance_1", date(2026, 4, 1)),
    ]
    ctx = context(outstanding="25000.00")
    paris = HolidayCalendar.for_departement("75")
    metz = HolidayCalendar.for_departement("57")
    state = PlanState(large.id)
    in_paris = plan(ctx, large, state, history, date(2026, 4, 2), paris.is_working_day)
    in_metz = plan(ctx, large, state, history, date(2026, 4, 2), metz.is_working_day)
    assert in_paris.next_action_on == date(2026, 4, 9)
    assert in_metz.next_action_on == date(2026, 4, 10)
