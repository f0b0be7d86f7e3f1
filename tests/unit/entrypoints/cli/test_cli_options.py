"""One date parser and one money parser for the whole command line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import typer

from recouvre.entrypoints.cli.options import (
    date_or_today,
    euros,
    optional_date,
    optional_money,
    parse_date,
    parse_money,
)
from recouvre.entrypoints.cli.setup import USAGE_ERROR


@pytest.mark.parametrize("text", ["23/11/2026", "2026-11-23", " 23/11/2026 "])
def test_a_date_is_french_or_iso(text: str) -> None:
    assert parse_date(text, "--on") == date(2026, 11, 23)


@pytest.mark.parametrize("text", ["31/02/2026", "2026-13-01", "23/11/26", "demain", ""])
def test_an_unreadable_date_is_a_french_usage_error(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit) as stopped:
        parse_date(text, "--on")
    assert stopped.value.exit_code == USAGE_ERROR
    assert f"erreur : --on : date invalide « {text} » (JJ/MM/AAAA ou AAAA-MM-JJ attendu)" in (
        capsys.readouterr().err
    )


def test_absent_dates() -> None:
    assert date_or_today(None, "--on", lambda: date(2026, 1, 2)) == date(2026, 1, 2)
    assert optional_date(None, "--by") is None


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1 234,56", "1234.56"), ("1234.56", "1234.56"), ("1\u202f234,50 €", "1234.50"), ("7", "7")],
)
def test_an_amount_is_written_the_french_way_or_with_a_point(text: str, amount: str) -> None:
    assert parse_money(text, "--amount") == Decimal(amount)


def test_an_unreadable_amount_is_a_french_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as stopped:
        parse_money("12,345", "--amount")
    assert stopped.value.exit_code == USAGE_ERROR
    assert "erreur : --amount : montant avec plus de deux décimales" in capsys.readouterr().err
    assert optional_money(None, "--amount") is None


def test_amounts_are_printed_with_french_typography() -> None:
    assert euros(Decimal("1234.5")) == "1\u202f234,50\u00a0€"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("92 233 720 368 547 758,08", "montant supérieur au plafond de 9 999 999 999,99 €"),
        ("1" + "0" * 26, "montant hors limites : « 1" + "0" * 26 + " »"),
        ("١٢٣,٤٥", "montant illisible : « ١٢٣,٤٥ »"),
        ("１２３", "montant illisible : « １２３ »"),
    ],
)
def test_amounts_beyond_the_ceiling_or_in_foreign_digits_are_refused(
    text: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit) as stopped:
        parse_money(text, "--amount")
    assert stopped.value.exit_code == USAGE_ERROR
    assert f"erreur : --amount : {message}" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["31/12/9999", "01/01/0001", "٢٣/١١/٢٠٢٦"])
def test_dates_outside_the_input_range_or_in_foreign_digits_are_refused(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit) as stopped:
        parse_date(text, "--on")
    assert stopped.value.exit_code == USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith("erreur : --on : ") and "Traceback" not in err
    assert ("date hors limites" in err) or (f"date invalide « {text} »" in err)


def test_the_ceiling_and_the_last_date_themselves_are_accepted() -> None:
    assert parse_money("9 999 999 999,99", "--amount") == Decimal("9999999999.99")
    assert parse_date("31/12/2199", "--on") == date(2199, 12, 31)


def test_the_error_prefix_is_english_when_recouvre_lang_is_en(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RECOUVRE_LANG", "en")
    with pytest.raises(typer.Exit):
        parse_money("12,345", "--amount")
    err = capsys.readouterr().err
    assert err.startswith("error: --amount : montant avec plus de deux décimales")
    assert "erreur" not in err
