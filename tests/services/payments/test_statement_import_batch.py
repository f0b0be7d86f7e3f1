"""The bulk path of the statement import (``services.payments.batch``, from ``BULK_FROM`` new
lines) ends in the very state the line-by-line reference path gives, on random statements:
same bank lines with the same ids, keys and outcomes (applied amounts, surplus, review and
unmatched lines with their reasons), same invoices paid, same cases (closed or not), same
evidence journal, entry for entry, hash chain included."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recouvre.adapters.db.tables import bank_lines, cases, invoices, journal_entries, payments
from recouvre.adapters.importers.camt import read_camt
from recouvre.bootstrap import build, statement_import
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.services.payments.statements import StatementFile
from recouvre.settings import Settings
from support.camt_files import Entry, Tx, camt053
from support.outbox_seed import FixedClock, seed_case

IBAN = "FR7630006000011234567890189"  # the seeded creditor's
NAMES = ("Boulangerie Schmitt", "Garage Martin", "Fleurs Lefèvre")

line = st.tuples(
    st.integers(0, 2),  # which case
    st.integers(1, 150_000),  # cents
    st.sampled_from(["rf", "case", "invoice", "name", "nothing", "debit", "reversal", "usd"]),
    st.integers(0, 3),  # bank reference: equal ones are one line (a duplicate)
)


def _entry(seeded: list[object], chosen: tuple[int, int, str, int]) -> Entry:
    case, cents, kind, ref = chosen
    s = seeded[case]
    reference, case_id = s.reference, s.case_id  # type: ignore[attr-defined]
    tx = {
        "rf": Tx(creditor_ref=creditor_reference(reference)),
        "case": Tx(ustrd=(f"paiement dossier {reference}",)),
        "invoice": Tx(ustrd=(f"facture FA 2026 F-{case_id}-1",)),
        "name": Tx(ustrd=("VIREMENT",), debtor=NAMES[case]),
    }.get(kind, Tx(ustrd=("VIREMENT",), debtor="Inconnu"))
    amount = str(Decimal(cents) / 100)
    return Entry(amount, credit=kind != "debit", reversal=kind == "reversal",
                 ref=f"BQ-{ref}" if ref else "", txs=[tx])  # fmt: skip


def _final_state(
    folder: Path, template: Path, chosen: list[tuple[int, int, str, int]], bulk_from: int
) -> dict[str, list[tuple[object, ...]]]:
    database = folder / f"db-{bulk_from}.sqlite3"
    shutil.copy(template, database)
    app = build(Settings(f"sqlite:///{database}", folder, None, "fr"), clock=FixedClock())
    try:
        sirens = ("542065479", "552100554", "300000163")
        seeded = [seed_case(app, siren=s, name=n) for s, n in zip(sirens, NAMES, strict=True)]
        with app.engine.begin() as db:  # numbers long enough to be quoted (« F-1-1 » is not)
            db.execute(sa.update(invoices).values(number="FA-2026-" + invoices.c.number))
        entries = [_entry(seeded, c) for c in chosen]
        data = camt053(entries, opening=None, iban=IBAN)
        importer = statement_import(app)
        importer.bulk_from = bulk_from
        importer.run([StatementFile("r.xml", read_camt(data, "r.xml"))])
        with app.engine.connect() as db:
            return {
                table.name: [tuple(r) for r in db.execute(sa.select(table).order_by(table.c.id))]
                for table in (bank_lines, invoices, cases, payments, journal_entries)
            }
    finally:
        app.dispose()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=st.lists(line, min_size=1, max_size=12))
def test_bulk_and_line_by_line_imports_end_in_the_same_state(
    tmp_path_factory: object, sqlite_template: Path, chosen: list[tuple[int, int, str, int]]
) -> None:
    folder = tmp_path_factory.mktemp("batch")  # type: ignore[attr-defined]
    reference = _final_state(folder, sqlite_template, chosen, bulk_from=10**9)
    bulk = _final_state(folder, sqlite_template, chosen, bulk_from=0)
    assert reference["bank_lines"], "every statement has at least one line"
    for name, rows in reference.items():
        assert bulk[name] == rows, name


def test_a_long_statement_takes_the_bulk_path_and_is_read_back(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """A statement of ``BULK_FROM`` lines or more is written in one insert (one statement to
    the database, not an ``INSERT`` and an ``UPDATE`` per line), read back whole: `recouvre
    payments list` sees each line with its date, amount and fate."""
    from recouvre.bootstrap import bank_lines as listed
    from recouvre.services.payments.batch import BULK_FROM

    shutil.copy(sqlite_template, tmp_path / "db.sqlite3")
    app = build(Settings(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, None, "fr"),
                clock=FixedClock())  # fmt: skip
    try:
        seed_case(app)
        writes: list[str] = []

        @sa.event.listens_for(app.engine, "before_cursor_execute")
        def count(conn: object, cursor: object, sql: str, *args: object) -> None:
            if "bank_lines" in sql and not sql.lstrip().upper().startswith("SELECT"):
                writes.append(sql)

        entries = [Entry("12.34", ref=f"BQ-{i}", txs=[Tx(ustrd=("VIREMENT",), debtor="X")])
                   for i in range(BULK_FROM)]  # fmt: skip
        data = camt053(entries, opening=None, iban=IBAN)
        report = statement_import(app).run([StatementFile("r.xml", read_camt(data, "r.xml"))])
        stored = listed(app, [], BULK_FROM + 10)
    finally:
        app.dispose()
    assert report.unmatched == BULK_FROM
    assert len(writes) == 1
    assert len(stored) == BULK_FROM
    assert {(x.amount, x.status, x.value_on.isoformat()) for x in stored} == {
        (Decimal("12.34"), "unmatched", "2026-12-04")
    }
