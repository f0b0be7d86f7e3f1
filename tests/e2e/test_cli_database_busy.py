"""The CLI while another process writes (issue 12, item 3): a long import holds SQLite's write
lock. ``recouvre run`` says it waits, up to ``RECOUVRE_DB_BUSY_TIMEOUT``, then goes on, or stops
with a French message and exit code 75; any other command that meets the lock says the same,
never a ``database is locked`` traceback. The writer here is a real second connection holding
``BEGIN IMMEDIATE``, as an import's transaction does."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
DATABASE_BUSY = 75  # documented in docs/daily-run.md


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def _database(env: dict[str, str]) -> Path:
    return Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


@pytest.fixture
def writer(seeded_cli_env: dict[str, str]) -> Iterator[sqlite3.Connection]:
    """A connection holding the write lock (as an import does) until the test releases it."""
    db = sqlite3.connect(_database(seeded_cli_env), isolation_level=None, check_same_thread=False)
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE cases SET attitude = attitude WHERE id = 1")
    try:
        yield db
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def _actions(env: dict[str, str]) -> int:
    with sqlite3.connect(_database(env)) as db:
        (count,) = db.execute("SELECT count(*) FROM actions").fetchone()
    return int(count)


def test_run_waits_then_stops_with_a_documented_code(
    seeded_cli_env: dict[str, str], writer: sqlite3.Connection
) -> None:
    env = {**seeded_cli_env, "RECOUVRE_DB_BUSY_TIMEOUT": "1"}
    code, out, err = run(env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == DATABASE_BUSY, (out, err)
    assert "la tournée attend qu'elle se libère, au plus 1 s" in err
    assert "erreur : base de données occupée par une autre écriture" in err
    assert "Traceback" not in out + err and "database is locked" not in out + err
    writer.execute("ROLLBACK")
    assert _actions(env) == 0


def test_run_waits_for_the_import_to_finish_then_runs(
    seeded_cli_env: dict[str, str], writer: sqlite3.Connection
) -> None:
    env = {**seeded_cli_env, "RECOUVRE_DB_BUSY_TIMEOUT": "20"}
    release = threading.Timer(0.5, lambda: writer.execute("COMMIT"))
    release.start()
    try:
        code, out, err = run(env, "run", "--on", "2026-03-02", "--sans-envoi")
    finally:
        release.join()
    assert code == 0, (out, err)
    assert "la tournée attend qu'elle se libère, au plus 20 s" in err
    assert "actions : 2" in out
    assert _actions(env) == 2


def test_any_command_meeting_the_lock_says_so_in_french(
    seeded_cli_env: dict[str, str], writer: sqlite3.Connection
) -> None:
    env = {**seeded_cli_env, "RECOUVRE_DB_BUSY_TIMEOUT": "1"}
    code, out, err = run(env, "event", "dispute", "D-2026-000001", "--reason", "facture contestée")
    assert code == DATABASE_BUSY, (out, err)
    assert "erreur : base de données occupée par une autre écriture" in err
    assert "RECOUVRE_DB_BUSY_TIMEOUT" in err
    assert "Traceback" not in out + err and "database is locked" not in out + err
