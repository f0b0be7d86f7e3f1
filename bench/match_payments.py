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

Set-based apply (``services.payments.bulk_apply``) and the index chosen from what the lines can
match (``services.payments.open_index``), measured on the same machine, busier (load 2.5 to
8, other helpers running: compare the figures of one block only):

    --lines 2000 --open-invoices 20000
      before (f28f2a1): {"seconds": 15.52, "read_seconds": 0.14, "matched": 2000,
                         "review": 0, "unmatched": 0, "peak_rss_mb": 198.3}
      after:            {"seconds": 3.9, "read_seconds": 0.21, "matched": 2000,
                         "review": 0, "unmatched": 0, "peak_rss_mb": 174.5}
    --lines 100000 --open-invoices 1000
      before (f28f2a1): {"seconds": 68.85, "read_seconds": 7.93, "matched": 1000,
                         "review": 99000, "unmatched": 0, "peak_rss_mb": 421.3}
      after:            {"seconds": 16.73, "read_seconds": 9.45, "matched": 1000,
                         "review": 99000, "unmatched": 0, "peak_rss_mb": 423.1}
    --lines 100000 --open-invoices 1000000
      before (f28f2a1, load 8): {"seconds": 2283.81, "read_seconds": 23.34,
                         "matched": 100000, "review": 0, "unmatched": 0, "peak_rss_mb": 2801.3}
      after (load 4.5): {"seconds": 115.43, "read_seconds": 8.87, "matched": 100000,
                         "review": 0, "unmatched": 0, "peak_rss_mb": 1373.4}

What is left for the target (10 s, 1 GB), from cProfile of the last size (load 5, times
inflated by the profiler; shares of the import after the file is read): the payments
themselves, ``CaseEvents.payment`` run 100 000 times on the batch unit of work (no query, but
the reference path's pure work each time: imputation, plan reaction, plan recomputed, summary,
plan row), about 45 %; the batch's loads and writes (cases, invoices, plans, actions read in
chunks; one executemany per table) about 13 %; the commit, about 17 % (some 400 000 journal
entries serialised, hashed and chained, the cases saved); the index, about 10 % (the narrow
passes over a million cases, invoices and names, then the full rows of the 100 000 cases the
lines reach and ``CaseIndex.of`` on them); matching about 6 %; the lines' insert about 4 %.
The file read (camt parse) is apart: 8 to 9 s at this load. The peak memory is mostly what a
commit holds: every journal entry of the import is kept until the one transaction commits, as
on the scalar path; the index no longer holds a million invoices.
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
