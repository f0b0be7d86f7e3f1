"""Benchmark of the invoice import: generate an N-row CSV, import it into a fresh SQLite database.

    .venv/bin/python bench/import_invoices.py --rows 1000000

The file looks like a French export: semicolon-separated, UTF-8 with BOM, French headers,
amounts as ``1 234,56`` and dates as ``15/03/2024``; about one debtor for three invoices, nine
debtors in ten companies with valid SIRENs (Luhn key from python-stdnum), one in ten consumers;
a fifth of the invoices partly or fully paid. It is generated streamed (debtors derive from
their index, nothing is held), before the timer starts. The timed part is the real import path
(file inspection, parsing, validation, writing, journal, commit) into a database migrated with
the project's migrations. Prints ONE JSON line: rows, seconds, rows_per_second, peak_rss_mb
(``resource.getrusage``, the whole process), cpu_seconds and the import's counts; for a file big
enough to be validated in a child process (``services.imports.worker``), that child's CPU time and
peak RSS too (worker_cpu_seconds, worker_peak_rss_mb).

    .venv/bin/python bench/import_invoices.py --rows 200000 --reimport

``--reimport`` imports the file once untimed, then times importing it again: every invoice is
known, so the timed part is the update path (the recorded amounts read per batch, each row
compared with what is stored; ``unchanged`` counts them).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from stdnum import luhn

from recouvre.bootstrap import build, import_invoices_service
from recouvre.entrypoints.cli.imports import paused_gc
from recouvre.settings import Settings

CREDITOR_SIREN = "732829320"
HEADER = [
    "N° facture",
    "Date de facture",
    "Date d'échéance",
    "Montant TTC",
    "Déjà payé",
    "Type",
    "Raison sociale",
    "SIREN",
    "Email",
    "Téléphone",
    "Adresse",
    "Code postal",
    "Ville",
]
COMPANY_WORDS = ("Boulangerie", "Garage", "Menuiserie", "Transports", "Cabinet", "Atelier")
FAMILY_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")
FIRST_NAMES = ("Camille", "Léa", "Hugo", "Chloé", "Louis", "Inès", "Jules", "Zoé")
PLACES = (
    ("75011", "Paris"),
    ("69003", "Lyon"),
    ("13001", "Marseille"),
    ("67000", "Strasbourg"),
    ("57000", "Metz"),
    ("97400", "Saint-Denis"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
)
START = date(2024, 1, 1)


def french_amount(cents: int) -> str:
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", " ") + f",{rest:02d}"


def debtor_cells(index: int) -> list[str]:
    """Type, name, SIREN, email, phone, address, postal code, city of debtor ``index``."""
    postal_code, city = PLACES[index % len(PLACES)]
    address = f"{index % 300 + 1} rue de la République"
    phone = f"01 {index % 100:02d} {index // 100 % 100:02d} 00 00"
    if index % 10 == 9:
        name = f"{FIRST_NAMES[index % 8]} {FAMILY_NAMES[index // 8 % 8]} {index}"
        return ["particulier", name, "", f"client{index}@example.fr", phone, address,
                postal_code, city]  # fmt: skip
    body = f"{3 + index // 10**7}{index % 10**7:07d}"
    siren = body + luhn.calc_check_digit(body)
    name = f"{COMPANY_WORDS[index % 6]} {FAMILY_NAMES[index // 6 % 8]} {index} SARL"
    return ["entreprise", name, siren, f"compta{index}@example.fr", phone, address,
            postal_code, city]  # fmt: skip


def generate(path: Path, rows: int, seed: int = 20240315) -> None:
    rng = random.Random(seed)
    debtor_count = max(1, rows // 3)
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            issued = START + timedelta(days=rng.randrange(700))
            due = issued + timedelta(days=rng.choice((30, 45, 60)))
            amount = rng.randrange(5_000, 2_000_000)
            roll = rng.random()
            paid = amount if roll < 0.08 else amount // 3 if roll < 0.2 else 0
            writer.writerow(
                [
                    f"F{i:08d}",
                    issued.strftime("%d/%m/%Y"),
                    due.strftime("%d/%m/%Y"),
                    french_amount(amount),
                    french_amount(paid) if paid else "",
                    *debtor_cells(rng.randrange(debtor_count)),
                ]
            )


class _BenchClock:
    """The import date is fixed so that runs compare; the journal stamp is the real instant."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date(2026, 3, 1)


def run(rows: int, folder: Path, *, reimport: bool = False) -> dict[str, object]:
    csv_path = folder / f"factures-{rows}.csv"
    if not csv_path.exists():  # the generator is deterministic: a kept file is reused
        partial = csv_path.with_suffix(".part")
        generate(partial, rows)
        partial.rename(csv_path)
    database = folder / "bench.sqlite3"
    for stale in (database, folder / "bench.sqlite3-wal", folder / "bench.sqlite3-shm"):
        stale.unlink(missing_ok=True)
    settings = Settings(
        database_url=f"sqlite:///{database}", data_dir=folder, law_file=None, language="fr"
    )
    app = build(settings, clock=_BenchClock(), actor="bench")
    try:
        app.init_database()
        importer = import_invoices_service(app)
        if reimport:  # the first import is not timed: the second one is
            with paused_gc():
                first = importer.run(importer.open(csv_path), creditor_siren=CREDITOR_SIREN)
            if not first.ok:
                raise SystemExit(f"first import refused: {first.issue_count} errors")
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu_started = time.perf_counter(), time.process_time()
        with paused_gc():  # as the CLI does
            report = importer.run(importer.open(csv_path), creditor_siren=CREDITOR_SIREN)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    finally:
        app.dispose()
    if not report.ok:
        for issue in report.issues[:20]:
            print(issue, file=sys.stderr)
        raise SystemExit(f"import refused: {report.issue_count} errors")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "rows": report.rows,
        "seconds": round(seconds, 2),
        "rows_per_second": round(report.rows / seconds),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        # CPU time of this process: on a shared machine, wall time also counts others' work.
        "cpu_seconds": round(cpu_seconds, 2),
        # The validation worker (a child process, for big files): its CPU and its peak RSS.
        "worker_cpu_seconds": round(worker_cpu, 2),
        "worker_peak_rss_mb": round(worker_peak_kb / 1024, 1),
        "created": report.created,
        "unchanged": report.unchanged,
        "cases_opened": report.cases_opened,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--dir", type=Path, default=None, help="keep the files in this folder (and reuse the CSV)"
    )
    parser.add_argument(
        "--reimport", action="store_true", help="time a second import of the same file"
    )
    args = parser.parse_args()
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        result = run(args.rows, args.dir, reimport=args.reimport)
    else:
        with tempfile.TemporaryDirectory(prefix="recouvre-bench-") as folder:
            result = run(args.rows, Path(folder), reimport=args.reimport)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
