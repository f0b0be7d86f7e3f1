"""How the plan reacts to payments, promises, disputes, plans, failures and proceedings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from scenario_builders import context, shipped

from recouvre.domain.cases import Attitude, Closure, Phase
from recouvre.domain.events.cases import PaymentRecorded
from recouvre.domain.events.collection import (
    CollectiveProceedingsOpened,
    ContactFailed,
    ContactFailure,
    DisputeOpened,
    DisputeOutcome,
    DisputeResolved,
    Instalment,
    InstalmentMissed,
    PaymentPlanAgreed,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
)
from recouvre.domain.parties import Channel
from recouvre.scenarios.lifecycle import LifecycleParams, PendingFate, react
from recouvre.scenarios.planner import plan
from recouvre.scenarios.state import PlanState, PlanStatus

PARAMS = LifecycleParams(promise_grace_days=3, instalment_grace_days=5)
ACTIVE = PlanState("standard_b2b")
D = date(2026, 2, 1)


def pay(amount: str, on: date = D) -> PaymentRecorded:
    return PaymentRecorded(1, on, Decimal(amount), None)


def test_full_payment_closes_and_cancels() -> None:
    r = react(ACTIVE, pay("1200.00"), context(outstanding="0.00"), PARAMS)
    assert r.state.status is PlanStatus.CLOSED and r.closure is Closure.PAID
    assert r.pending is PendingFate.CANCEL


def test_partial_payment_continues_with_a_recomputed_statement() -> None:
    r = react(ACTIVE, pay("200.00"), context(outstanding="1000.00"), PARAMS)
    assert r.state == ACTIVE and r.closure is None
    assert r.pending is PendingFate.WITHDRAW  # re-issued with the new balance


def test_promise_pauses_until_the_promised_date_plus_grace_then_is_kept_by_payment() -> None:
    r = react(ACTIVE, PromiseMade(1, D, date(2026, 2, 10), Decimal("600.00")), context(), PARAMS)
    assert r.state.status is PlanStatus.PAUSED
    assert r.state.paused_until == date(2026, 2, 13)
    assert r.pending is PendingFate.WITHDRAW  # no threatening letter during a promise
    part = react(r.state, pay("100.00", date(2026, 2, 9)), context(outstanding="1100.00"), PARAMS)
    assert part.state.status is PlanStatus.PAUSED
    kept = react(
        part.state, pay("500.00", date(2026, 2, 10)), context(outstanding="600.00"), PARAMS
    )
    assert kept.state.status is PlanStatus.ACTIVE
    assert kept.state.active_since == date(2026, 2, 11)
    explicit = react(
        r.state, PromiseKept(1, date(2026, 2, 10)), context(outstanding="0.00"), PARAMS
    )
    assert explicit.closure is Closure.PAID


def test_broken_promise_resumes_and_updates_the_attitude() -> None:
    paused = PlanState("standard_b2b", PlanStatus.PAUSED, paused_until=date(2026, 2, 13))
    broken = PromiseBroken(1, date(2026, 2, 14), date(2026, 2, 10))
    r = react(paused, broken, context(attitude=Attitude.FORGETFUL), PARAMS)
    assert r.state.status is PlanStatus.ACTIVE and r.state.active_since == date(2026, 2, 14)
    assert r.attitude is Attitude.BAD_FAITH and r.reselect
    # a debtor in difficulty gets the benefit of the doubt once, not twice
    first = react(paused, broken, context(attitude=Attitude.IN_DIFFICULTY), PARAMS)
    assert first.attitude is None and first.state.broken_promises == 1
    again = react(
        replace(first.state, status=PlanStatus.PAUSED, paused_until=date(2026, 3, 3)),
        broken,
        context(attitude=Attitude.IN_DIFFICULTY),
        PARAMS,
    )
    assert again.attitude is Attitude.BAD_FAITH


def test_dispute_freezes_everything_until_resolved() -> None:
    r = react(ACTIVE, DisputeOpened(1, D, "marchandise non conforme"), context(), PARAMS)
    assert r.state.status is PlanStatus.FROZEN and r.attitude is Attitude.DISPUTING
    standard = shipped("standard_b2b")
    assert plan(context(), standard, r.state, [], date(2026, 6, 1)).actions == ()
    rejected = react(
        r.state,
        DisputeResolved(1, date(2026, 3, 1), DisputeOutcome.REJECTED, "livraison prouvée"),
        context(),
        PARAMS,
    )
    assert rejected.state.status is PlanStatus.ACTIVE and rejected.reselect
    assert rejected.state.active_since == date(2026, 3, 1)
    upheld = react(
        r.state,
        DisputeResolved(1, date(2026, 3, 1), DisputeOutcome.UPHELD, "avoir émis"),
        context(),
        PARAMS,
    )
    assert upheld.closure is Closure.WITHDRAWN and upheld.pending is PendingFate.CANCEL


def test_payment_plan_replaces_the_scenario_and_a_missed_instalment_resumes_it() -> None:
    instalments = (
        Instalment(date(2026, 3, 1), Decimal("400.00")),
        Instalment(date(2026, 4, 1), Decimal("400.00")),
        Instalment(date(2026, 5, 1), Decimal("400.00")),
    )
    r = react(ACTIVE, PaymentPlanAgreed(1, D, instalments), context(), PARAMS)
    assert r.state.status is PlanStatus.PAYMENT_PLAN
    assert r.state.paused_until == date(2026, 3, 6)
    assert r.attitude is Attitude.IN_DIFFICULTY
    paid = react(r.state, pay("400.00", date(2026, 3, 1)), context(outstanding="800.00"), PARAMS)
    assert paid.state.paused_until == date(2026, 4, 6)
    standard = shipped("standard_b2b")
    lapsed = plan(context(), standard, paid.state, [], date(2026, 4, 7))
    assert lapsed.lapsed and lapsed.actions  # the run records InstalmentMissed, then resumes
    missed = react(
        paid.state, InstalmentMissed(1, date(2026, 4, 7), date(2026, 4, 1)), context(), PARAMS
    )
    assert missed.state.status is PlanStatus.ACTIVE and missed.state.instalments == ()


def test_unreachable_switches_channel_and_no_channel_left_means_unreachable() -> None:
    failed = ContactFailed(1, D, Channel.EMAIL, ContactFailure.BOUNCED_EMAIL)
    r = react(ACTIVE, failed, context(channels=frozenset({Channel.LETTER})), PARAMS)
    assert r.lost_channel is Channel.EMAIL and r.reselect and r.attitude is None
    r = react(ACTIVE, failed, context(channels=frozenset()), PARAMS)
    assert r.attitude is Attitude.UNREACHABLE


def test_collective_proceedings_stop_everything_for_good() -> None:
    opened = CollectiveProceedingsOpened(1, D, "redressement judiciaire", date(2026, 1, 28))
    r = react(ACTIVE, opened, context(), PARAMS)
    assert r.state.status is PlanStatus.STOPPED and r.phase is Phase.COLLECTIVE_PROCEEDINGS
    assert r.pending is PendingFate.CANCEL
    later = react(r.state, PromiseMade(1, D, date(2026, 3, 1), Decimal("10.00")), context(), PARAMS)
    assert later.state.status is PlanStatus.STOPPED
