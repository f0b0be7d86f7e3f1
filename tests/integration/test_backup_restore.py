"""``recouvre backup`` and ``recouvre restore`` (issue 16, Operations).

A backup taken while ``recouvre run`` writes (a subprocess committing one small page after
another) is one consistent snapshot: restored, it holds part of the run and ``recouvre journal
verify`` accepts it. A restore refuses what is not a recouvre database (random bytes, another
SQLite database, an unknown schema revision) and changes nothing; it keeps the database it
replaces aside. A backup never overwrites a file unless ``--force``. On PostgreSQL, the same
round trip with ``pg_dump -Fc`` / ``pg_restore``.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.run_world import seed_cases

RECOUVRE = str(Path(sys.executable).with_name("recouvre"))
runner = CliRunner()


def seed(env: dict[str, str], cases: int) -> None:
    seed_cases(env, cases, Decimal("120.50"))


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout + result.stderr


def actions_in(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM actions").fetchone()[0])


def env_for(folder: Path) -> dict[str, str]:
    return {
        "RECOUVRE_DATA_DIR": str(folder),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{folder / 'recouvre.sqlite3'}",
    }


def test_a_backup_taken_during_a_run_restores_to_a_verified_journal(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    cases = 240
    seed(cli_env, cases)
    full = {**os.environ, **cli_env, "RECOUVRE_RUN_PAGE_SIZE": "2"}
    full.pop("RECOUVRE_RUN_CRASH_AFTER_PAGES", None)
    running = subprocess.Popen(
        [RECOUVRE, "run", "--on", "2026-03-02", "--sans-envoi"], env=full,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    copies: list[Path] = []
    while running.poll() is None and len(copies) < 40:
        target = tmp_path / f"copie-{len(copies)}.sqlite3"
        code, out = cli(cli_env, "backup", str(target))
        assert code == 0, out
        copies.append(target)
    _, err = running.communicate(timeout=600)
    assert running.returncode == 0, err
    final = actions_in(Path(cli_env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")))
    assert final == cases
    during = [copy for copy in copies if 0 < actions_in(copy) < final]
    assert during, [actions_in(copy) for copy in copies]  # at least one taken mid-run

    for n, copy in enumerate(during[:3]):
        target = env_for(tmp_path / f"restored-{n}")
        code, out = cli(target, "init")
        assert code == 0, out
        code, out = cli(target, "restore", str(copy), "--yes")
        assert code == 0, out
        assert "l'ancienne base est gardée" in out
        code, out = cli(target, "journal", "verify")
        assert code == 0 and "Journal intègre" in out, out
        # the restored run carries on: the next run completes what the copy lacked
        code, out = cli(target, "run", "--on", "2026-03-02", "--sans-envoi")
        assert code == 0, out
        restored = Path(target["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
        assert actions_in(restored) == final


@pytest.mark.parametrize("content", ["garbage", "other_sqlite", "unknown_revision"])
def test_restoring_what_is_not_a_recouvre_database_is_refused_and_changes_nothing(
    seeded_cli_env: dict[str, str], tmp_path: Path, content: str
) -> None:
    env = seeded_cli_env
    live = Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
    code, out = cli(env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0, out
    before = actions_in(live)
    source = tmp_path / "copie.sqlite3"
    if content == "garbage":
        source.write_bytes(os.urandom(8192))
    elif content == "other_sqlite":
        with sqlite3.connect(source) as db:
            db.execute("CREATE TABLE clients (nom TEXT)")
    else:
        code, out = cli(env, "backup", str(source))
        assert code == 0, out
        with sqlite3.connect(source) as db:
            db.execute("UPDATE alembic_version SET version_num = '9999_future'")
    code, out = cli(env, "restore", str(source), "--yes")
    assert code == 1, out
    assert "restauration refusée, rien n'a changé" in out, out
    assert "Traceback" not in out
    assert actions_in(live) == before
    assert not list(live.parent.glob("*avant-restauration*"))
    code, out = cli(env, "journal", "verify")
    assert code == 0, out


def test_a_backup_never_overwrites_a_file_unless_forced(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "copie.sqlite3"
    target.write_bytes(b"precious")
    code, out = cli(seeded_cli_env, "backup", str(target))
    assert code == 1 and "existe déjà" in out and "--force" in out, out
    assert target.read_bytes() == b"precious"
    code, out = cli(seeded_cli_env, "backup", str(target), "--force")
    assert code == 0, out
    assert actions_in(target) == 0  # a real database now


def test_a_restore_not_confirmed_changes_nothing(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    copy = tmp_path / "copie.sqlite3"
    assert cli(seeded_cli_env, "backup", str(copy))[0] == 0
    code, out = cli(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0, out
    live = Path(seeded_cli_env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
    before = actions_in(live)
    result = runner.invoke(app, ["restore", str(copy)], env=seeded_cli_env, input="n\n")
    assert result.exit_code == 1
    assert actions_in(live) == before > 0
    result = runner.invoke(app, ["restore", str(copy)], env=seeded_cli_env, input="o\n")
    assert result.exit_code == 1  # « o » is not yes for click: still nothing
    result = runner.invoke(app, ["restore", str(copy)], env=seeded_cli_env, input="y\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert actions_in(live) == 0  # the copy taken before the run
    kept = list(live.parent.glob("*avant-restauration*"))
    assert len(kept) == 1 and actions_in(kept[0]) == before


@pytest.mark.backends("postgresql")  # the pg_dump/pg_restore path; SQLite is tested above
def test_postgresql_round_trip_with_pg_dump(db_url: str, tmp_path: Path) -> None:
    env = {"RECOUVRE_DATA_DIR": str(tmp_path / "donnees"), "RECOUVRE_DATABASE_URL": db_url}
    seed(env, 6)
    code, out = cli(env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0, out
    dump = tmp_path / "copie.dump"
    code, out = cli(env, "backup", str(dump))
    assert code == 0, out
    engine = sa.create_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE actions SET status = 'cancelled'"))
        code, out = cli(env, "restore", str(dump), "--yes")
        assert code == 0, out
        with engine.connect() as connection:
            statuses = set(connection.scalars(sa.text("SELECT DISTINCT status FROM actions")))
        assert "cancelled" not in statuses and statuses
    finally:
        engine.dispose()
    code, out = cli(env, "journal", "verify")
    assert code == 0, out
    garbage = tmp_path / "garbage.dump"
    garbage.write_bytes(os.urandom(4096))
    code, out = cli(env, "restore", str(garbage), "--yes")
    assert code == 1 and "restauration refusée, rien n'a changé" in out, out
