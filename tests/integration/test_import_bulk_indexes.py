"""A bulk import on SQLite defers the secondary indexes and builds them again before the commit
(``SqlInvoiceStore.expect``): after a committed or a rolled-back import the schema holds exactly
the indexes it held before, and the data is what a row-by-row index maintenance gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from test_import_worker import AT, CREDITOR, ON, counts, lines, run, write_csv

from recouvre.adapters.db.stores import invoices as store_module
from recouvre.adapters.db.tables import creditors, debtors, invoices
from recouvre.adapters.importers import open_invoice_file
from recouvre.services.imports.invoices import ImportReport, import_invoices
from support.imports import invoice_store

OTHER_CREDITOR = "356000000"


def run_for(engine: sa.Engine, path: Path, siren: str, *, worker: bool) -> ImportReport:
    return import_invoices(
        open_invoice_file(path),
        lambda: invoice_store(engine),
        creditor_siren=siren,
        on=ON,
        recorded_at=AT,
        actor="test:import",
        batch_size=50,
        worker=worker,
    )


def stored_for(engine: sa.Engine, siren: str) -> list[tuple[object, ...]]:
    query = (
        sa.select(
            invoices.c.number,
            debtors.c.key,
            invoices.c.case_id.is_(None),
            invoices.c.issue_date,
            invoices.c.due_date,
            invoices.c.amount_cents,
            invoices.c.paid_cents,
            invoices.c.status,
        )
        .join(debtors, debtors.c.id == invoices.c.debtor_id)
        .join(creditors, creditors.c.id == invoices.c.creditor_id)
        .where(creditors.c.siren == siren)
    )
    with engine.connect() as connection:
        return sorted(tuple(r) for r in connection.execute(query))


def index_names(engine: sa.Engine) -> set[tuple[str, str]]:
    inspector = sa.inspect(engine)
    return {
        (table, str(index["name"]))
        for table in inspector.get_table_names()
        for index in inspector.get_indexes(table)
    }


def bad_line() -> str:
    return "F99999;01/03/2024;31/03/2024;-5;;Garage;552100554"  # negative amount: refused


@pytest.mark.parametrize("worker", [False, True])
def test_a_bulk_import_keeps_every_index_and_the_same_data(
    db_engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worker: bool
) -> None:
    before = index_names(db_engine)
    assert ("invoices", "ix_invoices_debtor_id") in before
    path = write_csv(tmp_path, *lines(400))

    monkeypatch.setattr(store_module, "BULK_MIN_ROWS", 10)
    report = run_for(db_engine, path, CREDITOR, worker=worker)
    assert report.ok, report.issues[:3]
    assert index_names(db_engine) == before
    bulk = stored_for(db_engine, CREDITOR)
    assert len(bulk) == 400

    # The same file for another creditor, with the indexes maintained row by row.
    monkeypatch.setattr(store_module, "BULK_MIN_ROWS", 10**9)
    assert run_for(db_engine, path, OTHER_CREDITOR, worker=worker).ok
    assert stored_for(db_engine, OTHER_CREDITOR) == bulk
    # The rebuilt index answers: the query plan uses it and finds every row of a debtor.
    with db_engine.connect() as connection:
        some_debtor = connection.execute(sa.select(invoices.c.debtor_id).limit(1)).scalar_one()
        by_index = connection.execute(
            sa.select(sa.func.count()).where(invoices.c.debtor_id == some_debtor)
        ).scalar_one()
    assert by_index == 20  # lines(): 400 invoices over 40 debtors, for each of two creditors


def test_a_refused_bulk_import_leaves_indexes_and_tables_untouched(
    db_engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BULK_MIN_ROWS", 10)
    before_indexes, before_counts = index_names(db_engine), counts(db_engine)
    # The error is in the last row: earlier batches were written (and indexes dropped) first.
    report = run(db_engine, write_csv(tmp_path, *lines(300), bad_line()), worker=False)
    assert not report.ok
    assert [i.line for i in report.issues] == [302]
    assert index_names(db_engine) == before_indexes
    assert counts(db_engine) == before_counts


def test_a_small_file_into_a_large_table_keeps_maintaining_indexes(
    db_engine: sa.Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuilding the indexes of a table larger than the file would cost more than it saves."""
    monkeypatch.setattr(store_module, "BULK_MIN_ROWS", 10)
    assert run(db_engine, write_csv(tmp_path, *lines(300)), worker=False).ok
    dropped: list[str] = []
    original = sa.Index.drop

    def recording_drop(index: sa.Index, bind: sa.Connection, checkfirst: bool = False) -> None:
        dropped.append(str(index.name))
        original(index, bind, checkfirst=checkfirst)

    monkeypatch.setattr(sa.Index, "drop", recording_drop)
    small = [f"G{i:05d};01/03/2024;31/03/2024;100;;Garage;{CREDITOR}" for i in range(20)]
    assert run(db_engine, write_csv(tmp_path, *small, name="small.csv"), worker=False).ok
    assert dropped == []
