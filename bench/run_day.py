"""Benchmark of the daily run: a portfolio of N open invoices, the first run and a re-run.

    .venv/bin/python bench/run_day.py --invoices 1000000

Builds, before the timer, a fresh SQLite database migrated with the project's migrations and
bulk-inserts (plain executemany, untimed) N open invoices, about three per case, one debtor
per case (nine in ten companies, one in ten consumers; a third without e-mail, a fifth without
phone; départements drawn over metropolitan France with Moselle and Bas-Rhin, and a few
overseas), due dates spread over the last nine months. Then times ``run_day`` on a Tuesday
(every case is planned for the first time: scenario selection, plan, guard, actions, plan
state, journal) and the idempotent re-run on the same date. Prints ONE JSON line: invoices,
cases, first_run_s, rerun_s, actions (issued by the first run; the re-run must issue 0:
``rerun_actions``), first_run_user_s / first_run_system_s / rerun_cpu_s (the process's
CPU time, ``resource.getrusage``: the machine is shared), peak_rss_mb (``resource.getrusage``,
the whole process).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from recouvre.bootstrap import build, run_day, run_settings
from recouvre.settings import load_settings

RUN_ON = date(2026, 3, 3)  # a Tuesday: letters, calls and e-mails all within their windows
DEPARTEMENTS = ["75", "69", "13", "33", "59", "57", "67", "31", "44", "06", "974", "35", "21"]


class BenchClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return RUN_ON


def build_portfolio(engine: object, invoices: int, seed: int = 4) -> int:
    """Bulk insert creditors, debtors, cases and invoices; returns the number of cases."""
    rng = random.Random(seed)
    cases = max(1, invoices // 3)
    connection = engine.raw_connection()  # type: ignore[attr-defined]
    cursor = connection.cursor()
    cursor.executemany(
        "INSERT INTO creditors (id, name, siren) VALUES (?, ?, ?)",
        [(i, f"Créancier {i}", f"{100000000 + i}") for i in range(1, 11)],
    )
    debtors, case_rows, invoice_rows = [], [], []
    number = 0
    first_due = RUN_ON - timedelta(days=270)
    for case_id in range(1, cases + 1):
        dep = rng.choice(DEPARTEMENTS)
        postal = f"{dep}000" if len(dep) == 2 else f"{dep}00"
        consumer = rng.random() < 0.1
        debtors.append(
            (case_id, f"bench:{case_id}", "consumer" if consumer else "company",
             f"Débiteur {case_id}", "1 rue de la Paix", postal, "Ville", "FR", dep,
             "" if rng.random() < 0.33 else f"d{case_id}@exemple.fr",
             "" if rng.random() < 0.2 else "0612345678")
        )  # fmt: skip
        creditor = 1 + case_id % 10
        case_rows.append(
            (case_id, creditor, case_id, f"D-2026-{case_id:06d}", "amicable", "unknown",
             date(2026, 1, 1).isoformat())
        )  # fmt: skip
        count = 3 if case_id <= cases - (invoices - 3 * cases) else 4
        for _ in range(min(count, invoices - number)):
            number += 1
            due = first_due + timedelta(days=rng.randrange(0, 260))
            invoice_rows.append(
                (number, creditor, case_id, case_id, f"F{number:08d}",
                 (due - timedelta(days=30)).isoformat(), due.isoformat(),
                 rng.randrange(5000, 500000), 0)
            )  # fmt: skip
    cursor.executemany(
        "INSERT INTO debtors (id, key, kind, name, address_lines, postal_code, city, country, "
        "departement, emails, phones) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        debtors,
    )
    cursor.executemany(
        "INSERT INTO cases (id, creditor_id, debtor_id, reference, phase, attitude, opened_on) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        case_rows,
    )
    cursor.executemany(
        "INSERT INTO invoices (id, creditor_id, debtor_id, case_id, number, issue_date, "
        "due_date, amount_cents, paid_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        invoice_rows,
    )
    connection.commit()
    connection.close()
    return cases


def _cpu() -> tuple[float, float]:
    """(user, system) CPU seconds of this process so far: the machine is shared, wall time
    says little, the process's CPU time is what the run costs."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=20_000)
    parser.add_argument(
        "--dir", type=Path, default=None, help="dossier de la base (défaut : temporaire)"
    )
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="recouvre-bench-run-"))
    env = {
        "RECOUVRE_DATA_DIR": str(folder),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
    }
    app = build(load_settings(env), clock=BenchClock(), actor="bench")
    app.init_database()
    cases = build_portfolio(app.engine, args.invoices)
    settings = run_settings(app, page_size=args.page_size)
    cpu0, start = _cpu(), time.perf_counter()
    first = run_day(app, RUN_ON, settings=settings, keep_lines=0)
    first_s, first_cpu = time.perf_counter() - start, _cpu()
    again = run_day(app, RUN_ON, settings=settings, keep_lines=0)
    rerun_s, rerun_cpu = time.perf_counter() - first_s - start, _cpu()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "invoices": args.invoices,
                "cases": cases,
                "first_run_s": round(first_s, 2),
                "rerun_s": round(rerun_s, 2),
                "first_run_user_s": round(first_cpu[0] - cpu0[0], 2),
                "first_run_system_s": round(first_cpu[1] - cpu0[1], 2),
                "rerun_cpu_s": round(sum(rerun_cpu) - sum(first_cpu), 2),
                "actions": first.actions,
                "rerun_actions": again.actions,
                "queued": first.queued,
                "awaiting_approval": first.awaiting_approval,
                "deferred": first.deferred,
                "cancelled": first.cancelled,
                "peak_rss_mb": round(peak, 1),
            }
        )
    )
    app.dispose()


if __name__ == "__main__":
    main()
