"""Importing an invoice file again, on SQLite and PostgreSQL: the credit notes kept as
e-invoices stay deducted and a recorded paid is never lowered, in batches (several per file,
so that each batch reads what was recorded for its own invoices)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from recouvre.adapters.db.tables import invoices
from recouvre.adapters.importers import open_invoice_file
from recouvre.bootstrap import build
from recouvre.bootstrap.einvoices import einvoice_import
from recouvre.services.imports.invoices import ImportReport, import_invoices
from recouvre.settings import Settings
from support.cii import SELLER_SIREN, write_cii
from support.imports import invoice_store

ON = date(2026, 10, 1)
AT = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
HEADER = "N° facture;Date de facture;Date d'échéance;Montant TTC;Déjà payé;Raison sociale;SIREN"


class FixedClock:
    def now(self) -> datetime:
        return AT

    def today(self) -> date:
        return ON


def _file(tmp_path: Path, paid: dict[int, str]) -> Path:
    path = tmp_path / "export.csv"
    rows = [f"F-{n:04d};01/09/2026;30/09/2026;100,00;{paid.get(n, '0')};Garage Martin;552100554"
            for n in range(1, 8)]  # fmt: skip
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def _run(engine: sa.Engine, path: Path) -> ImportReport:
    return import_invoices(
        open_invoice_file(path), lambda: invoice_store(engine), creditor_siren=SELLER_SIREN,
        on=ON, recorded_at=AT, actor="test:import", batch_size=3, worker=False,
    )  # fmt: skip


def _stored(engine: sa.Engine) -> dict[str, tuple[int, int, str]]:
    query = sa.select(invoices.c.number, invoices.c.amount_cents, invoices.c.paid_cents,
                      invoices.c.status)  # fmt: skip
    with engine.connect() as db:
        return {r.number: (r.amount_cents, r.paid_cents, r.status) for r in db.execute(query)}


def test_credit_notes_and_recorded_payments_survive_the_file_imported_again(
    db_url: str, db_engine: sa.Engine, tmp_path: Path
) -> None:
    app = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock())
    try:
        # F-0006's credit note comes before its invoice, F-0002's after.
        notes = [write_cii(tmp_path, f"avoir-{n}.xml", f"AV-{n}", amount=amount, type_code="381",
                           preceding=f"F-000{n}", buyer="Garage Martin")
                 for n, amount in ((6, "30.00"), (2, "25.00"))]  # fmt: skip
        assert einvoice_import(app).run(notes[:1])[0].ok
        assert _run(db_engine, _file(tmp_path, {})).ok
        assert einvoice_import(app).run(notes[1:])[0].ok
    finally:
        app.dispose()
    with db_engine.begin() as db:  # payments recouvre recorded since (a statement, say)
        for number, cents in (("F-0003", 4000), ("F-0005", 10000)):
            db.execute(
                sa.update(invoices)
                .where(invoices.c.number == number)
                .values(paid_cents=cents, status="paid" if cents == 10000 else "open")
            )

    report = _run(db_engine, _file(tmp_path, {3: "10,00", 4: "60,00"}))
    assert report.ok
    assert (report.paid_kept_count, report.paid_kept) == (2, ("F-0003", "F-0005"))
    assert (report.changed, report.unchanged, report.amount_change_count) == (1, 6, 0)
    assert _stored(db_engine) == {
        "F-0001": (10000, 0, "open"),
        "F-0002": (7500, 0, "open"),  # its credit note, imported after it, still deducted
        "F-0003": (10000, 4000, "open"),  # the file says 10,00 paid: the 40,00 recorded stay
        "F-0004": (10000, 6000, "open"),  # the file knows of 60,00 paid: taken
        "F-0005": (10000, 10000, "paid"),  # paid in full by a statement: stays paid
        "F-0006": (7000, 0, "open"),  # its credit note, imported before it
        "F-0007": (10000, 0, "open"),
    }
