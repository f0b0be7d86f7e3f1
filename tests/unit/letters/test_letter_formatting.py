"""French amounts and dates never split across lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recouvre.letters.formatting import days, eur, long_date, number, rate, short_date
from recouvre.letters.view_model import Language


def test_amounts_use_no_break_spaces() -> None:
    assert eur(Decimal("1234.5")) == "1\u202f234,50\u00a0€"
    assert eur(Decimal("8842.02"), Language.EN) == "€8,842.02"


def test_rates_and_days() -> None:
    assert rate(Decimal("12.4")) == "12,40\u00a0%"
    assert rate(Decimal("12.4"), Language.EN) == "12.40%"
    assert days(1) == "1\u00a0jour" and days(8) == "8\u00a0jours"
    assert days(1, Language.EN) == "1\u00a0day"


def test_dates() -> None:
    assert long_date(date(2026, 11, 3)) == "3\u00a0novembre 2026"
    assert long_date(date(2026, 11, 1)) == "1er\u00a0novembre 2026"
    assert long_date(date(2026, 11, 1), Language.EN) == "1\u00a0November 2026"


def test_numbers_without_currency_sign() -> None:
    assert number(Decimal("-5")) == "-5,00"
    assert number(Decimal("1234.5")) == "1\u202f234,50"
    assert number(Decimal("1234.5"), Language.EN) == "1,234.50"


def test_short_dates_always_have_a_four_digit_year() -> None:
    assert short_date(date(2026, 11, 3)) == "03/11/2026"
    assert short_date(date(1, 1, 1)) == "01/01/0001"
    assert short_date(date(999, 12, 31), Language.EN) == "31/12/0999"
