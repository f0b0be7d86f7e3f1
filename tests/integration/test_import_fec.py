"""The FEC import into a real database (SQLite, and PostgreSQL when configured): the open
customer invoices of a small FEC become invoices whose due dates are derived (issue date +
term, C. com. L441-10 I), the lettered ones are not claimed, a re-import duplicates nothing,
and a refused FEC writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from recouvre.adapters.db.tables import cases, debtors, invoices
from recouvre.adapters.importers.fec import read_fec
from recouvre.services.imports.fec.importer import FecImportReport, import_fec
from support.fec_files import SMALL_FEC, fec_bytes, fec_line
from support.imports import invoice_store

CREDITOR = "732829320"
ON = date(2026, 11, 2)
AT = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def run(engine: sa.Engine, path: Path, term: int = 30) -> FecImportReport:
    return import_fec(
        read_fec(path), lambda: invoice_store(engine), creditor_siren=CREDITOR,
        payment_term_days=term, on=ON, recorded_at=AT, actor="test:fec",
    )  # fmt: skip


def claimed(engine: sa.Engine) -> dict[str, tuple[date, date, Decimal, Decimal]]:
    with engine.connect() as connection:
        found = connection.execute(
            sa.select(invoices.c.number, invoices.c.issue_date, invoices.c.due_date,
                      invoices.c.amount_cents, invoices.c.paid_cents)
        )  # fmt: skip
        return {
            n: (i, d, Decimal(a) / 100, Decimal(p) / 100) for n, i, d, a, p in found
        }


def test_a_small_fec_gives_open_invoices_with_derived_due_dates(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "FEC.txt"
    path.write_bytes(fec_bytes(SMALL_FEC))
    report = run(db_engine, path, term=45)
    assert report.ok, report.invoices.issues
    seen = claimed(db_engine)
    assert seen["F-0001"] == (
        date(2026, 9, 1), date(2026, 9, 1) + timedelta(days=45), Decimal("1200"), Decimal("50")
    )
    assert seen["F-0003"][1] == date(2026, 9, 10) + timedelta(days=45)
    assert seen["F-0003"][3] == Decimal("100")
    assert "F-0002" not in seen or seen["F-0002"][3] == seen["F-0002"][2]  # lettered: settled
    assert report.as_json()["due_dates_derived"] is True

    again = run(db_engine, path, term=45)
    assert again.ok
    assert (again.invoices.created, again.invoices.cases_opened) == (0, 0)
    assert claimed(db_engine) == seen


def test_an_unbalanced_fec_writes_nothing(db_engine: sa.Engine, tmp_path: Path) -> None:
    lines = [*SMALL_FEC, fec_line("VE", "9", "20261001", "411000", "10,00", aux="C003",
                                  aux_name="Garage Muller", piece="F-0009")]  # fmt: skip
    path = tmp_path / "FEC.txt"
    path.write_bytes(fec_bytes(lines))
    report = run(db_engine, path)
    assert not report.ok
    assert any(i.line == 19 and "déséquilibrée" in i.message for i in report.invoices.issues)
    with db_engine.connect() as connection:
        for table in (invoices, debtors, cases):
            count = connection.execute(sa.select(sa.func.count()).select_from(table))
            assert count.scalar_one() == 0
