"""The batch run and the per-case reference run issue the same actions on random portfolios.

Two databases get the same random portfolio and the same days, events and sendings; one is run
on the fast path (``plan_batch`` over stored summaries, the guard's pre-check), the other with
``reference=True`` (each case's history rebuilt from its actions, ``planner.plan``, the scalar
guard for every contact). Their ``actions`` and plan states must be identical.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.domain.cases import Attitude
from recouvre.domain.parties import Channel, DebtorKind
from support.daily_run_world import World

START = date(2026, 2, 2)
POSTALS = ["75011", "57000", "67000", "69001", "97400", "13001", ""]


def portfolio(world: World, rng: random.Random, cases: int) -> list[int]:
    ids = []
    for _ in range(cases):
        dues = [
            (START - timedelta(days=rng.randrange(-20, 120)), f"{rng.randrange(30, 20000)}.00")
            for _ in range(rng.randrange(1, 4))
        ]
        ids.append(
            world.case(
                *dues,
                kind=DebtorKind.CONSUMER if rng.random() < 0.25 else DebtorKind.COMPANY,
                postal=rng.choice(POSTALS),
                email=rng.random() < 0.7,
                phone=rng.random() < 0.6,
            )
        )
    return ids


def snapshot(world: World) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with world.app.engine.connect() as connection:
        actions = connection.execute(
            sa.text(
                "SELECT idempotency_key, case_id, step_id, attempt, kind, channel, template, "
                "due_on, status, requires_approval, extra_delay_days, payload, not_before, "
                "reason, sent_at FROM actions ORDER BY idempotency_key"
            )
        ).all()
        plans = connection.execute(
            sa.text(
                "SELECT case_id, scenario_id, status, active_since, paused_until, pointer, "
                "max_severity_done, done_kinds, last_done_on, "
                "in_flight_action_id IS NOT NULL AS in_flight FROM case_plans ORDER BY case_id"
            )
        ).all()
        return [tuple(r) for r in actions], [tuple(r) for r in plans]


def play(world: World, seed: int, reference: bool, cases: int, days: int) -> None:
    rng = random.Random(seed)
    ids = portfolio(world, rng, cases)
    events = world.events()
    for offset in range(days):
        day = START + timedelta(days=offset)
        # the same events on the same days in both worlds
        if rng.random() < 0.3:
            target = str(rng.choice(ids))
            choice = rng.randrange(4)
            try:
                if choice == 0:
                    events.payment(target, Decimal("25.00"), day)
                elif choice == 1:
                    events.promise(target, Decimal("50.00"), day + timedelta(days=5), day)
                elif choice == 2:
                    events.unreachable(target, Channel.EMAIL, day)
                else:
                    events.attitude(target, Attitude.IN_DIFFICULTY, day, "appel")
            except Exception as error:  # a closed case refuses some events: same in both
                assert "clos" in str(error)
        world.run(day, reference=reference)
        world.send(day)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_and_reference_runs_issue_the_same_actions(tmp_path: Path, seed: int) -> None:
    fast = World(f"sqlite:///{tmp_path / 'fast.sqlite3'}", tmp_path / "fast", migrate=True)
    slow = World(f"sqlite:///{tmp_path / 'slow.sqlite3'}", tmp_path / "slow", migrate=True)
    try:
        play(fast, seed, False, cases=25, days=45)
        play(slow, seed, True, cases=25, days=45)
        fast_actions, fast_plans = snapshot(fast)
        slow_actions, slow_plans = snapshot(slow)
        assert len(fast_actions) > 25  # the portfolio really moved along its scenarios
        assert fast_actions == slow_actions
        assert fast_plans == slow_plans
    finally:
        fast.close()
        slow.close()
