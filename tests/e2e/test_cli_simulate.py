"""Transcript tests of ``recouvre simulate`` on the seeded two-case database."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app


def invoke(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={**env, "COLUMNS": "100"})
    return result.exit_code, result.output


def test_json_is_deterministic_and_the_curve_adds_up(seeded_cli_env: dict[str, str]) -> None:
    args = ("simulate", "--from", "2026-03-02", "--days", "40", "--seed", "3", "--json")
    code, first = invoke(seeded_cli_env, *args)
    assert code == 0, first
    code, second = invoke(seeded_cli_env, *args)
    assert code == 0 and first == second
    data = json.loads(first)
    assert data["initial_cases"] == 2 and data["days"] == 40 and len(data["series"]) == 40
    daily = [Decimal(d["recovered"]) for d in data["series"]]
    cumulative = [Decimal(d["cumulative"]) for d in data["series"]]
    assert cumulative == sorted(cumulative)
    assert sum(daily) == cumulative[-1] == Decimal(data["recovered"])
    initial = Decimal(data["initial_outstanding"])
    assert initial == Decimal("1284.46")  # (1 234,56 - 100,00) + 50,00 + 99,90, as seeded
    assert Decimal(data["share"]) == (cumulative[-1] / initial).quantize(Decimal("0.0001"))
    assert sum(data["contacts"].values()) == sum(
        sum(d["contacts"].values()) for d in data["series"]
    )


def test_text_output_and_the_configured_database_is_left_alone(
    seeded_cli_env: dict[str, str],
) -> None:
    database = Path(seeded_cli_env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
    code, output = invoke(seeded_cli_env, "simulate", "--du", "02/03/2026", "--jours", "15")
    assert code == 0, output
    assert "Courbe de recouvrement" in output
    assert "Contacts par canal" in output
    assert "Garde-fou" in output
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM actions").fetchone() == (0,)


def test_a_bad_date_is_a_french_error(seeded_cli_env: dict[str, str]) -> None:
    code, output = invoke(seeded_cli_env, "simulate", "--from", "2026-13-40")
    assert code == 2
    assert "--from : date invalide « 2026-13-40 » (JJ/MM/AAAA ou AAAA-MM-JJ attendu)" in output


def test_without_a_database_it_says_to_run_init(cli_env: dict[str, str]) -> None:
    code, output = invoke(cli_env, "simulate", "--days", "2")
    assert code == 1
    assert "recouvre init" in output
