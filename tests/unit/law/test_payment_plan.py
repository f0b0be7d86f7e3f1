"""The payment plan recouvre proposes (C. civ. 1343-5 grace, within the creditor's rules) and
the check of a schedule agreed with the debtor: worked examples and properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvre.domain.events.collection import Instalment
from recouvre.law.payment_plan import (
    InvalidSchedule,
    PlanRules,
    check_schedule,
    monthly_dates,
    propose,
)

D = Decimal


def test_worked_example_of_the_module() -> None:
    plan = propose(D("1000.00"), date(2027, 1, 15), PlanRules(D("150.00"), 12))
    assert [i.amount for i in plan] == [D("166.66")] * 5 + [D("166.70")]
    assert [i.due_on for i in plan] == [date(2027, m, 15) for m in range(1, 7)]


@pytest.mark.parametrize(
    ("total", "rules", "amounts"),
    [
        ("1200.00", PlanRules(D("50"), 12), ["100.00"] * 12),  # the longest plan bounds it
        ("120.00", PlanRules(D("50"), 12), ["60.00", "60.00"]),  # the minimum bounds it
        ("30.00", PlanRules(D("50"), 12), ["30.00"]),  # under the minimum: one instalment
        ("100.01", PlanRules(D("50"), 12), ["50.00", "50.01"]),  # the last takes the cent
        ("1000.00", PlanRules(D("1"), 3), ["333.33", "333.33", "333.34"]),
    ],
)
def test_the_rules_bound_the_proposal(total: str, rules: PlanRules, amounts: list[str]) -> None:
    assert [i.amount for i in propose(D(total), date(2027, 1, 10), rules)] == [
        D(a) for a in amounts
    ]


def test_month_ends_are_kept_in_shorter_months() -> None:
    assert monthly_dates(date(2027, 1, 31), 4) == (
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30),
    )  # fmt: skip
    assert monthly_dates(date(2027, 11, 30), 3)[-1] == date(2028, 1, 30)


@given(
    cents=st.integers(min_value=1, max_value=10**11),
    minimum=st.integers(min_value=1, max_value=10**6),
    months=st.integers(min_value=1, max_value=60),
    first=st.dates(min_value=date(2020, 1, 1), max_value=date(2090, 12, 31)),
)
def test_a_proposal_adds_up_and_keeps_the_rules(
    cents: int, minimum: int, months: int, first: date
) -> None:
    total, floor = D(cents) / 100, D(minimum) / 100
    plan = propose(total, first, PlanRules(floor, months))
    amounts = [i.amount for i in plan]
    assert sum(amounts) == total  # exactly, to the cent
    assert 1 <= len(plan) <= months
    if total >= floor:
        assert all(a >= floor for a in amounts)  # every instalment at least the minimum
    else:
        assert amounts == [total]  # under the minimum: the whole amount at once
    assert all(a == amounts[0] for a in amounts[:-1])
    assert amounts[0] <= amounts[-1] < amounts[0] + D(len(plan)) / 100
    assert plan[0].due_on == first
    dates = [i.due_on for i in plan]
    assert dates == sorted(set(dates))
    months_apart = [(b.year - a.year) * 12 + b.month - a.month for a, b in pairwise(dates)]
    assert all(m == 1 for m in months_apart)
    # check_schedule accepts what propose gives
    assert check_schedule(plan, total, first) == plan


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ((), "au moins une échéance"),
        (((date(2027, 1, 15), "600"), (date(2027, 2, 15), "500")), "totalisent 1 100,00 €"),
        (((date(2027, 2, 15), "600"), (date(2027, 1, 15), "400")), "échéance 2 .* se suivre"),
        (((date(2027, 1, 15), "1000"), (date(2027, 2, 15), "0")), "échéance 2 .* nul"),
        (((date(2026, 12, 1), "1000"),), "échéance 1 \\(01/12/2026\\) : date déjà passée"),
    ],
)
def test_a_schedule_that_cannot_be_agreed_is_refused_with_its_reason(
    schedule: tuple[tuple[date, str], ...], message: str
) -> None:
    instalments = tuple(Instalment(d, D(a)) for d, a in schedule)
    with pytest.raises(InvalidSchedule, match=message):
        check_schedule(instalments, D("1000.00"), date(2026, 12, 7))
