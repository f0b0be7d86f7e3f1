"""Payment-term compliance (C. com. L441-10 I): 60 days, or 45 days end of month (two methods)."""

from __future__ import annotations

from datetime import date

import pytest

from recouvre.law.payment_terms import EndOfMonthMethod, check_payment_term, end_of_month
from recouvre.law.statement.explain import NoticeCode
from recouvre.reference.loader import load_tables

TABLES = load_tables()
ISSUED = date(2025, 1, 10)


def test_worked_example_limits() -> None:
    check = check_payment_term("F1", ISSUED, date(2025, 3, 17), TABLES)
    assert [limit for _, limit in check.limits] == [
        date(2025, 3, 11),
        date(2025, 2, 28),
        date(2025, 3, 17),
    ]
    assert check.compliant and check.notice is None


@pytest.mark.parametrize(
    ("due", "compliant"),
    [(date(2025, 3, 11), True), (date(2025, 3, 17), True), (date(2025, 3, 18), False)],
)
def test_the_most_favourable_accepted_method_decides(due: date, compliant: bool) -> None:
    check = check_payment_term("F1", ISSUED, due, TABLES)
    assert check.compliant is compliant
    assert (check.notice is not None) is (not compliant)
    if check.notice is not None:
        assert (
            check.notice.code is NoticeCode.PAYMENT_TERM_EXCEEDED
            and "18/03/2025" in check.notice.message
        )


def test_a_contract_naming_one_method_is_held_to_it() -> None:
    only_a = check_payment_term(
        "F1",
        ISSUED,
        date(2025, 3, 12),
        TABLES,
        end_of_month_method=EndOfMonthMethod.ADD_THEN_END_OF_MONTH,
    )
    assert not only_a.compliant  # 60 days -> 11 March; (a) -> 28 February


def test_periodic_invoice_45_days() -> None:
    assert check_payment_term(
        "F1", ISSUED, date(2025, 2, 24), TABLES, periodic_invoice=True
    ).compliant
    assert not check_payment_term(
        "F1", ISSUED, date(2025, 2, 25), TABLES, periodic_invoice=True
    ).compliant


def test_end_of_month_handles_february_of_a_leap_year() -> None:
    assert end_of_month(date(2024, 2, 3)) == date(2024, 2, 29)
    # 2023-12-31 + 45 days = 2024-02-14 -> end of month 2024-02-29 (a)
    check = check_payment_term("F1", date(2023, 12, 31), date(2024, 2, 29), TABLES)
    assert check.compliant
