"""The invoice import with its validation worker process (``services.imports.worker``), on
SQLite and PostgreSQL: the same result as in one process, every error listed, nothing written
on an error or when the worker itself fails; the worker does not outlive a killed import."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import (
    cases,
    creditors,
    debtors,
    events,
    import_batches,
    invoices,
    journal_entries,
)
from recouvre.adapters.importers import open_invoice_file
from recouvre.bootstrap import build
from recouvre.services.imports.invoices import (
    Field,
    ImportIssue,
    ImportReport,
    InvoiceSource,
    RawRow,
    RowValidator,
    import_invoices,
)
from recouvre.services.imports.worker import WORKER_MIN_ROWS, WorkerFailed, validation_worker
from recouvre.settings import Settings
from support.imports import invoice_store

CREDITOR = "732829320"
ON = date(2026, 3, 2)
AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
HEADER = "N° facture;Date de facture;Date d'échéance;Montant TTC;Déjà payé;Raison sociale;SIREN"
TABLES = (creditors, debtors, cases, invoices, events, journal_entries, import_batches)


class FixedClock:
    def now(self) -> datetime:
        return AT

    def today(self) -> date:
        return ON


def counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t.name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in TABLES
        }


def rows(engine: sa.Engine, query: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(query))


def write_csv(tmp_path: Path, *lines: str, name: str = "factures.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def journal_verifies(db_url: str, tmp_path: Path) -> bool:
    settings = Settings(database_url=db_url, data_dir=tmp_path, law_file=None, language="fr")
    app = build(settings, clock=FixedClock(), actor="test")
    try:
        return app.verify_journal().ok
    finally:
        app.dispose()


SIRENS = ("552100554", "443061841", "542107651")


def lines(count: int, *, debtors_count: int = 40) -> list[str]:
    """``count`` invoices of ``debtors_count`` debtors (three companies, consumers otherwise),
    one in five fully paid."""
    out = []
    for i in range(count):
        debtor = i % debtors_count
        siren = SIRENS[debtor] if debtor < 3 else ""
        name = f"Société {debtor}" if debtor < 3 else f"Client {debtor}"
        issued = date(2024, 1, 1) + timedelta(days=i % 400)
        amount = f"{i + 1} {i % 1000:03d},{i % 100:02d}"
        paid = amount if i % 5 == 0 else ""
        out.append(
            f"F{i:05d};{issued:%d/%m/%Y};{issued + timedelta(days=30):%d/%m/%Y};{amount};{paid};"
            f"{name};{siren}"
        )
    return out


def run(engine: sa.Engine, path: Path, *, worker: bool, batch_size: int = 50) -> ImportReport:
    return import_invoices(
        open_invoice_file(path),
        lambda: invoice_store(engine),
        creditor_siren=CREDITOR,
        on=ON,
        recorded_at=AT,
        actor="test:import",
        batch_size=batch_size,
        worker=worker,
    )


def stored_invoices(engine: sa.Engine) -> list[tuple[object, ...]]:
    query = sa.select(
        invoices.c.number,
        debtors.c.key,
        invoices.c.case_id.is_(None),
        invoices.c.issue_date,
        invoices.c.due_date,
        invoices.c.amount_cents,
        invoices.c.paid_cents,
        invoices.c.status,
    ).join(debtors, debtors.c.id == invoices.c.debtor_id)
    return sorted(tuple(r) for r in rows(engine, query))


def test_the_worker_imports_what_one_process_imports(
    db_engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, *lines(500))
    seen: list[int] = []
    report = import_invoices(
        open_invoice_file(path),
        lambda: invoice_store(db_engine),
        creditor_siren=CREDITOR,
        on=ON,
        recorded_at=AT,
        actor="test:import",
        batch_size=64,
        progress=seen.append,
        worker=True,
    )
    assert report.ok, report.issues[:3]
    # Debtors 0, 5, ..., 35 have only paid invoices (i % 5 == 0): no case for them.
    assert (report.rows, report.created, report.cases_opened) == (500, 500, 32)
    assert seen == [64, 128, 192, 256, 320, 384, 448, 500]
    assert counts(db_engine)["debtors"] == 40
    first = stored_invoices(db_engine)
    assert len(first) == 500
    assert first[1] == (
        "F00001", "siren:443061841", False, date(2024, 1, 2), date(2024, 2, 1), 200_101, 0,
        "open",
    )  # fmt: skip
    assert first[0][2:] == (True, date(2024, 1, 1), date(2024, 1, 31), 100_000, 100_000, "paid")
    # The one-process path finds exactly what the worker wrote.
    again = run(db_engine, path, worker=False)
    assert (again.unchanged, again.created, again.changed) == (500, 0, 0)
    assert stored_invoices(db_engine) == first
    assert journal_verifies(db_url, tmp_path)


def test_with_the_worker_every_error_is_listed_and_nothing_written(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    good = lines(300)
    bad = [*good[:120], "G1;01/03/2024;31/02/2024;10;;Client;552100554", *good[120:]]
    bad.append("G2;01/03/2024;31/03/2024;0;;Client;552100554")
    bad.append(good[7])  # the same number twice
    report = run(db_engine, write_csv(tmp_path, *bad), worker=True)
    assert [str(i) for i in report.issues] == [
        "ligne 122, colonne « Date d'échéance » : date impossible « 31/02/2024 »",
        "ligne 303, colonne « Montant TTC » : montant nul ou négatif : 0,00",
        "ligne 304, colonne « N° facture » : facture « F00007 » déjà présente ligne 9",
    ]
    assert report.rows == 303
    assert set(counts(db_engine).values()) == {0}


def test_with_the_worker_a_conflict_found_when_writing_rolls_back(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    run(db_engine, write_csv(tmp_path, "F00250;01/03/2024;31/03/2024;100;;Garage;552100554"),
        worker=False)  # fmt: skip
    before = counts(db_engine)
    report = run(db_engine, write_csv(tmp_path, *lines(300), name="b.csv"), worker=True)
    assert [str(i) for i in report.issues] == [
        "ligne 252, colonne « N° facture » : facture « F00250 » déjà importée pour un autre"
        " débiteur : un numéro de facture ne change pas de débiteur"
    ]
    assert counts(db_engine) == before
    assert rows(db_engine, sa.select(sa.func.count()).select_from(cases)) == [(1,)]


@dataclass
class FailingSource:
    """A source whose reading breaks after ``good`` rows (a bug, a vanished file...)."""

    good: int
    name: str = "panne.csv"
    sha256: str = "0" * 64
    expected_rows: int | None = None
    columns: dict[Field, str] = field(
        default_factory=lambda: {
            Field.INVOICE_NUMBER: "n",
            Field.ISSUE_DATE: "d",
            Field.DUE_DATE: "e",
            Field.AMOUNT: "m",
            Field.NAME: "nom",
        }
    )
    issues: list[ImportIssue] = field(default_factory=list)

    def rows(self) -> Iterator[RawRow]:
        for i in range(self.good):
            cells = {
                Field.INVOICE_NUMBER: f"F{i}",
                Field.ISSUE_DATE: date(2024, 1, 1),
                Field.DUE_DATE: date(2024, 2, 1),
                Field.AMOUNT: 10 + i,
                Field.NAME: f"Client {i % 7}",
            }
            yield RawRow(i + 2, cells)  # type: ignore[arg-type]
        raise OSError("disque arraché")


def test_a_failing_worker_raises_and_writes_nothing(db_engine: sa.Engine) -> None:
    source: InvoiceSource = FailingSource(good=130)
    with pytest.raises(WorkerFailed, match="disque arraché"):
        import_invoices(
            source,
            lambda: invoice_store(db_engine),
            creditor_siren=CREDITOR,
            on=ON,
            recorded_at=AT,
            actor="test:import",
            batch_size=50,
            worker=True,
        )
    assert set(counts(db_engine).values()) == {0}
    assert rows(db_engine, sa.select(sa.func.count()).select_from(journal_entries)) == [(0,)]


def test_leaving_early_stops_the_worker() -> None:
    source = FailingSource(good=10_000)
    validator = RowValidator(source.columns, CREDITOR)
    with validation_worker(source, validator, 100) as chunks:
        first = next(iter(chunks))
    assert (first.rows, len(first.records)) == (100, 100)
    assert first.records[0].debtor.key == "consumer:client 0|"


def test_with_the_worker_each_debtor_keeps_its_first_description(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    """The worker sends a debtor's details with the first row naming it and its key alone with
    the later ones (even in later chunks): what is stored is the first description, as in one
    process."""
    header = HEADER + ";Email;Ville"
    body = [
        f"F{i:05d};01/03/2024;31/03/2024;{100 + i};;Société {i % 3};{SIRENS[i % 3]};"
        f"contact{i}@exemple.fr;Ville {i}"
        for i in range(30)
    ]
    path = tmp_path / "factures.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    report = run(db_engine, path, worker=True, batch_size=4)
    assert report.ok, report.issues[:3]
    stored = rows(db_engine, sa.select(debtors.c.siren, debtors.c.emails, debtors.c.city))
    assert sorted(tuple(r) for r in stored) == sorted(
        (SIRENS[i], f"contact{i}@exemple.fr", f"Ville {i}") for i in range(3)
    )


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text(encoding="ascii") if task.exists() else ""
        found.extend(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_the_worker_dies_with_a_killed_import(cli_env: dict[str, str], tmp_path: Path) -> None:
    """``kill -9`` of ``recouvre import invoices`` on a file big enough for the worker: the
    worker is gone within a few seconds instead of holding the files forever."""
    program = shutil.which("recouvre", path=str(Path(sys.executable).parent))
    assert program is not None
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    subprocess.run([program, "init"], env=env, check=True, capture_output=True, timeout=60)
    path = write_csv(tmp_path, *lines(WORKER_MIN_ROWS + 1_000))
    parent = subprocess.Popen(
        [program, "import", "invoices", str(path), "--creditor", CREDITOR, "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not children and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            children = _children(parent.pid)
        assert children, "the import ended or never started its worker"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(map(_alive, children)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, children)), f"worker {children} outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for child in filter(_alive, children):
            os.kill(child, signal.SIGKILL)
