"""Stored text that holds terminal controls (written straight into the database, past the
import's checks) never reaches the terminal as such, and its letter still prints."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
HOSTILE = "Marie \x1b[2J\x1b]0;pwned\x07Dupont\u202e\x9b"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _poison(env: dict[str, str]) -> None:
    engine = sa.create_engine(env["RECOUVRE_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE debtors SET name = :n WHERE postal_code = '97400'"), {"n": HOSTILE}
        )
    engine.dispose()


def test_no_printer_lets_a_control_character_through(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    _poison(env)
    outputs = []
    for args in (
        ("case", "show", "D-2026-000002"),
        ("cases", "list"),
        ("debtor", "list"),
        ("run", "--on", "2026-03-02", "--dry-run"),
        ("review", "list"),
        ("case", "show", "D-2026-000002", "--json"),
    ):
        code, out, err = run(env, *args)
        assert code == 0, (args, err)
        outputs.append(out + err)
    shown = "\n".join(outputs)
    for character in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert character not in shown
    assert "Marie \\x1b[2J\\x1b]0;pwned\\x07Dupont\\u202e\\x9b" in outputs[0]
    json.loads(outputs[-1])  # the JSON stays JSON (json.dumps escapes them itself)


def test_the_letter_of_a_poisoned_name_prints_without_the_controls(
    seeded_cli_env: dict[str, str],
) -> None:
    # the sender checks the contact window at its own instant: a Monday morning
    env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    _poison(env)
    code, _, err = run(env, "creditor", "set", "552100554",
                       "--iban", "FR76 3000 6000 0112 3456 7890 189", "--bic", "AGRIFRPPXXX",
                       "--address", "2 rue de Paris", "--postal-code", "97400",
                       "--city", "Saint-Denis")  # fmt: skip
    assert code == 0, err
    code, out, err = run(env, "run", "--on", "2026-03-02", "--json")
    assert code == 0, err
    assert json.loads(out)["sending"]["by_channel"] == {"letter": 1}
    [pdf] = (Path(env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf")
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        text = document.pages[0].extract_text() or ""
    assert "Marie [2J]0;pwnedDupont" in text and "\x1b" not in text
