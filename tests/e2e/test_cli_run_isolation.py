"""``recouvre run`` with one case the run cannot handle (issue 12, item 2): an invoice due
31/12/9999 written straight into the database, past the import's date check. The case is set
aside for review with its reason, the other cases are planned and written, the exit code says
so, and a re-run adds nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
SET_ASIDE = 3  # documented in docs/daily-run.md


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def _database(env: dict[str, str]) -> Path:
    return Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


def _break_case_2(env: dict[str, str]) -> None:
    with sqlite3.connect(_database(env)) as db:
        db.execute("UPDATE invoices SET due_date = '9999-12-31' WHERE number = 'M-77'")


def _actions(env: dict[str, str]) -> list[tuple[int, str, str, str | None]]:
    with sqlite3.connect(_database(env)) as db:
        return db.execute(
            "SELECT case_id, step_id, status, reason FROM actions ORDER BY id"
        ).fetchall()


def test_a_failing_case_is_set_aside_and_the_others_are_written(
    seeded_cli_env: dict[str, str],
) -> None:
    env = seeded_cli_env
    _break_case_2(env)
    code, out, err = run(env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == SET_ASIDE, (out, err)
    assert "Traceback" not in out + err
    assert "1 dossier mis en revue : D-2026-000002" in out
    assert "facture M-77 échue le 31/12/9999" in out
    assert "actions : 1" in out  # case 1 went on
    actions = _actions(env)
    assert [(a[0], a[1], a[2]) for a in actions] == [
        (1, "relance_courtoise", "queued"),
        (2, "revue_anomalie", "awaiting_approval"),
    ]
    reason = actions[1][3]
    assert reason is not None and "calcul de date hors du calendrier" in reason
    assert "year 10000 is out of range" in reason

    code, out, _ = run(env, "review", "list", "--json")
    assert code == 0
    [item] = json.loads(out)
    assert item["case_id"] == 2 and item["step_id"] == "revue_anomalie"
    assert "31/12/9999" in item["reason"]
    with sqlite3.connect(_database(env)) as db:
        kinds = [k for (k,) in db.execute(
            "SELECT kind FROM journal_entries WHERE case_id = 2 ORDER BY id"
        )]  # fmt: skip
    assert kinds.count("case_set_aside") == 1

    # A re-run the same day: nothing new for case 1, case 2 still in review, no duplicate.
    code, out, _ = run(env, "run", "--on", "2026-03-02", "--sans-envoi", "--json")
    assert code == SET_ASIDE
    data = json.loads(out)
    assert data["actions"] == 0 and data["cases_set_aside"] == 1
    [entry] = data["set_aside"]
    assert entry["reference"] == "D-2026-000002" and entry["new"] is False
    assert entry["review_action_id"] == item["id"]
    assert _actions(env) == actions
    with sqlite3.connect(_database(env)) as db:
        (count,) = db.execute(
            "SELECT count(*) FROM journal_entries WHERE kind = 'case_set_aside'"
        ).fetchone()
    assert count == 1
    code, out, _ = run(env, "journal", "verify")
    assert code == 0, out


def test_the_dry_run_sets_the_case_aside_and_writes_nothing(
    seeded_cli_env: dict[str, str],
) -> None:
    env = seeded_cli_env
    _break_case_2(env)
    code, out, err = run(env, "run", "--on", "2026-03-02", "--dry-run", "--json")
    assert code == SET_ASIDE, err
    data = json.loads(out)
    assert data["actions"] == 1 and data["lines"][0]["reference"] == "D-2026-000001"
    assert [e["reference"] for e in data["set_aside"]] == ["D-2026-000002"]
    assert _actions(env) == []


def test_once_corrected_the_case_is_planned_again(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    _break_case_2(env)
    run(env, "run", "--on", "2026-03-02", "--sans-envoi")
    with sqlite3.connect(_database(env)) as db:
        db.execute("UPDATE invoices SET due_date = '2026-01-15' WHERE number = 'M-77'")
    code, out, err = run(env, "run", "--on", "2026-03-03", "--sans-envoi", "--json")
    assert code == 0, (out, err)
    data = json.loads(out)
    assert data["set_aside"] == [] and data["actions"] == 1
    assert data["lines"][0]["reference"] == "D-2026-000002"


def test_a_deferred_action_that_cannot_be_read_sets_its_case_aside(
    seeded_cli_env: dict[str, str],
) -> None:
    """Stage 2 (deferred actions released) isolates too: case 1's e-mail, deferred by a run
    at 22:00, gets a channel no code knows; the next day's run sets case 1 aside, goes on."""
    env = seeded_cli_env
    code, _, err = run(env, "run", "--on", "2026-03-02", "--heure", "22:00", "--sans-envoi")
    assert code == 0, err
    with sqlite3.connect(_database(env)) as db:
        db.execute("UPDATE actions SET channel = 'pigeon' WHERE case_id = 1")
    code, out, err = run(env, "run", "--on", "2026-03-03", "--sans-envoi", "--json")
    assert code == SET_ASIDE, (out, err)
    data = json.loads(out)
    [entry] = data["set_aside"]
    assert entry["reference"] == "D-2026-000001" and "pigeon" in entry["reason"]
    assert data["deferred_released"] == 0
    statuses = [(a[0], a[1], a[2]) for a in _actions(env)]
    assert statuses == [
        (1, "relance_courtoise", "deferred"),  # left as it was, for a person to look at
        (2, "relance_1", "queued"),
        (1, "revue_anomalie", "awaiting_approval"),
    ]
