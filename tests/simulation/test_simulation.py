"""``recouvre simulate`` on a small portfolio in a real database (SQLite and PostgreSQL): the
recovery curve, the guard's caps, closed cases, determinism and the untouched source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from recouvre.bootstrap.simulation import simulate_portfolio, simulator_on
from recouvre.domain.money import from_cents
from recouvre.domain.parties import DebtorKind
from recouvre.simulation.simulator import SimulationReport
from support.daily_run_world import World

PARIS = ZoneInfo("Europe/Paris")
START = date(2026, 3, 2)
DAYS = 45


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    w = World(db_url, tmp_path)
    yield w
    w.close()


def portfolio(world: World) -> list[int]:
    """Twelve cases of varied lateness, kind and channels."""
    ids = []
    for i in range(12):
        due = date(2025, 9 + i % 4, 5 + i)
        second = date(2026, 2, 10 + i)
        ids.append(
            world.case(
                (due, f"{150 + 97 * i}.00"),
                (second, f"{60 + 11 * i}.50"),
                kind=DebtorKind.CONSUMER if i % 5 == 0 else DebtorKind.COMPANY,
                email=i % 3 != 0,
                phone=i % 4 != 0,
            )
        )
    return ids


def paris_day(stamp: str) -> date:
    return datetime.fromisoformat(stamp).astimezone(PARIS).date()


def test_simulation_replays_the_portfolio_through_the_real_services(world: World) -> None:
    ids = portfolio(world)
    report = simulator_on(world.app, seed=11, start=START).run(START, DAYS)
    assert report.initial_cases == len(ids)
    series = report.series
    assert [d.on for d in series] == [START + timedelta(days=i) for i in range(DAYS)]
    # The recovery curve never goes down and never exceeds what was owed.
    cumulative = [d.cumulative for d in series]
    assert cumulative == sorted(cumulative)
    assert 0 < report.recovered <= report.initial_outstanding
    assert sum(report.contacts().values()) > 0
    with world.app.engine.connect() as connection:
        paid = connection.execute(sa.text("SELECT SUM(amount_cents) FROM payments")).scalar_one()
        sent = connection.execute(
            sa.text(
                "SELECT a.case_id, c.debtor_id, a.channel, a.sent_at, a.provider_ref "
                "FROM actions a JOIN cases c ON c.id = a.case_id WHERE a.status = 'sent'"
            )
        ).all()
        closed = {
            r.id: (
                r.closed_on if isinstance(r.closed_on, date) else date.fromisoformat(r.closed_on)
            )
            for r in connection.execute(
                sa.text("SELECT id, closed_on FROM cases WHERE phase = 'closed'")
            )
        }
        created = connection.execute(sa.text("SELECT case_id, created_at FROM actions")).all()
    # Every euro of the curve is a payment recorded through the event services.
    assert from_cents(int(paid)) == report.recovered
    assert report.totals()["payments"] > 0 and closed
    # Nothing left the machine: every contact carries the simulation's reference.
    assert all(r.provider_ref.startswith("simulation:") for r in sent)
    # The guard's cap: at most one contact a day per debtor, across channels.
    per_day: dict[tuple[int, date], int] = {}
    for r in sent:
        if r.channel != "internal":
            key = (r.debtor_id, paris_day(r.sent_at))
            per_day[key] = per_day.get(key, 0) + 1
    assert per_day and max(per_day.values()) == 1
    # A closed case receives nothing after its closure, and nothing new is planned for it.
    for r in sent:
        if r.case_id in closed:
            assert paris_day(r.sent_at) <= closed[r.case_id]
    for r in created:
        if r.case_id in closed:
            assert paris_day(r.created_at) <= closed[r.case_id]
    assert report.totals()["closed"] == len(closed)


def _source_counts(engine: sa.Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return (
            connection.execute(sa.text("SELECT COUNT(*) FROM actions")).scalar_one(),
            connection.execute(sa.text("SELECT COUNT(*) FROM payments")).scalar_one(),
            connection.execute(sa.text("SELECT COUNT(*) FROM journal_entries")).scalar_one(),
        )


def test_same_seed_same_run_on_a_scratch_copy_and_the_source_is_untouched(world: World) -> None:
    portfolio(world)
    before = _source_counts(world.app.engine)

    def simulate(seed: int) -> SimulationReport:
        return simulate_portfolio(world.app, START, 30, seed)

    first, again, other = simulate(5), simulate(5), simulate(6)
    assert json.dumps(first.as_json()) == json.dumps(again.as_json())
    assert first.as_json()["series"] != other.as_json()["series"]
    assert _source_counts(world.app.engine) == before
    assert before[0] == 0  # the copy planned and sent; the configured database saw nothing


def test_an_empty_portfolio_simulates_to_nothing(world: World) -> None:
    report = simulate_portfolio(world.app, START, 3, 0)
    assert report.initial_cases == 0
    assert report.recovered == 0
    assert all(d.contacts == {} for d in report.series)
