"""CMF L313-3: the + 5 points start two months after the day the decision became enforceable.

Calendar rule (CPC 641, ``law.periods.add_months``): the two months expire on the day of the
second month with the same number as the enforceable date, or on the last day of that month
when it has none; the increased rate runs from the next day. Rates of the shipped tables:
taux légal « autres cas » 2026-S2 2,75 %, + 5 points (row ``judgment_interest_increase``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.interest import LegalRateCategory, judgment_increase_from, legal_interest
from recouvre.law.parameters import LegalTables
from recouvre.reference.loader import shipped_rows

TABLES = LegalTables(shipped_rows())


@pytest.mark.parametrize(
    ("enforceable", "first_increased"),
    [
        (date(2026, 10, 1), date(2026, 12, 2)),  # expires 01/12
        (date(2026, 8, 31), date(2026, 11, 1)),  # 31/10 exists
        (date(2026, 12, 31), date(2027, 3, 1)),  # no 31/02: expires 28/02/2027
        (date(2027, 12, 31), date(2028, 3, 1)),  # leap year: expires 29/02/2028
        (date(2026, 12, 30), date(2027, 3, 1)),  # no 30/02 either
        (date(2027, 6, 30), date(2027, 8, 31)),  # 30/08 exists
    ],
)
def test_first_increased_day(enforceable: date, first_increased: date) -> None:
    start, row = judgment_increase_from(enforceable, TABLES)
    assert start == first_increased
    assert row.key == "judgment_interest_delay_months" and row.value == 2


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(2026, 10, 31), Decimal("2.75")),  # the day the two months expire: plain rate
        (date(2026, 11, 1), Decimal("7.75")),  # the day after: + 5 points
        (date(2026, 11, 2), Decimal("7.75")),
        (date(2026, 10, 30), Decimal("2.75")),
    ],
)
def test_rate_the_day_before_at_and_after_two_months(day: date, rate: Decimal) -> None:
    """Enforceable on 31/08/2026: 31/10 is the last plain day, 01/11 the first increased."""
    increased_from, _ = judgment_increase_from(date(2026, 8, 31), TABLES)
    result = legal_interest(
        Decimal("10000.00"), date(2026, 10, 29), date(2026, 11, 2), TABLES,
        LegalRateCategory.AUTRES, increased_from,
    )  # fmt: skip
    (slice_of_day,) = [s for s in result.slices if s.first <= day <= s.last]
    assert slice_of_day.rate == rate
