"""Selection of a shipped scenario from the context, and safe switching."""

from __future__ import annotations

from datetime import date

import pytest
from scenario_builders import SHIPPED, context, done, planned, shipped

from recouvre.domain.cases import Attitude
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.scenarios.history import StepStatus
from recouvre.scenarios.selection import NoScenario, select
from recouvre.scenarios.state import PlanState
from recouvre.scenarios.switching import switch

NO_EMAIL = frozenset({Channel.LETTER, Channel.PHONE, Channel.SMS})


@pytest.mark.parametrize(
    ("kind", "attitude", "amount", "channels", "expected"),
    [
        (DebtorKind.COMPANY, Attitude.UNKNOWN, "1200.00", frozenset(Channel), "standard_b2b"),
        (DebtorKind.COMPANY, Attitude.FORGETFUL, "9999.99", frozenset(Channel), "standard_b2b"),
        (DebtorKind.COMPANY, Attitude.UNKNOWN, "10000.00", frozenset(Channel), "grosses_creances"),
        (DebtorKind.COMPANY, Attitude.UNKNOWN, "10000.00", NO_EMAIL, "grosses_creances"),
        (DebtorKind.COMPANY, Attitude.UNKNOWN, "500.00", NO_EMAIL, "sans_email"),
        (DebtorKind.CONSUMER, Attitude.UNKNOWN, "500.00", frozenset(Channel), "consommateurs"),
        (DebtorKind.CONSUMER, Attitude.UNKNOWN, "50000.00", NO_EMAIL, "consommateurs"),
        (
            DebtorKind.COMPANY,
            Attitude.IN_DIFFICULTY,
            "50000.00",
            frozenset(Channel),
            "debiteur_en_difficulte",
        ),
        (DebtorKind.CONSUMER, Attitude.IN_DIFFICULTY, "80.00", NO_EMAIL, "debiteur_en_difficulte"),
        (DebtorKind.COMPANY, Attitude.BAD_FAITH, "300.00", frozenset(Channel), "mauvaise_foi"),
        (DebtorKind.CONSUMER, Attitude.BAD_FAITH, "300.00", NO_EMAIL, "mauvaise_foi"),
    ],
)
def test_each_context_gets_the_scenario_a_credit_manager_expects(
    kind: DebtorKind,
    attitude: Attitude,
    amount: str,
    channels: frozenset[Channel],
    expected: str,
) -> None:
    ctx = context(kind=kind, attitude=attitude, outstanding=amount, channels=channels)
    assert select(SHIPPED, ctx).id == expected


def test_every_case_gets_a_scenario_and_an_empty_set_says_why() -> None:
    for kind in DebtorKind:
        for attitude in Attitude:
            select(SHIPPED, context(kind=kind, attitude=attitude, channels=frozenset()))
    with pytest.raises(NoScenario, match="aucun scénario"):
        select((), context())


def test_switching_keeps_what_fits_and_cancels_the_rest_with_a_reason() -> None:
    standard = shipped("standard_b2b")
    difficulty = shipped("debiteur_en_difficulte")
    history = [
        done(standard, "relance_courtoise", date(2026, 1, 10)),
        done(standard, "appel_1", date(2026, 1, 17)),
        planned(standard, "relance_1", date(2026, 1, 24)),
    ]
    ctx = context(attitude=Attitude.IN_DIFFICULTY)
    result = switch(
        difficulty,
        ctx,
        PlanState(standard.id),
        history,
        date(2026, 1, 25),
        "débiteur en difficulté",
    )
    assert result.kept == ()
    assert [c.step_id for c in result.cancelled] == ["relance_1"]
    assert "absente du nouveau scénario" in result.cancelled[0].reason
    assert result.state.scenario_id == difficulty.id
    assert result.state.active_since == date(2026, 1, 25)
    # Done steps are untouched: history is not rewritten by a switch.
    assert [r.status for r in history[:2]] == [StepStatus.DONE, StepStatus.DONE]


def test_switching_to_letters_keeps_a_pending_letter_shared_by_both_scenarios() -> None:
    standard = shipped("standard_b2b")
    no_email = shipped("sans_email")
    history = [planned(standard, "relance_1", date(2026, 1, 24))]
    ctx = context(channels=NO_EMAIL)
    result = switch(
        no_email, ctx, PlanState(standard.id), history, date(2026, 1, 25), "courriel rejeté"
    )
    assert result.kept == ("relance_1",) and result.cancelled == ()


def test_a_pending_step_that_no_longer_fits_is_cancelled() -> None:
    standard = shipped("standard_b2b")
    history = [planned(standard, "appel_1", date(2026, 1, 24))]
    ctx = context(channels=frozenset({Channel.LETTER}))
    result = switch(
        standard, ctx, PlanState(standard.id), history, date(2026, 1, 25), "numéro faux"
    )
    assert [c.step_id for c in result.cancelled] == ["appel_1"]
    assert "injoignable par phone" in result.cancelled[0].reason
