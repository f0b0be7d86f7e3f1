"""The daily run on a real database (SQLite and PostgreSQL): timelines, idempotency, catch-up,
cases it must leave alone."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.domain.cases import Closure
from recouvre.domain.parties import DebtorKind
from support.daily_run_world import World

STANDARD = [
    "relance_courtoise",
    "appel_1",
    "relance_1",
    "relance_2",
    "mise_en_demeure",
    "examen_judiciaire",
]
MONDAY = date(2026, 3, 2)


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> World:
    w = World(db_url, tmp_path)
    yield w  # type: ignore[misc]
    w.close()


def days(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


def replay(world: World, dates: list[date]) -> None:
    for day in dates:
        world.run(day)
        world.send(day)


def test_first_run_assigns_a_scenario_and_issues_one_action_per_case(world: World) -> None:
    a = world.case((date(2026, 1, 10), "1200.00"), (date(2026, 2, 1), "300.00"))
    b = world.case((date(2026, 2, 10), "80.00"), kind=DebtorKind.CONSUMER)
    c = world.case((date(2026, 3, 20), "500.00"))  # not yet due
    report = world.run(MONDAY)
    assert report.scenarios_assigned == 3
    by_case = {x.case_id: x for x in world.actions()}
    assert set(by_case) == {a, b}  # one communication for the two invoices of a
    assert by_case[a].step_id == "relance_courtoise" and by_case[a].status == "queued"
    assert by_case[a].not_before == "2026-03-02T09:00:00"
    assert world.case_state(c).next_action_on in (date(2026, 3, 25), "2026-03-25")
    # One journal entry per case and run: the assignment travels in ``action_planned``...
    assert world.journal_kinds(a) == ["case_opened", "action_planned"]
    planned = world.journal_payloads(a, "action_planned")
    assert planned[0]["scenario_assigned"] is True
    assert planned[0]["scenario_id"] == world.case_state(a).scenario_id
    assert planned[0]["from_scenario"] is None
    # ... and a case without an action yet still journals its assignment on its own.
    assert world.journal_kinds(c) == ["case_opened", "scenario_assigned"]
    assert world.journal_payloads(c, "scenario_assigned")[0]["to_scenario"] == (
        world.case_state(c).scenario_id
    )
    with world.app.engine.connect() as connection:  # and the readable history has it too
        kinds = connection.execute(
            sa.text("SELECT kind FROM events WHERE case_id = :c"), {"c": a}
        ).scalars()
        assert "action_planned" in list(kinds)


def test_running_twice_on_the_same_day_issues_nothing_new(world: World) -> None:
    for i in range(7):
        world.case((date(2026, 1, 3 + i), "100.00"))
    first = world.run(MONDAY)
    before = world.actions()
    again = world.run(MONDAY)
    assert first.actions == 7 and again.actions == 0
    assert world.actions() == before


def test_the_idempotency_key_refuses_a_duplicate_even_when_a_case_is_planned_again(
    world: World,
) -> None:
    ids = [world.case((date(2026, 1, 5), "250.00")) for _ in range(3)]
    world.run(MONDAY)
    # Lose the plan state as a crash between two writers could: the database still refuses.
    with world.app.engine.begin() as connection:
        connection.execute(sa.text("UPDATE case_plans SET in_flight_action_id = NULL, pointer = 0"))
        connection.execute(sa.text("UPDATE cases SET next_action_on = :d"), {"d": MONDAY})
    report = world.run(MONDAY)
    assert report.actions == 0 and report.already_issued == 3
    assert len(world.actions()) == 3
    assert sorted(a.case_id for a in world.actions()) == ids


def test_standard_timeline_one_step_at_a_time(world: World) -> None:
    case = world.case((date(2026, 1, 10), "1800.00"))
    replay(world, days(date(2026, 1, 12), 75))
    actions = world.actions(case)
    assert [a.step_id for a in actions] == STANDARD
    sent = [(a.step_id, a.sent_on) for a in actions if a.status == "sent"]
    assert sent[0] == ("relance_courtoise", date(2026, 1, 15))  # 5 days after the due date
    # each next step at least its delay after the previous one went out
    for (_, earlier), (_, later) in itertools.pairwise(sent):
        assert later is not None and earlier is not None and later > earlier
    assert actions[-1].status == "awaiting_approval"  # judicial review waits for a person
    assert world.case_state(case).phase == "formal_notice"  # the formal notice was sent


def test_catch_up_after_ten_missed_days_issues_every_due_step_once_in_order(
    world: World,
) -> None:
    case = world.case((date(2026, 1, 10), "900.00"))
    other = world.case((date(2025, 12, 20), "400.00"))
    timeline = days(date(2026, 1, 12), 10) + days(date(2026, 1, 22) + timedelta(days=10), 70)
    replay(world, timeline)
    for case_id in (case, other):
        actions = world.actions(case_id)
        steps = [a.step_id for a in actions]
        assert steps == STANDARD, steps
        assert len(set(steps)) == len(steps)
        sent_days = [a.sent_on for a in actions if a.sent_on is not None]
        assert len(sent_days) == len(set(sent_days)), "two contacts on one day"
        assert sent_days == sorted(sent_days)


def test_weekend_letter_is_deferred_then_released_on_monday(world: World) -> None:
    case = world.case((date(2026, 1, 10), "900.00"), email=False, phone=False)
    saturday = date(2026, 3, 7)
    report = world.run(saturday)
    [action] = world.actions(case)
    assert report.deferred == 1 and action.status == "deferred"
    assert action.not_before == "2026-03-09T00:00:00"
    assert "contact_deferred" in world.journal_kinds(case)
    world.run(date(2026, 3, 8))
    assert world.actions(case)[0].status == "deferred"
    monday = world.run(date(2026, 3, 9))
    assert monday.released == 1 and world.actions(case)[0].status == "queued"
    assert len(world.actions(case)) == 1


def test_never_acts_on_disputed_promised_or_closed_cases(world: World) -> None:
    disputed = world.case((date(2026, 1, 5), "700.00"))
    promised = world.case((date(2026, 1, 5), "700.00"))
    closed = world.case((date(2026, 1, 5), "700.00"))
    paid = world.case((date(2026, 1, 5), "700.00"))
    events = world.events()
    events.dispute(str(disputed), "travaux non conformes", MONDAY)
    events.promise(str(promised), Decimal("700.00"), date(2026, 3, 20), MONDAY)
    events.close(str(closed), Closure.WRITTEN_OFF, MONDAY, "irrécouvrable")
    events.payment(str(paid), Decimal("700.00"), MONDAY)
    replay(world, days(MONDAY, 20))
    assert world.actions() == []
    assert world.case_state(paid).closure == "paid"
    # past the promised date and its grace period, the broken promise resumes collection:
    # the debtor is now of bad faith and the scenario goes straight to the formal notice
    replay(world, days(date(2026, 3, 22), 4))
    assert [a.step_id for a in world.actions(promised)] == ["mise_en_demeure"]
    assert "promise_broken" in world.journal_kinds(promised)
    assert world.case_state(promised).attitude == "bad_faith"
    assert world.case_state(promised).scenario_id == "mauvaise_foi"
    assert world.actions(disputed) == [] and world.actions(closed) == []


def test_dry_run_writes_nothing(world: World) -> None:
    world.case((date(2026, 1, 10), "1200.00"))
    with world.app.engine.connect() as connection:
        journal_before = connection.execute(
            sa.text("SELECT count(*) FROM journal_entries")
        ).scalar()
    report = world.run(MONDAY, dry_run=True)
    assert report.actions == 1 and [line.step_id for line in report.lines] == ["relance_courtoise"]
    assert world.actions() == []
    with world.app.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM case_plans")).scalar() == 0
        after = connection.execute(sa.text("SELECT count(*) FROM journal_entries")).scalar()
    assert after == journal_before


def test_the_action_payload_is_canonical_json_whatever_the_names(world: World) -> None:
    case = world.case((date(2026, 1, 10), "1200.00"), (date(2026, 2, 1), "300.50"))
    name = 'Société "Ŝ" \\ l\'Œil\u2028'
    with world.app.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE debtors SET name = :n, city = :c WHERE id = "
                "(SELECT debtor_id FROM cases WHERE id = :id)"
            ),
            {"n": name, "c": "Saint-Étienne", "id": case},
        )
    world.run(MONDAY)
    with world.app.engine.connect() as connection:
        text = connection.execute(
            sa.text("SELECT payload FROM actions WHERE case_id = :c"), {"c": case}
        ).scalar_one()
    payload = json.loads(text)
    # the hand-assembled text is exactly json.dumps's canonical form of what it holds
    assert text == json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert payload["recipient"]["name"] == name
    assert payload["recipient"]["city"] == "Saint-Étienne"
    assert [i["amount"] for i in payload["invoices"]] == ["1200.00", "300.50"]
    assert payload["outstanding"] == "1500.50"
