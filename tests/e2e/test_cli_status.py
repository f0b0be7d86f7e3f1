"""``recouvre status`` (issue 16, Operations): the last run of each date and its outcome, the
actions not yet sent (the oldest, and the counts queued / awaiting approval / quarantined /
failed), each account's latest bank statement, and the jobs (none: the embedded mode). A run
killed half-way shows as interrupted, and the next run records it so."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.safe_output import install
from support.camt_files import Entry, Tx, camt053

runner = CliRunner()
RECOUVRE = str(Path(sys.executable).with_name("recouvre"))
IBAN = "FR7630006000011234567890189"


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout + result.stderr


def status(env: dict[str, str]) -> dict[str, Any]:
    code, out = cli(env, "status", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def _db(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


def test_status_before_and_after_a_run(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    env = seeded_cli_env
    code, out = cli(env, "status")
    assert code == 0, out
    assert "aucune tournée enregistrée" in out
    assert "plus ancienne action non envoyée : aucune" in out
    assert "Travaux : aucun travailleur configuré (mode embarqué)" in out

    code, out = cli(env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0, out
    data = status(env)
    assert [run["on"] for run in data["runs"]] == ["2026-03-02"]
    run = data["runs"][0]
    assert run["outcome"] == "done" and run["finished_at"] and run["duration_s"] >= 0
    with _db(env) as db:
        planned = db.execute("SELECT count(*) FROM actions").fetchone()[0]
        queued = db.execute("SELECT count(*) FROM actions WHERE status = 'queued'").fetchone()[0]
        first = db.execute(
            "SELECT id FROM actions WHERE status IN ('queued', 'sending', 'deferred') "
            "ORDER BY created_at, id LIMIT 1"
        ).fetchone()[0]
    assert planned > 0
    assert run["counts"]["actions"] == planned and run["counts"]["cases"] == 2
    assert data["actions"]["queued"] == queued
    assert set(data["actions"]) == {
        "queued", "sending", "deferred", "awaiting_approval", "quarantined", "failed"
    }  # fmt: skip
    assert data["oldest_unsent"]["id"] == first
    assert data["oldest_unsent"]["case_reference"].startswith("D-2026-")
    assert data["jobs"] == {
        "worker": None, "waiting": 0, "failed": 0,
        "message": "aucun travailleur configuré (mode embarqué)",
    }  # fmt: skip

    with _db(env) as db:  # one action failed, one quarantined: counted as such
        db.execute("UPDATE actions SET status = 'failed' WHERE id = ?", (first,))
    assert status(env)["actions"]["failed"] == 1

    code, out = cli(env, "status")
    assert "02/03/2026  terminée" in out, out
    assert "plus ancienne action non envoyée : n° " in out


def test_latest_statement_per_creditor(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    env = seeded_cli_env
    code, out = cli(env, "creditor", "set", "732829320", "--iban", IBAN)
    assert code == 0, out
    statement = tmp_path / "releve.xml"
    entries = [Entry("10.00", ref="BQ-1", value="<Dt>2026-02-26</Dt>", txs=[Tx(ustrd=("x",))])]
    statement.write_bytes(camt053(entries, version=8, iban=IBAN))
    code, out = cli(env, "import", "statement", str(statement))
    assert code == 0, out
    lines = status(env)["statements"]
    assert {"holder": "Menuiserie Durand", "latest": "2026-02-26"}.items() <= lines[0].items()
    code, out = cli(env, "status")
    assert "Menuiserie Durand : 26/02/2026" in out, out


def test_a_killed_run_shows_as_interrupted(seeded_cli_env: dict[str, str]) -> None:
    env = {**os.environ, **seeded_cli_env, "RECOUVRE_RUN_PAGE_SIZE": "1"}
    env["RECOUVRE_RUN_CRASH_AFTER_PAGES"] = "1"
    killed = subprocess.run(
        [RECOUVRE, "run", "--on", "2026-03-02", "--sans-envoi"],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert killed.returncode == 86, killed.stderr
    with _db(seeded_cli_env) as db:  # as the dead process left it
        assert db.execute("SELECT outcome FROM daily_runs").fetchall() == [("running",)]
    assert status(seeded_cli_env)["runs"][0]["outcome"] == "interrupted"  # no lock holder
    code, out = cli(seeded_cli_env, "status")
    assert "02/03/2026  interrompue" in out, out

    code, out = cli(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0, out
    with _db(seeded_cli_env) as db:
        rows = db.execute("SELECT outcome FROM daily_runs ORDER BY id").fetchall()
    assert rows == [("interrupted",), ("done",)]


def test_status_and_refusals_in_english(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    english = {**seeded_cli_env, "RECOUVRE_LANG": "en"}
    try:
        code, out = cli(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
        assert code == 0, out
        code, out = cli(english, "status")
        assert code == 0, out
        assert "Runs (the last of each date):" in out and "02/03/2026  done (started" in out
        assert "oldest action not yet sent: no. " in out
        assert "Jobs: no worker configured (embedded mode)" in out
        junk = tmp_path / "junk.bin"
        junk.write_bytes(os.urandom(2048))
        code, out = cli(english, "restore", str(junk), "--yes")
        assert code == 1 and "restore refused, nothing changed" in out, out
        code, out = cli(english, "backup", str(junk))
        assert code == 1 and "already exists: nothing was written" in out, out
    finally:
        install("fr")  # the English runs set the process's language
