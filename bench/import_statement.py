"""A long camt.053 through the whole command: ``recouvre import statement FILE --json``.

usage: .venv/bin/python bench/import_statement.py --entries 100000

Builds a SQLite database in a temporary folder with ``recouvre init``, one creditor with an
IBAN and ``--cases`` cases of one open invoice each (written straight into the tables), and a
camt.053 of ``--entries`` credits (a third quoting a case's RF reference, a third an invoice
number, a third only the payer's name; cases are paid once each, the others quote cases
already paid). Times the installed ``recouvre`` command in a child process, from its start to
its exit (reading, screening and parsing the file, keying, matching, applying, storing, the
report). Prints ONE JSON line: entries, cases, seconds, applied, review, unmatched,
peak_rss_mb (the child's). Target (issue 13): 100 000 entries under 10 s.

Measured on the 2-core machine (shared, load about 1), ``--entries 100000 --cases 1000``:

    before (c480f99): {"entries": 100000, "cases": 1000, "seconds": 59.72, "applied": 1000,
                       "review": 99000, "unmatched": 0, "peak_rss_mb": 925.6}
    after:            {"entries": 100000, "cases": 1000, "seconds": 13.13, "applied": 1000,
                       "review": 99000, "unmatched": 0, "peak_rss_mb": 494.8}

Of the 13 s: the file read about 4.6 s (was 10.7 s), the 1 000 payments applied one by one
through ``CaseEvents.payment`` about 3 s, the indented JSON report of 100 000 lines about
1.5 s, the command's start about 1.5 s. The 10 s target is not met yet.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from match_payments import IBAN, _fill, _statement


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=1_000)
    args = parser.parse_args()
    command = str(Path(sys.executable).parent / "recouvre")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        env = {**os.environ, "RECOUVRE_DATA_DIR": folder,
               "RECOUVRE_DATABASE_URL": f"sqlite:///{database}"}  # fmt: skip
        subprocess.run([command, "init"], env=env, check=True, capture_output=True)
        _fill(database, args.cases)
        with sqlite3.connect(database) as db:
            db.execute("UPDATE creditors SET iban = ?", (IBAN,))
        path = Path(folder) / "releve.xml"
        path.write_bytes(_statement(args.entries, args.cases))
        started = time.perf_counter()
        done = subprocess.run(
            [command, "import", "statement", str(path), "--json"], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        seconds = time.perf_counter() - started
    report = json.loads(done.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({
        "entries": args.entries, "cases": args.cases, "seconds": round(seconds, 2),
        "applied": report["applied"], "review": report["review"],
        "unmatched": report["unmatched"], "peak_rss_mb": round(peak, 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
