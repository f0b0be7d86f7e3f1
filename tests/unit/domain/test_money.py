"""Money: Decimal euros, integer cents, French and ISO amount parsing."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvre.domain.money import InvalidAmount, from_cents, parse_amount, round_cents, to_cents


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", "1234.56"),
        ("1\u202f234,56\u00a0€", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("12", "12.00"),
        ("-3,10", "-3.10"),
        ("0,01 EUR", "0.01"),
    ],
)
def test_parse_amount_accepts_french_and_iso_forms(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1,234,56x", "12,345", "NaN", "Infinity"])
def test_parse_amount_refuses_with_a_french_message(text: str) -> None:
    with pytest.raises(InvalidAmount, match="montant"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1e5", "1E5", "2,5e3", "1e-2", "-1e2", "1_000", "1 000_00"])
def test_parse_amount_refuses_exponents_and_underscores(text: str) -> None:
    """``Decimal`` reads these; an amount on an invoice is never written so."""
    with pytest.raises(InvalidAmount, match="montant illisible"):
        parse_amount(text)


def test_round_cents_is_half_up() -> None:
    assert round_cents(Decimal("1.005")) == Decimal("1.01")
    assert round_cents(Decimal("1.0049")) == Decimal("1.00")
    assert round_cents(Decimal("-1.005")) == Decimal("-1.01")


def test_to_cents_refuses_sub_cent_amounts() -> None:
    with pytest.raises(InvalidAmount):
        to_cents(Decimal("0.001"))


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_cents_round_trip(cents: int) -> None:
    assert to_cents(from_cents(cents)) == cents


@pytest.mark.parametrize("text", ["١٢٣,٤٥", "１２３", "12३"])
def test_parse_amount_refuses_digits_other_than_ascii(text: str) -> None:
    with pytest.raises(InvalidAmount, match="montant illisible"):
        parse_amount(text)


def test_parse_amount_refuses_an_amount_no_decimal_context_holds() -> None:
    with pytest.raises(InvalidAmount, match="montant hors limites"):
        parse_amount("1" + "0" * 26)
