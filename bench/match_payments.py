"""Statement lines matched and applied against open invoices: ``recouvre import statement``.

usage: .venv/bin/python bench/match_payments.py --lines 2000 --open-invoices 20000

Builds a SQLite database in a temporary folder: one creditor with an IBAN, ``--open-invoices``
cases of one open invoice each (written straight into the tables, before the timer), and a
camt.053 of ``--lines`` credits: a third quoting the case's RF reference, a third an invoice
number, a third nothing (the payer's name and amount only). Times the whole import (the file
read, screened and parsed, the lines keyed and stored, matched, and the payments applied with
their journal entries, in one transaction). Prints ONE JSON line: lines, open_invoices, seconds,
read_seconds, matched, review, unmatched, peak_rss_mb. Target (issue 13): 100 000 lines against
1 000 000 open invoices under 10 s and 1 GB.

Measured on the 2-core machine (shared, load about 1):

    --lines 2000 --open-invoices 20000
      before (c480f99): {"seconds": 5.61, "read_seconds": 0.2, "matched": 2000, "review": 0,
                         "unmatched": 0, "peak_rss_mb": 186.2}
      after:            {"seconds": 4.31, "read_seconds": 0.08, "matched": 2000, "review": 0,
                         "unmatched": 0, "peak_rss_mb": 186.0}
    --lines 100000 --open-invoices 1000
      before (c480f99): {"seconds": 57.43, "read_seconds": 10.63, "matched": 1000,
                         "review": 99000, "unmatched": 0, "peak_rss_mb": 805.3}
      after:            {"seconds": 10.15, "read_seconds": 4.78, "matched": 1000,
                         "review": 99000, "unmatched": 0, "peak_rss_mb": 408.6}
    --lines 100000 --open-invoices 1000000
      after:            {"seconds": 217.43, "read_seconds": 4.65, "matched": 100000,
                         "review": 0, "unmatched": 0, "peak_rss_mb": 2481.2}
      (before: not run at this size; the lines alone were written one INSERT and one UPDATE
      at a time, about 1 ms a line, and the file read took 10.7 s)

What is left for the target: each applied payment still goes through ``CaseEvents.payment``
(about 2.5 ms: 100 000 payments are some 250 s), and the index of open invoices is built in
Python from every invoice of the creditors (1 000 000 invoices: 8 s of query, 18 s of index,
1.4 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from seed_portfolio import seed_cases

from recouvre.adapters.db.migrations import upgrade
from recouvre.bootstrap import build, read_statement_files, statement_import
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.camt_files import Entry, Tx, camt053

IBAN = "FR7630006000011234567890189"


def _fill(database: Path, count: int) -> None:
    with sqlite3.connect(database) as db:
        seed_cases(db, count, phase="amicable", iban=IBAN)
        db.executemany(
            "INSERT INTO invoices (creditor_id, debtor_id, case_id, number, issue_date, due_date,"
            " amount_cents) VALUES (1, ?, ?, ?, '2026-09-01', '2026-09-30', ?)",
            ((i, i, f"FA-2026-{i:07d}", 10_000 + i) for i in range(1, count + 1)),
        )


def _statement(lines: int, cases: int) -> bytes:
    entries = []
    for i in range(1, lines + 1):
        case = (i * 7919) % cases + 1
        amount = f"{(10_000 + case) / 100:.2f}"
        tx = (
            Tx(creditor_ref=creditor_reference(f"D-2026-{case:06d}")),
            Tx(ustrd=(f"Facture FA-2026-{case:07d}",)),
            Tx(ustrd=("VIREMENT",), debtor=f"DEBITEUR {case}"),
        )[i % 3]
        entries.append(Entry(amount, ref=f"BQ-{i}", txs=[tx]))
    return camt053(entries, opening=None, iban=IBAN)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=2_000)
    parser.add_argument("--open-invoices", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        app = build(Settings(f"sqlite:///{database}", Path(folder), None, "fr"), actor="bench")
        upgrade(app.engine)
        _fill(database, args.open_invoices)
        path = Path(folder) / "releve.xml"
        path.write_bytes(_statement(args.lines, args.open_invoices))
        started = time.perf_counter()
        files = read_statement_files([path])
        read = time.perf_counter() - started
        report = statement_import(app, "bench").run(files)
        seconds = time.perf_counter() - started
        app.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "lines": args.lines, "open_invoices": args.open_invoices, "seconds": round(seconds, 2),
        "read_seconds": round(read, 2), "matched": report.applied, "review": report.review,
        "unmatched": report.unmatched, "peak_rss_mb": round(peak, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
