"""What a person reads in the command line is French: no Python value (``{'sent': 0}``,
``None``, ``Decimal('…')``), no internal identifier (``idempotency_key=``), no raw enum value
(``amicable``, ``company``, ``queued``). Walked over the demo portfolio after a daily run and a
judicial procedure; ``case show`` opens with a summary whose figures are the statement's."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.letters.formatting import eur

ON = "2026-11-23"
PROCEDURE_CASE = "D-2026-000056"
CONSUMER_CASE = "D-2026-000084"

REPR = re.compile(
    r"\{'|\bNone\b|\bTrue\b|\bFalse\b|Decimal\(|datetime\.date\(|datetime\.datetime\(|=None"
    r"|_key="
)
RAW_VALUES = (
    "amicable",
    "formal_notice",
    "pre_litigation",
    "awaiting_approval",
    "queued",
    "deferred",
    "company",
    "consumer",
    "unknown",
    "forgetful",
    "in_difficulty",
    "payment_order",
    "registered_letter",
    "percent",
)
RAW = re.compile(r"(?<![\w-])(" + "|".join(RAW_VALUES) + r")(?![\w-])")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The demo portfolio, a daily run (no sending), and a payment order with its filing."""
    root = tmp_path_factory.mktemp("french")
    env = {
        "RECOUVRE_DATA_DIR": str(root / "data"),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{root / 'data' / 'demo.sqlite3'}",
        "COLUMNS": "160",
    }
    run(env, "demo", "--on", ON)
    run(env, "run", "--on", ON, "--sans-envoi")
    run(env, "judicial", "start", PROCEDURE_CASE, "payment_order", "--on", ON, "--force")
    run(env, "judicial", "event", "1", "depose", "--on", "2026-11-24")
    run(env, "run", "--on", "2026-11-24", "--sans-envoi")  # a call task comes due
    return env


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def offending(output: str) -> list[str]:
    """The lines showing a Python value or a raw enum value (command examples left out)."""
    bad = []
    for line in output.splitlines():
        text = re.sub(r"recouvre [a-z][^)»]*", "", line)  # « recouvre case documents … »
        if REPR.search(text) or RAW.search(text):
            bad.append(line)
    return bad


HUMAN_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("case", "show", PROCEDURE_CASE),
    ("case", "show", CONSUMER_CASE),
    ("case", "show", "D-2026-000064"),
    ("event", "attitude", "D-2026-000009", "forgetful"),
    ("case", "show", "D-2026-000009"),
    ("cases", "list"),
    ("outbox", "list"),
    ("outbox", "list", "--status", "queued"),
    ("outbox", "list", "--status", "cancelled"),
    ("outbox", "list", "--status", "deferred"),
    ("debtor", "list"),
    ("debtor", "show", "160"),
    ("creditor", "list"),
    ("creditor", "show", "462011297"),
    ("calls", "list"),
    ("judicial", "procedures", PROCEDURE_CASE),
    ("judicial", "agenda", "--on", "2026-11-24"),
    ("judicial", "advise", CONSUMER_CASE, "--on", ON),
    ("scenarios", "list"),
    ("scenarios", "show", "consommateurs"),
    ("case", "documents", PROCEDURE_CASE),
    ("journal", "verify"),
    ("law", "rates", "--on", ON),
    ("judicial", "title", "D-2026-000064", "--pronounced-on", "2026-10-01", "--amount", "1000"),
    ("judicial", "statement", "D-2026-000064"),
    ("demo", "--on", ON, "--keep"),
    ("run", "--on", "2026-11-24", "--sans-envoi", "--dry-run"),
)


def test_no_human_output_shows_a_python_value_or_a_raw_enum_value(env: dict[str, str]) -> None:
    found: dict[str, list[str]] = {}
    calls = json.loads(run(env, "calls", "list", "--json"))
    assert calls, "the demo's second day has a call to make"
    for command in (*HUMAN_COMMANDS, ("calls", "show", str(calls[0]["action"]))):
        bad = offending(run(env, *command))
        if bad:
            found[" ".join(command)] = bad
    report = "\n".join(
        f"recouvre {command}:\n" + "\n".join(f"    {line}" for line in lines)
        for command, lines in found.items()
    )
    assert not found, "sorties avec des valeurs brutes :\n" + report


def test_case_show_says_dates_and_words_in_french(env: dict[str, str]) -> None:
    output = run(env, "case", "show", CONSUMER_CASE)
    assert "phase amiable" in output and "particulier" in output
    assert "ouvert le 23/11/2026" in output
    assert "Action planifiée" in output and "canal : courriel" in output
    assert "idempotency" not in output and "from_scenario" not in output


def _summary(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("En résumé au "))
    end = next(i for i, line in enumerate(lines) if line.startswith("Créancier :"))
    return lines[start:end]


def test_case_show_opens_with_what_is_owed_today_by_the_statement(env: dict[str, str]) -> None:
    for case in (PROCEDURE_CASE, CONSUMER_CASE):
        output = run(env, "case", "show", case)
        advice = json.loads(run(env, "judicial", "advise", case, "--json"))
        amounts = {k: Decimal(v) for k, v in advice["amounts"].items()}
        summary = "\n".join(_summary(output))
        assert output.splitlines()[0].startswith(f"Dossier {case}")
        day = date.fromisoformat(advice["on"]).strftime("%d/%m/%Y")
        assert f"En résumé au {day}" in summary
        assert f"Dû aujourd'hui : {eur(amounts['total'])}" in summary
        assert f"principal : {eur(amounts['principal'])}" in summary
        assert f"intérêts et pénalités de retard : {eur(amounts['interest'])}" in summary
        assert f"indemnité forfaitaire de recouvrement : {eur(amounts['indemnity'])}" in summary
        assert f"(recouvre case documents {case})" in summary
    assert amounts["total"] == amounts["principal"] + amounts["interest"] + amounts["indemnity"]


def test_case_show_summary_names_the_next_action_and_its_date(env: dict[str, str]) -> None:
    queued = json.loads(run(env, "outbox", "list", "--status", "queued", "--json"))
    case_id = int(CONSUMER_CASE.rsplit("-", 1)[1])
    action = min(
        (a for a in queued if a["case_id"] == case_id), key=lambda a: (a["due_on"], a["action"])
    )
    due = date.fromisoformat(action["due_on"]).strftime("%d/%m/%Y")
    summary = "\n".join(_summary(run(env, "case", "show", CONSUMER_CASE)))
    line = next(line for line in summary.splitlines() if "Prochaine action" in line)
    assert f"le {due}" in line and f"action {action['action']}" in line, line
    assert "par courriel" in line and "en file d'envoi" in line, line
    assert "Procédures judiciaires en cours : aucune" in summary


def test_case_show_summary_lists_the_open_procedure_and_its_next_deadline(
    env: dict[str, str],
) -> None:
    summary = "\n".join(_summary(run(env, "case", "show", PROCEDURE_CASE)))
    agenda = json.loads(run(env, "judicial", "agenda", "--json"))
    first = min((i for i in agenda if i["case"] == PROCEDURE_CASE), key=lambda i: i["due_on"])
    due = date.fromisoformat(first["due_on"]).strftime("%d/%m/%Y")
    assert f"Procédure n° 1 : injonction de payer, prochaine échéance le {due}" in summary
