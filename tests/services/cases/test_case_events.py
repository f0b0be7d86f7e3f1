"""Events change the plan (payments, promises, disputes, payment plans, failed channels,
collective proceedings, closure) and the review queue decides on actions awaiting approval;
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.domain.cases import Closure
from recouvre.domain.events.collection import DisputeOutcome
from recouvre.domain.parties import Channel
from recouvre.services.daily_run.review import ReviewError
from support.daily_run_world import World

MONDAY = date(2026, 3, 2)


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> World:
    w = World(db_url, tmp_path)
    yield w  # type: ignore[misc]
    w.close()


def test_partial_payment_withdraws_the_pending_step_and_reissues_it_with_new_amounts(
    world: World,
) -> None:
    case = world.case((date(2026, 1, 10), "1000.00"), (date(2026, 1, 20), "500.00"))
    world.run(MONDAY)
    [first] = world.actions(case)
    outcome = world.events().payment(str(case), Decimal("1000.00"), MONDAY)
    assert outcome.withdrawn == ("relance_courtoise",) and outcome.closure is None
    assert world.actions(case)[0].status == "cancelled"
    world.run(MONDAY + timedelta(days=1))
    again = world.actions(case)
    assert [(a.step_id, a.attempt) for a in again] == [
        ("relance_courtoise", 1),
        ("relance_courtoise", 2),
    ]
    with world.app.engine.connect() as connection:
        payload = connection.execute(
            sa.text("SELECT payload FROM actions WHERE id = :i"), {"i": again[1].id}
        ).scalar_one()
    assert '"outstanding":"500.00"' in payload and first.id != again[1].id
    assert "step_withdrawn" in world.journal_kinds(case)


def test_full_payment_closes_the_case_and_cancels_what_waits(world: World) -> None:
    case = world.case((date(2026, 1, 10), "800.00"))
    world.run(MONDAY)
    outcome = world.events().payment(str(case), Decimal("800.00"), MONDAY, invoice="F1-1")
    assert outcome.closure == Closure.PAID.value and outcome.cancelled == ("relance_courtoise",)
    state = world.case_state(case)
    assert (state.phase, state.closure, state.plan_status) == ("closed", "paid", "closed")
    assert state.next_action_on is None
    assert {"payment_recorded", "step_cancelled", "case_closed"} <= set(world.journal_kinds(case))
    world.run(MONDAY + timedelta(days=30))
    assert [a.status for a in world.actions(case)] == ["cancelled"]


def test_dispute_freezes_every_contact_until_resolved(world: World) -> None:
    case = world.case((date(2026, 1, 10), "800.00"))
    world.run(MONDAY)
    events = world.events()
    frozen = events.dispute(str(case), "livraison incomplète", MONDAY)
    assert frozen.plan_status == "frozen" and frozen.withdrawn == ("relance_courtoise",)
    for offset in range(1, 15):
        world.run(MONDAY + timedelta(days=offset))
    assert len(world.actions(case)) == 1
    assert world.case_state(case).attitude == "disputing"
    resumed = events.dispute_resolved(
        str(case), date(2026, 3, 16), DisputeOutcome.REJECTED, "BL signé"
    )
    assert resumed.plan_status == "active" and resumed.next_action_on == date(2026, 3, 16)
    world.run(date(2026, 3, 16))
    assert [(a.step_id, a.attempt) for a in world.actions(case)][-1] == ("relance_courtoise", 2)


def test_payment_plan_replaces_the_scenario_and_a_missed_instalment_resumes_it(
    world: World,
) -> None:
    case = world.case((date(2026, 1, 10), "900.00"))
    events = world.events()
    planned = events.payment_plan(str(case), MONDAY, 3, date(2026, 3, 10), None, True)
    assert planned.plan_status == "payment_plan"
    events.payment(str(case), Decimal("300.00"), date(2026, 3, 10))
    for offset in range(0, 40):
        world.run(MONDAY + timedelta(days=offset))
    # the second instalment (10 April) was not paid: after its 5 days of grace, collection resumes
    kinds = world.journal_kinds(case)
    assert "payment_plan_agreed" in kinds and "instalment_missed" not in kinds
    for offset in range(40, 50):
        world.run(MONDAY + timedelta(days=offset))
    assert "instalment_missed" in world.journal_kinds(case)
    assert len(world.actions(case)) == 1


def test_bounced_email_switches_to_letters(world: World) -> None:
    case = world.case((date(2026, 1, 10), "900.00"), phone=False)
    world.run(MONDAY)
    assert world.actions(case)[0].channel == "email"
    outcome = world.events().unreachable(str(case), Channel.EMAIL, MONDAY)
    assert outcome.scenario_id == "sans_email"
    world.run(MONDAY + timedelta(days=1))
    assert world.actions(case)[-1].channel == "letter"


def test_collective_proceedings_stop_everything(world: World) -> None:
    case = world.case((date(2026, 1, 10), "900.00"))
    world.run(MONDAY)
    outcome = world.events().collective_proceedings(str(case), "redressement", MONDAY)
    assert outcome.plan_status == "stopped" and outcome.cancelled == ("relance_courtoise",)
    assert world.case_state(case).phase == "collective_proceedings"
    for offset in range(1, 30):
        world.run(MONDAY + timedelta(days=offset))
    assert len(world.actions(case)) == 1


def test_review_queue_approve_delay_cancel_with_the_actor_journaled(world: World) -> None:
    big = world.case((date(2025, 11, 10), "60000.00"))
    other = world.case((date(2025, 11, 10), "45000.00"))
    on = MONDAY
    for _ in range(90):
        world.run(on)
        world.send(on)
        if len(world.review().pending()) == 2:
            break
        on += timedelta(days=1)
    queue = world.review("cli:marie")
    pending = {i.case_id: i for i in queue.pending()}
    assert set(pending) == {big, other}
    delayed = queue.delay(pending[big].id, 7, on)
    assert delayed.extra_delay_days == pending[big].extra_delay_days + 7
    approved = queue.approve(pending[big].id, on)
    assert approved.status == "queued"
    cancelled = queue.cancel(pending[other].id, "accord amiable en cours", on)
    assert cancelled.status == "cancelled"
    with pytest.raises(ReviewError):
        queue.approve(pending[other].id, on)
    with world.app.engine.connect() as connection:
        actors = connection.execute(
            sa.text(
                "SELECT kind, actor FROM journal_entries WHERE kind IN "
                "('action_approved', 'action_delayed', 'step_cancelled') ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in actors] == [
        ("action_delayed", "cli:marie"),
        ("action_approved", "cli:marie"),
        ("step_cancelled", "cli:marie"),
    ]
    # the cancelled step leaves the plan: the next step is planned from the next day
    assert world.case_state(other).in_flight_action_id is None
