"""The invoice import end to end, on SQLite and PostgreSQL: files become creditors, debtors,
cases and invoices whole or not at all; a re-import changes nothing; an amount change is
reported and journaled; the journal still verifies."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import sqlalchemy as sa

from recouvre.adapters.db.stores.invoices import placeholder_name
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
from recouvre.services.imports.invoices import ImportReport, import_invoices
from recouvre.settings import Settings
from support.imports import invoice_store
from support.paths import FIXTURES

FIXTURES = FIXTURES / "imports"
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


def run(
    engine: sa.Engine, path: Path, creditor: str | None = CREDITOR, batch_size: int = 20_000
) -> ImportReport:
    return import_invoices(
        open_invoice_file(path),
        lambda: invoice_store(engine),
        creditor_siren=creditor,
        on=ON,
        recorded_at=AT,
        actor="test:import",
        batch_size=batch_size,
    )


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


def test_a_first_import_creates_everything_and_journals_it(
    db_engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    report = run(db_engine, FIXTURES / "factures-fr.csv")
    assert report.ok, report.issues
    assert (report.rows, report.created, report.changed, report.unchanged) == (3, 3, 0, 0)
    assert report.cases_opened == 3
    assert counts(db_engine) == {
        "creditors": 1,
        "debtors": 3,
        "cases": 3,
        "invoices": 3,
        "events": 4,
        "journal_entries": 4,
        "import_batches": 1,
    }
    (creditor,) = rows(db_engine, sa.select(creditors))
    assert (creditor.siren, creditor.name) == (CREDITOR, placeholder_name(CREDITOR))
    stored = {r.number: r for r in rows(db_engine, sa.select(invoices).order_by(invoices.c.number))}
    assert stored["FA-2024-001"].amount_cents == 123456
    assert stored["FA-2024-002"].paid_cents == 18000
    assert stored["FA-2024-001"].issue_date == date(2024, 3, 15)
    assert {r.status for r in stored.values()} == {"open"}
    consumer = rows(db_engine, sa.select(debtors).where(debtors.c.kind == "consumer"))[0]
    assert (consumer.key, consumer.departement) == ("consumer:zoé lefèvre|97411", "974")
    opened = rows(db_engine, sa.select(cases).order_by(cases.c.id))
    assert [c.reference for c in opened] == [f"D-2026-{c.id:06d}" for c in opened]
    assert {c.phase for c in opened} == {"amicable"}
    assert {r.case_id for r in stored.values()} == {c.id for c in opened}
    entries = rows(db_engine, sa.select(journal_entries).order_by(journal_entries.c.id))
    assert [e.kind for e in entries] == ["case_opened"] * 3 + ["invoices_imported"]
    batch_entry = entries[-1]
    assert batch_entry.stream == "global"
    payload = json.loads(batch_entry.payload)
    assert payload["file_sha256"] == report.file_sha256
    assert (payload["file_name"], payload["rows"], payload["created"]) == (
        "factures-fr.csv",
        3,
        3,
    )
    assert journal_verifies(db_url, tmp_path)


def test_reimporting_the_same_file_changes_nothing(db_engine: sa.Engine) -> None:
    run(db_engine, FIXTURES / "factures-fr.csv")
    before = counts(db_engine)
    invoices_before = rows(db_engine, sa.select(invoices).order_by(invoices.c.id))
    report = run(db_engine, FIXTURES / "factures-fr.csv")
    assert report.ok
    assert (report.created, report.changed, report.unchanged, report.cases_opened) == (0, 0, 3, 0)
    after = counts(db_engine)
    # Only the import itself is recorded: one batch row, one entry on the global stream.
    assert after == {
        **before,
        "import_batches": 2,
        "journal_entries": before["journal_entries"] + 1,
        "events": before["events"] + 1,
    }
    assert rows(db_engine, sa.select(invoices).order_by(invoices.c.id)) == invoices_before


def test_an_amount_change_is_reported_and_journaled_on_the_case(
    db_engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    first = write_csv(
        tmp_path,
        "F1;01/03/2024;31/03/2024;1 000,00;;Garage Martin;552100554",
        "F2;01/03/2024;31/03/2024;200,00;;Garage Martin;552100554",
    )
    run(db_engine, first)
    changed = write_csv(
        tmp_path,
        "F1;01/03/2024;31/03/2024;1 200,00;;Garage Martin;552100554",
        "F2;01/03/2024;30/04/2024;200,00;;Garage Martin;552100554",
        name="factures-corrigees.csv",
    )
    report = run(db_engine, changed)
    assert report.ok
    assert (report.created, report.changed, report.unchanged) == (0, 2, 0)
    (change,) = report.amount_changes
    assert (change.line, change.number, change.old_amount, change.new_amount) == (
        2,
        "F1",
        Decimal("1000.00"),
        Decimal("1200.00"),
    )
    (case,) = rows(db_engine, sa.select(cases))
    assert change.case_id == case.id
    stored = {r.number: r for r in rows(db_engine, sa.select(invoices))}
    assert stored["F1"].amount_cents == 120000
    assert stored["F2"].due_date == date(2024, 4, 30)
    entries = rows(
        db_engine,
        sa.select(journal_entries).where(journal_entries.c.kind == "invoice_amount_changed"),
    )
    assert len(entries) == 1
    assert entries[0].stream == f"case:{case.id}" and entries[0].seq == 2
    assert json.loads(entries[0].payload) == {
        "invoice_number": "F1",
        "old_amount": "1000.00",
        "new_amount": "1200.00",
        "source": "factures-corrigees.csv (ligne 2)",
    }
    assert journal_verifies(db_url, tmp_path)


def test_an_error_on_the_last_line_leaves_the_database_untouched(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    run(db_engine, FIXTURES / "factures-fr.csv")
    before = counts(db_engine)
    invoices_before = rows(db_engine, sa.select(invoices).order_by(invoices.c.id))
    good = [f"G{i};01/03/2024;31/03/2024;{i + 1},50;;Client {i};552100554" for i in range(45)]
    path = write_csv(
        tmp_path,
        "FA-2024-001;15/03/2024;14/04/2024;9 999,99;;Société Générale d'Épicerie;552100554",
        *good,
        "G99;01/03/2024;31/02/2024;10;;Client;552100554",
    )
    # Small batches: several were written before the last line was read.
    report = run(db_engine, path, batch_size=10)
    assert not report.ok
    assert [str(i) for i in report.issues] == [
        "ligne 48, colonne « Date d'échéance » : date impossible « 31/02/2024 »"
    ]
    assert (report.created, report.changed, report.unchanged) == (0, 0, 0)
    assert counts(db_engine) == before
    assert rows(db_engine, sa.select(invoices).order_by(invoices.c.id)) == invoices_before


def test_an_unreadable_file_writes_nothing_not_even_the_creditor(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "unicode.csv"
    path.write_text(HEADER + "\nF1;01/03/2024;31/03/2024;10;;A;552100554\n", encoding="utf-16")
    report = run(db_engine, path)
    assert report.issue_count == 1 and "UTF-16" in report.issues[0].message
    assert set(counts(db_engine).values()) == {0}


def test_new_invoices_join_the_open_case_and_paid_ones_open_none(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    run(db_engine, write_csv(tmp_path, "F1;01/03/2024;31/03/2024;100;;Garage Martin;552100554"))
    report = run(
        db_engine,
        write_csv(
            tmp_path,
            "F1;01/03/2024;31/03/2024;100;;Garage Martin;552100554",
            "F2;01/04/2024;30/04/2024;50;;Garage Martin;552100554",
            "F3;01/04/2024;30/04/2024;70;70;Boulangerie Petit;443061841",
            name="suite.csv",
        ),
    )
    assert (report.created, report.unchanged, report.cases_opened) == (2, 1, 0)
    stored = {r.number: r for r in rows(db_engine, sa.select(invoices))}
    assert stored["F1"].case_id == stored["F2"].case_id is not None
    assert (stored["F3"].case_id, stored["F3"].status) == (None, "paid")
    assert len(rows(db_engine, sa.select(cases))) == 1


def test_a_closed_case_is_not_reused(db_engine: sa.Engine, tmp_path: Path) -> None:
    run(db_engine, write_csv(tmp_path, "F1;01/03/2024;31/03/2024;100;;Garage Martin;552100554"))
    with db_engine.begin() as connection:
        connection.execute(cases.update().values(phase="closed", closure="paid", closed_on=ON))
    report = run(
        db_engine,
        write_csv(tmp_path, "F2;01/04/2024;30/04/2024;50;;Garage Martin;552100554", name="b.csv"),
    )
    assert (report.created, report.cases_opened) == (1, 1)
    stored = {r.number: r.case_id for r in rows(db_engine, sa.select(invoices))}
    assert stored["F1"] != stored["F2"]


def test_an_invoice_number_known_for_another_debtor_is_refused(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    run(db_engine, write_csv(tmp_path, "F1;01/03/2024;31/03/2024;100;;Garage Martin;552100554"))
    before = counts(db_engine)
    report = run(
        db_engine,
        write_csv(tmp_path, "F1;01/03/2024;31/03/2024;100;;Boulangerie;443061841", name="b.csv"),
    )
    assert [str(i) for i in report.issues] == [
        "ligne 2, colonne « N° facture » : facture « F1 » déjà importée pour un autre débiteur"
        " : un numéro de facture ne change pas de débiteur"
    ]
    assert counts(db_engine) == before


def test_the_creditor_may_come_from_a_column_and_an_existing_one_keeps_its_name(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    with db_engine.begin() as connection:
        connection.execute(creditors.insert().values(name="Transports Durand SA", siren=CREDITOR))
    path = tmp_path / "f.csv"
    path.write_text(
        "facture;date;échéance;montant;nom;siren;SIREN créancier\n"
        f"F1;01/03/2024;31/03/2024;100;Garage Martin;552100554;{CREDITOR}\n",
        encoding="utf-8",
    )
    report = run(db_engine, path, creditor=None)
    assert report.ok and report.creditor_siren == CREDITOR
    (creditor,) = rows(db_engine, sa.select(creditors))
    assert creditor.name == "Transports Durand SA"
    missing = run(db_engine, FIXTURES / "factures-fr.csv", creditor=None)
    assert [str(i) for i in missing.issues] == [
        "créancier non indiqué : ajoutez --creditor SIREN ou une colonne « SIREN créancier »"
    ]


def test_an_xlsx_file_imports_like_a_csv(db_engine: sa.Engine, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        ["Numéro de facture", "Date de facture", "Échéance", "Montant TTC", "Nom", "SIREN"]
    )
    sheet.append(["X1", date(2024, 3, 15), date(2024, 4, 14), 1234.56, "Garage Martin", 552100554])
    sheet.append(["X2", "15/03/2024", "2024-04-30", "80,10", "Garage Martin", "552100554"])
    sheet.append([2024003, date(2024, 3, 15), date(2024, 4, 14), 99, "Boulangerie", 443061841])
    path = tmp_path / "factures.xlsx"
    workbook.save(path)
    report = run(db_engine, path)
    assert report.ok, report.issues
    assert report.created == 3
    stored = {r.number: r for r in rows(db_engine, sa.select(invoices))}
    assert stored["X1"].amount_cents == 123456
    assert stored["X2"].due_date == date(2024, 4, 30)
    assert stored["2024003"].amount_cents == 9900
    assert run(db_engine, path).unchanged == 3


def test_xlsx_errors_name_the_spreadsheet_row_and_column(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Facture", "Date", "Échéance", "Montant", "Nom", "SIREN"])
    sheet.append(["X1", date(2024, 3, 15), date(2024, 4, 14), 10.125, "A", 552100554])
    sheet.append([])
    sheet.append(["X2", date(2024, 3, 15), date(2024, 3, 1), 10, "A", 552100555])
    path = tmp_path / "factures.xlsx"
    workbook.save(path)
    report = run(db_engine, path)
    assert [str(i) for i in report.issues] == [
        "ligne 2, colonne « Montant » : montant avec plus de deux décimales : 10.125",
        "ligne 4, colonne « Échéance » : échéance 01/03/2024 antérieure à la date de facture "
        "15/03/2024",
        "ligne 4, colonne « SIREN » : SIREN invalide « 552100555 » : clé de contrôle incorrecte",
    ]
    assert set(counts(db_engine).values()) == {0}


def test_a_larger_file_in_several_batches(db_engine: sa.Engine, tmp_path: Path) -> None:
    lines = []
    for i in range(300):
        debtor = i % 100
        siren = ["552100554", "443061841", "542107651"][debtor % 3]
        name = f"Client {debtor}" if debtor >= 3 else f"Société {debtor}"
        issued = date(2024, 1, 1) + timedelta(days=i)
        lines.append(
            f"F{i:04d};{issued:%d/%m/%Y};{issued + timedelta(days=30):%d/%m/%Y};"
            f"{i + 1},{i % 100:02d};;{name};{siren if debtor < 3 else ''}"
        )
    seen: list[int] = []
    report = import_invoices(
        open_invoice_file(write_csv(tmp_path, *lines)),
        lambda: invoice_store(db_engine),
        creditor_siren=CREDITOR,
        on=ON,
        recorded_at=AT,
        actor="test:import",
        batch_size=64,
        progress=seen.append,
    )
    assert report.ok, report.issues[:3]
    assert seen == [64, 128, 192, 256, 300]
    assert (report.created, report.cases_opened) == (300, 100)
    assert counts(db_engine)["debtors"] == 100
    assert run(db_engine, write_csv(tmp_path, *lines), batch_size=64).unchanged == 300


def test_every_error_is_counted_and_the_first_thousand_kept(
    db_engine: sa.Engine, tmp_path: Path
) -> None:
    bad = [f"F{i};01/03/2024;31/03/2024;0;;Client;552100554" for i in range(1_200)]
    report = run(db_engine, write_csv(tmp_path, *bad, "F0;01/03/2024;31/03/2024;1;;C;552100554"))
    assert report.issue_count == 1_201
    assert len(report.issues) == 1_000
    assert str(report.issues[0]) == (
        "ligne 2, colonne « Montant TTC » : montant nul ou négatif : 0,00"
    )
    assert set(counts(db_engine).values()) == {0}


def test_a_paid_invoice_that_becomes_unpaid_opens_a_case_and_chains_its_change(
    db_engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    run(db_engine, write_csv(tmp_path, "F1;01/03/2024;31/03/2024;70;70;Boulangerie;443061841"))
    assert rows(db_engine, sa.select(cases)) == []
    report = run(
        db_engine,
        write_csv(tmp_path, "F1;01/03/2024;31/03/2024;100;70;Boulangerie;443061841", name="b.csv"),
    )
    assert (report.changed, report.cases_opened, report.amount_change_count) == (1, 1, 1)
    (case,) = rows(db_engine, sa.select(cases))
    (invoice,) = rows(db_engine, sa.select(invoices))
    assert (invoice.case_id, invoice.status) == (case.id, "open")
    stream = rows(
        db_engine,
        sa.select(journal_entries.c.kind, journal_entries.c.seq)
        .where(journal_entries.c.stream == f"case:{case.id}")
        .order_by(journal_entries.c.seq),
    )
    assert [tuple(r) for r in stream] == [("case_opened", 1), ("invoice_amount_changed", 2)]
    assert journal_verifies(db_url, tmp_path)
