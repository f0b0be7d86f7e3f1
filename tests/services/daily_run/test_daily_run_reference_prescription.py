"""The batch run and the reference run agree on portfolios with time-barred invoices too.

The same random portfolio, a third of its invoices due years ago (some cases entirely
time-barred, some partly), run with the legal tables (prescription screened) on the fast path
and with ``reference=True``: the same actions (refusals, closure proposals, payloads naming the
time-barred invoices) and the same plan states.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from test_daily_run_reference import snapshot

from recouvre.bootstrap import run_settings
from recouvre.domain.parties import DebtorKind
from support.daily_run_world import World

START = date(2026, 2, 2)
POSTALS = ["75011", "57000", "69001", "97400", ""]


def play(world: World, seed: int, reference: bool, cases: int, days: int) -> None:
    rng = random.Random(seed)
    ids = []
    for _ in range(cases):
        dues = []
        for _ in range(rng.randrange(1, 4)):
            back = rng.randrange(700, 2200) if rng.random() < 0.35 else rng.randrange(-20, 120)
            dues.append((START - timedelta(days=back), f"{rng.randrange(30, 20000)}.00"))
        ids.append(
            world.case(
                *dues,
                kind=DebtorKind.CONSUMER if rng.random() < 0.4 else DebtorKind.COMPANY,
                postal=rng.choice(POSTALS),
                email=rng.random() < 0.7,
                phone=rng.random() < 0.6,
            )
        )
    settings = run_settings(world.app)
    events = world.events()
    for offset in range(days):
        day = START + timedelta(days=offset)
        if rng.random() < 0.3:
            target = str(rng.choice(ids))
            try:
                events.payment(target, Decimal("25.00"), day)
            except Exception as error:  # a closed case refuses the event: same in both
                assert "clos" in str(error)
        world.run(day, reference=reference, settings=settings)
        world.send(day)


@pytest.mark.parametrize("seed", [7, 8])
def test_batch_and_reference_agree_with_prescription(tmp_path: Path, seed: int) -> None:
    fast = World(f"sqlite:///{tmp_path / 'fast.sqlite3'}", tmp_path / "fast", migrate=True)
    slow = World(f"sqlite:///{tmp_path / 'slow.sqlite3'}", tmp_path / "slow", migrate=True)
    try:
        play(fast, seed, False, cases=25, days=30)
        play(slow, seed, True, cases=25, days=30)
        fast_actions, fast_plans = snapshot(fast)
        slow_actions, slow_plans = snapshot(slow)
        steps = [a[2] for a in fast_actions]
        assert "cloture_prescription" in steps  # some cases were entirely time-barred
        assert any("time_barred_invoices" in str(a[11]) for a in fast_actions)  # some partly
        assert fast_actions == slow_actions
        assert fast_plans == slow_plans
    finally:
        fast.close()
        slow.close()
