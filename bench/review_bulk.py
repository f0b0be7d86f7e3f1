"""Approving a long review queue in one decision: ``recouvre review approve --creditor ...``.

usage: .venv/bin/python bench/review_bulk.py --actions 20000

Builds a SQLite database in a temporary folder with one creditor, ``--actions`` cases and one
action awaiting approval each (written straight into the tables, before the timer), then times
``ReviewQueue.approve_where`` (set-based updates and one journal entry per action, one
transaction). Prints ONE JSON line: actions, seconds, actions_per_second, raw_rows_per_second
(a plain executemany UPDATE of the same rows, the storage limit on this machine), peak_rss_mb.
Target: 20 000 actions in under 5 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from seed_portfolio import seed_cases

from recouvre.bootstrap import build, review_queue
from recouvre.services.daily_run.ports import ReviewFilter
from recouvre.settings import Settings


def _fill(database: Path, count: int) -> None:
    with sqlite3.connect(database) as db:
        seed_cases(db, count, phase="formal_notice")
        db.executemany(
            "INSERT INTO actions (idempotency_key, case_id, step_id, attempt, kind, channel,"
            " template, due_on, status, requires_approval, extra_delay_days, payload, created_at,"
            " updated_at) VALUES (?, ?, 'mise_en_demeure', 1, 'formal_notice',"
            " 'registered_letter', 'formal_notice', '2026-12-07', 'awaiting_approval', 1, 8,"
            " '{}', 't', 't')",
            [(f"case:{i}:step:mise_en_demeure:attempt:1", i) for i in range(1, count + 1)],
        )


def _raw_rate(database: Path, count: int) -> float:
    with sqlite3.connect(database) as db:
        started = time.perf_counter()
        db.executemany(
            "UPDATE actions SET status = 'awaiting_approval', updated_at = ? WHERE id = ?",
            [("u", i) for i in range(1, count + 1)],
        )
        db.rollback()
        return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        app = build(Settings(f"sqlite:///{database}", Path(folder), None, "fr"), actor="bench")
        from recouvre.adapters.db.migrations import upgrade

        upgrade(app.engine)
        _fill(database, args.actions)
        raw = _raw_rate(database, args.actions)
        queue = review_queue(app, "bench")
        started = time.perf_counter()
        done = queue.approve_where(ReviewFilter(creditor_siren="732829320"), date(2026, 12, 7))
        seconds = time.perf_counter() - started
        app.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "actions": done, "seconds": round(seconds, 3),
        "actions_per_second": round(done / seconds), "raw_rows_per_second": round(raw),
        "peak_rss_mb": round(peak, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
