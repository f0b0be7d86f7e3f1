"""French wording of statement lines (recouvre.law.statement.explain), without Babel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.statement.explain import format_euros, format_number, format_rate, interest_line

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("0", "0,00"),
        ("5.5", "5,50"),
        ("999.994", "999,99"),
        ("999.995", "1" + NNBSP + "000,00"),
        ("1234567.891", "1" + NNBSP + "234" + NNBSP + "567,89"),
        ("-12345.6", "-12" + NNBSP + "345,60"),
    ],
)
def test_numbers_the_french_way(value: str, text: str) -> None:
    assert format_number(Decimal(value)) == text


def test_euros_and_rates() -> None:
    assert format_euros(Decimal("1594")) == "1" + NNBSP + "594,00" + NBSP + "€"
    assert format_rate(Decimal("14.5")) == "14,50" + NBSP + "%"
    assert format_rate(Decimal("12.125")) == "12,125" + NBSP + "%"


def test_the_issue_sentence() -> None:
    line = interest_line(
        "Pénalités de retard",
        Decimal("14.50"),
        date(2024, 3, 16),
        date(2024, 6, 30),
        107,
        Decimal("524.78"),
    )
    assert line.replace(NBSP, " ") == (
        "Pénalités de retard au taux de 14,50 % du 16/03/2024 au 30/06/2024, "
        "soit 107 jours : 524,78 €"
    )
    one = interest_line(
        "Intérêts légaux", Decimal("2.76"), date(2025, 7, 1), date(2025, 7, 1), 1, Decimal("0.08")
    )
    assert "soit 1 jour :" in one
