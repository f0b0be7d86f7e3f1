"""Two daily runs started together on one database (issue 16): never an action twice.

Two real ``recouvre run --on 2026-03-02`` processes are started at the same instant on a
seeded database, SQLite then PostgreSQL; each commits small pages, so that their work would
overlap. The one that comes second to the run lock is refused at once, exit code 75 and « une
tournée est déjà en cours pour le 02/03/2026 », having written nothing (on a loaded machine
the second process may start only once the first has finished: it then finds nothing due).
Then: one action per case, one ``action_planned`` entry per case in the journal (it carries
the scenario assigned), the journal verifies. A run started while another process holds the
run lock and its record (as a run at work does) is always refused; a run afterwards, alone,
issues nothing new.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from recouvre.bootstrap import build, operations
from recouvre.settings import load_settings
from support.run_world import Clock, seed_cases

RECOUVRE = str(Path(sys.executable).with_name("recouvre"))
CASES = 80
RUN_IN_PROGRESS = 75


def seed(env: dict[str, str]) -> None:
    seed_cases(env, CASES, Decimal("80.00"))


def start(env: dict[str, str], page_size: int = 2) -> subprocess.Popen[str]:
    full = {**os.environ, **env, "RECOUVRE_RUN_PAGE_SIZE": str(page_size)}
    for name in ("RECOUVRE_RUN_CRASH_AFTER_PAGES", "RECOUVRE_LOG_FORMAT", "RECOUVRE_LANG"):
        full.pop(name, None)
    return subprocess.Popen(
        [RECOUVRE, "run", "--on", "2026-03-02", "--sans-envoi", "--json"], env=full,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def scalar(engine: sa.Engine, sql: str) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql))]


def test_two_runs_started_together_never_issue_an_action_twice(db_url: str, tmp_path: Path) -> None:
    env = {"RECOUVRE_DATA_DIR": str(tmp_path / "donnees"), "RECOUVRE_DATABASE_URL": db_url}
    seed(env)
    first, second = start(env), start(env)
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    codes = sorted(process.returncode for process in (first, second))
    assert codes in ([0, RUN_IN_PROGRESS], [0, 0]), outputs
    for (_, err), process in zip(outputs, (first, second), strict=True):
        if process.returncode == RUN_IN_PROGRESS:
            assert "une tournée est déjà en cours pour le 02/03/2026" in err, err
            assert "Traceback" not in err
    engine = sa.create_engine(db_url)
    try:
        assert_each_case_once(engine)
        outcomes = scalar(engine, "SELECT outcome FROM daily_runs")
        assert outcomes == [("done",)] * codes.count(0), outcomes
    finally:
        engine.dispose()
    application = build(load_settings(env), clock=Clock(), actor="test:verify")
    try:
        assert application.verify_journal().ok
    finally:
        application.dispose()


def assert_each_case_once(engine: sa.Engine) -> None:
    per_case = scalar(engine, "SELECT case_id, count(*) FROM actions GROUP BY case_id")
    assert len(per_case) == CASES and all(n == 1 for _, n in per_case), per_case
    entries = scalar(
        engine,
        "SELECT stream, count(*) FROM journal_entries "
        "WHERE kind = 'action_planned' GROUP BY stream",
    )
    assert len(entries) == CASES and all(n == 1 for _, n in entries), entries


def test_a_run_started_while_another_holds_the_lock_is_refused(db_url: str, tmp_path: Path) -> None:
    env = {"RECOUVRE_DATA_DIR": str(tmp_path / "donnees"), "RECOUVRE_DATABASE_URL": db_url}
    seed(env)
    engine = sa.create_engine(db_url)
    holder = build(load_settings(env), clock=Clock(), actor="test:holder")
    try:
        # This process holds the run lock and its record, as a run at work does.
        with operations.exclusive_run(holder, date(2026, 3, 2)):
            second = start(env)
            out, refused = second.communicate(timeout=600)
            assert second.returncode == RUN_IN_PROGRESS, (out, refused)
            assert "une tournée est déjà en cours pour le 02/03/2026 (commencée le " in refused
            assert scalar(engine, "SELECT id FROM actions") == []  # nothing written
        holder.dispose()
        first = start(env)
        assert first.wait(timeout=600) == 0, first.communicate()
        assert_each_case_once(engine)
        assert scalar(engine, "SELECT outcome FROM daily_runs") == [("done",), ("done",)]

        third = start(env)
        out, err = third.communicate(timeout=600)
        assert third.returncode == 0, err
        assert '"actions": 0' in out
        assert len(scalar(engine, "SELECT id FROM actions")) == CASES
    finally:
        engine.dispose()
    application = build(load_settings(env), clock=Clock(), actor="test:verify")
    try:
        assert application.verify_journal().ok
    finally:
        application.dispose()
