"""The e-invoice import on SQLite and PostgreSQL, wired as the CLI wires it
(``bootstrap.einvoices``): an invoice, its credit note, both again; the journal still verifies;
a refused file writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import creditors, einvoice_documents, invoices
from recouvre.bootstrap import build
from recouvre.bootstrap.einvoices import einvoice_import
from recouvre.settings import Settings
from support.paths import shared_file

pytestmark = pytest.mark.storage


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def today(self) -> date:
        return date(2026, 12, 7)


def stored(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        query = sa.select(invoices.c.number, invoices.c.amount_cents, invoices.c.paid_cents,
                          invoices.c.status)  # fmt: skip
        return [tuple(r) for r in connection.execute(query)]


def test_invoice_and_credit_note_in_any_order_and_twice(
    db_engine: sa.Engine, db_url: str, tmp_path: Path
) -> None:
    invoice = shared_file("data/thirdparty/einvoice/corpus_FNFE_Facture_FR_BASICWL.pdf")
    credit = shared_file("data/thirdparty/einvoice/corpus_FNFE_Avoir_FR_type381_BASIC.pdf")
    bomb = tmp_path / "bombe.xml"
    bomb.write_bytes(b'<!DOCTYPE r [<!ENTITY a "a">]><Invoice>&a;</Invoice>')
    settings = Settings(database_url=db_url, data_dir=tmp_path, law_file=None, language="fr")
    app = build(settings, clock=FixedClock(), actor="test")
    try:
        importer = einvoice_import(app)
        first = importer.run([credit, bomb, invoice])
        assert [r.ok for r in first] == [True, False, True]
        assert stored(db_engine) == [("FA-2017-0010", 43768, 20100, "open")]
        again = importer.run([invoice, credit])
        assert [r.ok for r in again] == [True, True]
        assert again[0].invoices is not None and again[0].invoices.unchanged == 1
        assert stored(db_engine) == [("FA-2017-0010", 43768, 20100, "open")]
        assert app.verify_journal().ok
    finally:
        app.dispose()
    with db_engine.connect() as connection:
        count = sa.select(sa.func.count()).select_from(einvoice_documents)
        assert connection.execute(count).scalar_one() == 2
        assert connection.execute(sa.select(creditors.c.siren)).scalars().all() == ["999999998"]
