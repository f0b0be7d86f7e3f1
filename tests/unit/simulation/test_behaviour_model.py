"""The debtor-behaviour model: deterministic per seed, honours the fitted baseline, and its
assumed contact effects go the way they are documented (docs/simulation.md)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from recouvre.scenarios.model import StepKind
from recouvre.simulation.behaviour import (
    BehaviourParams,
    Contact,
    DebtorDay,
    Response,
    day_rng,
    lift,
    payment_probability,
    react,
)
from recouvre.simulation.sample.behaviour_params import load_behaviour

PARAMS = load_behaviour()
DUE = date(2026, 1, 31)


def debtor(on: date, *, disputed: bool = False) -> DebtorDay:
    return DebtorDay(on, DUE, disputed, can_dispute=True, can_promise=True)


def days_until_paid(
    params: BehaviourParams, rng: random.Random, disputed: bool, limit: int
) -> int | None:
    """Days late on which a synthetic invoice unpaid at its due date is paid (no contact)."""
    for late in range(1, limit + 1):
        reaction = react(params, debtor(DUE + timedelta(days=late), disputed=disputed), (), rng)
        if reaction.response in (Response.PAYS_IN_FULL, Response.PAYS_PART):
            return late
    return None


@pytest.mark.parametrize("disputed", [False, True])
def test_without_contact_the_fitted_share_is_paid_within_the_horizon(disputed: bool) -> None:
    baseline = PARAMS.disputed if disputed else PARAMS.undisputed
    rng = random.Random(7)
    runs = 20_000
    paid = sum(
        days_until_paid(PARAMS, rng, disputed, baseline.horizon_days) is not None
        for _ in range(runs)
    )
    # Weekly constant hazards vs the day-by-day data: within 2 points.
    assert paid / runs == pytest.approx(baseline.share_paid_within_horizon, abs=0.02)


def test_same_seed_same_reactions_and_another_seed_differs() -> None:
    contacts = (Contact(DUE + timedelta(days=40), StepKind.PHONE_CALL),)

    def story(seed: int) -> list[Response]:
        out = []
        for case_id in range(200):
            on = DUE + timedelta(days=40)
            out.append(react(PARAMS, debtor(on), contacts, day_rng(seed, case_id, on)).response)
        return out

    assert story(1) == story(1)
    assert story(1) != story(2)


def test_the_random_stream_does_not_depend_on_the_order_cases_are_visited() -> None:
    on = date(2026, 3, 2)
    forward = [day_rng(3, case, on).random() for case in range(50)]
    backward = [day_rng(3, case, on).random() for case in reversed(range(50))]
    assert forward == list(reversed(backward))


def test_hazard_past_the_horizon_is_the_assumed_tail() -> None:
    far = DUE + timedelta(days=PARAMS.undisputed.horizon_days + 30)
    assert payment_probability(PARAMS, debtor(far), ()) == PARAMS.undisputed.tail_hazard
    assert payment_probability(PARAMS, debtor(DUE), ()) == 0.0  # not yet late


def test_a_contact_lifts_the_hazard_and_the_lift_fades_by_half_lives() -> None:
    on = date(2026, 6, 1)
    notice = (Contact(on, StepKind.FORMAL_NOTICE),)
    assert lift(PARAMS, on, notice) == PARAMS.lifts[StepKind.FORMAL_NOTICE]
    later = on + timedelta(days=round(PARAMS.half_life_days))
    excess = PARAMS.lifts[StepKind.FORMAL_NOTICE] - 1
    assert lift(PARAMS, later, notice) == pytest.approx(1 + excess / 2, rel=0.05)
    # The strongest recent contact counts; lifts do not stack.
    both = (*notice, Contact(on, StepKind.COURTESY_EMAIL))
    assert lift(PARAMS, on, both) == lift(PARAMS, on, notice)
    assert lift(PARAMS, on - timedelta(days=1), notice) == 1.0  # not yet received


def test_promises_and_disputes_only_answer_a_contact_of_that_day() -> None:
    on = DUE + timedelta(days=90)
    yesterday = (Contact(on - timedelta(days=1), StepKind.PHONE_CALL),)
    today = (Contact(on, StepKind.PHONE_CALL),)
    old = [react(PARAMS, debtor(on), yesterday, day_rng(0, i, on)).response for i in range(3000)]
    new = [react(PARAMS, debtor(on), today, day_rng(0, i, on)).response for i in range(3000)]
    assert Response.PROMISES not in old and Response.DISPUTES not in old
    share = new.count(Response.PROMISES) / len(new)
    assert share == pytest.approx(PARAMS.promise_by_kind[StepKind.PHONE_CALL], abs=0.04)
    assert Response.DISPUTES in new


def test_a_promise_is_dated_within_the_assumed_delay() -> None:
    on = DUE + timedelta(days=90)
    today = (Contact(on, StepKind.PHONE_CALL),)
    promises = [
        r for i in range(3000)
        if (r := react(PARAMS, debtor(on), today, day_rng(5, i, on))).response is Response.PROMISES
    ]  # fmt: skip
    assert promises
    for promise in promises:
        assert promise.promised_on is not None
        delay = (promise.promised_on - on).days
        assert PARAMS.promise_min_days <= delay <= PARAMS.promise_max_days
    kept = sum(p.promise_kept for p in promises) / len(promises)
    assert kept == pytest.approx(PARAMS.promise_kept_share, abs=0.1)
