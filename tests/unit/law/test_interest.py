"""Interest (C. com. L441-10, C. civ. 1231-6): worked examples to the cent and to the day,
and each rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.interest import (
    BelowFloorPolicy,
    InterestKind,
    LatePaymentTerms,
    LegalRateCategory,
    RateAnchor,
    default_late_rate,
    late_payment_interest,
    legal_interest,
)
from recouvre.law.parameters import MissingLegalData
from recouvre.law.periods import DayCount
from recouvre.law.statement.explain import NoticeCode
from recouvre.reference.loader import load_tables

TABLES = load_tables()
D = Decimal

# Example 1 (L441-10 II): 12 345,67 € due 2024-03-15, paid 2025-02-10.
EXAMPLE_1 = [
    # first day, last day, days, rate, amount
    (date(2024, 3, 16), date(2024, 6, 30), 107, "14.50", "524.78"),
    (date(2024, 7, 1), date(2024, 12, 31), 184, "14.25", "886.86"),
    (date(2025, 1, 1), date(2025, 2, 10), 41, "13.15", "182.36"),
]


def test_example_1_default_penalties_slice_by_slice() -> None:
    result = late_payment_interest(
        D("12345.67"), LatePaymentTerms(date(2024, 3, 15)), date(2025, 2, 10), TABLES
    )
    got = [(s.first, s.last, s.days, s.rate, s.amount) for s in result.slices]
    assert got == [(f, la, n, D(r), D(a)) for f, la, n, r, a in EXAMPLE_1]
    assert sum(s.days for s in result.slices) == 332
    assert result.total == D("1594.00")
    assert all(s.kind is InterestKind.LATE_PAYMENT_PENALTY for s in result.slices)
    assert result.warnings == ()


def test_example_1_act_act_variant() -> None:
    result = late_payment_interest(
        D("12345.67"),
        LatePaymentTerms(date(2024, 3, 15)),
        date(2025, 2, 10),
        TABLES,
        DayCount.ACT_ACT,
    )
    assert [s.amount for s in result.slices] == [D("523.34"), D("884.44"), D("182.36")]
    assert [s.denominator for s in result.slices] == [366, 366, 365]
    assert result.total == D("1590.14")


def test_example_1_rate_fixed_at_the_due_date_half_year() -> None:
    terms = LatePaymentTerms(date(2024, 3, 15), anchor=RateAnchor.FIXED_AT_DUE_DATE)
    result = late_payment_interest(D("12345.67"), terms, date(2025, 2, 10), TABLES)
    assert [(s.days, s.rate) for s in result.slices] == [(332, D("14.50"))]
    assert result.total == D("1628.28")


def test_example_1_three_times_legal_rate_clause() -> None:
    terms = LatePaymentTerms(date(2024, 3, 15), contractual_rate=D("0"))
    result = late_payment_interest(D("12345.67"), terms, date(2025, 2, 10), TABLES)
    assert [s.rate for s in result.slices] == [D("15.21"), D("14.76"), D("11.13")]


def test_a_clause_below_the_floor_is_flagged_and_computed_at_the_floor_by_default() -> None:
    terms = LatePaymentTerms(date(2025, 7, 31), contractual_rate=D("5.00"))
    result = late_payment_interest(D("1000.00"), terms, date(2025, 9, 30), TABLES)
    assert [s.rate for s in result.slices] == [D("8.28")]  # 3 × 2.76 % (autres cas)
    assert [n.code for n in result.notices] == [NoticeCode.CONTRACT_RATE_BELOW_FLOOR]
    kept = LatePaymentTerms(
        date(2025, 7, 31), contractual_rate=D("5.00"), below_floor=BelowFloorPolicy.CONTRACT
    )
    as_agreed = late_payment_interest(D("1000.00"), kept, date(2025, 9, 30), TABLES)
    assert [s.rate for s in as_agreed.slices] == [D("5.00")]
    assert len(as_agreed.notices) == 1


def test_a_clause_above_the_floor_applies_even_below_the_default_rate() -> None:
    terms = LatePaymentTerms(date(2025, 7, 31), contractual_rate=D("9.00"))
    result = late_payment_interest(D("1000.00"), terms, date(2025, 9, 30), TABLES)
    assert [s.rate for s in result.slices] == [D("9.00")] and result.notices == ()
    # 1000 × 9 % × 61 / 365 = 15.041…
    assert result.total == D("15.04")


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(2023, 12, 31), "14.00"),
        (date(2024, 1, 1), "14.50"),
        (date(2024, 6, 30), "14.50"),
        (date(2024, 7, 1), "14.25"),
        (date(2024, 12, 31), "14.25"),
        (date(2025, 1, 1), "13.15"),
        (date(2025, 6, 30), "13.15"),
        (date(2025, 7, 1), "12.15"),
        (date(2025, 12, 31), "12.15"),
        (date(2026, 1, 1), "12.15"),
        (date(2026, 6, 30), "12.15"),
        (date(2026, 7, 1), "12.40"),
        (date(2026, 12, 31), "12.40"),
    ],
)
def test_default_rate_at_each_half_year_boundary(day: date, rate: str) -> None:
    assert default_late_rate(TABLES, day)[0] == D(rate)


@pytest.mark.parametrize("boundary", [date(y, m, 1) for y in range(2013, 2027) for m in (1, 7)])
def test_slicing_cuts_exactly_at_each_half_year_start(boundary: date) -> None:
    due = date.fromordinal(boundary.toordinal() - 11)
    paid = date.fromordinal(boundary.toordinal() + 9)
    result = late_payment_interest(D("1000.00"), LatePaymentTerms(due), paid, TABLES)
    assert [(s.first, s.last, s.days) for s in result.slices] == [
        (date.fromordinal(due.toordinal() + 1), date.fromordinal(boundary.toordinal() - 1), 10),
        (boundary, paid, 10),
    ]


def test_paying_on_the_due_date_costs_nothing_and_the_next_day_one_day() -> None:
    terms = LatePaymentTerms(date(2024, 3, 15))
    assert late_payment_interest(D("1000.00"), terms, date(2024, 3, 15), TABLES).slices == ()
    one_day = late_payment_interest(D("1000.00"), terms, date(2024, 3, 16), TABLES)
    assert [(s.days, s.amount) for s in one_day.slices] == [(1, D("0.40"))]  # 1000 × 14.5 % / 365


def test_a_secondary_row_is_reported_as_a_warning() -> None:
    result = late_payment_interest(
        D("1000.00"), LatePaymentTerms(date(2026, 6, 15)), date(2026, 8, 1), TABLES
    )
    assert [(r.key, r.effective_from) for r in result.warnings] == [("ecb_mro", date(2026, 7, 1))]


def test_past_the_last_known_half_year_is_an_error_not_a_reused_rate() -> None:
    with pytest.raises(MissingLegalData, match="ecb_mro"):
        late_payment_interest(
            D("1000.00"), LatePaymentTerms(date(2026, 12, 1)), date(2027, 1, 1), TABLES
        )


# Example 2 (C. civ. 1231-6, 1344-1): 2 480 € from a consumer, formal notice received 2025-05-20.
@pytest.mark.parametrize(
    ("category", "rates", "amounts", "total"),
    [
        (LegalRateCategory.AUTRES, ["3.71", "2.76", "2.62"], ["10.34", "34.51", "10.86"], "55.71"),
        (
            LegalRateCategory.PARTICULIERS,
            ["7.21", "6.65", "6.67"],
            ["20.09", "83.14", "27.64"],
            "130.87",
        ),
    ],
)
def test_example_2_legal_interest_from_the_formal_notice(
    category: LegalRateCategory, rates: list[str], amounts: list[str], total: str
) -> None:
    result = legal_interest(D("2480.00"), date(2025, 5, 20), date(2026, 3, 2), TABLES, category)
    assert [(s.first, s.last, s.days) for s in result.slices] == [
        (date(2025, 5, 21), date(2025, 6, 30), 41),
        (date(2025, 7, 1), date(2025, 12, 31), 184),
        (date(2026, 1, 1), date(2026, 3, 2), 61),
    ]
    assert [s.rate for s in result.slices] == [D(r) for r in rates]
    assert [s.amount for s in result.slices] == [D(a) for a in amounts]
    assert result.total == D(total)


def test_judgment_increase_adds_five_points_from_the_given_day() -> None:
    result = legal_interest(
        D("2480.00"),
        date(2025, 9, 1),
        date(2025, 12, 31),
        TABLES,
        LegalRateCategory.AUTRES,
        increased_from=date(2025, 11, 16),
    )
    assert [(s.first, s.last, s.rate, s.kind) for s in result.slices] == [
        (date(2025, 9, 2), date(2025, 11, 15), D("2.76"), InterestKind.LEGAL),
        (date(2025, 11, 16), date(2025, 12, 31), D("7.76"), InterestKind.LEGAL_INCREASED),
    ]
