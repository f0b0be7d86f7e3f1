"""The payment reference an e-invoice gives its buyer to quote (BT-83) matches the transfer that
quotes it (issue 13): an invoice imported as a Factur-X CII with BT-83 « ABC-2026-77 » (neither
an RF reference nor its number), then a camt.053 credit whose remittance information quotes it,
is applied to that invoice's case with the reason naming the reference; quoted in the
structured reference, even written in more than three groups, it matches whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import bank_lines, cases, creditors, invoices
from recouvre.adapters.importers.camt import read_camt
from recouvre.bootstrap import App, build, statement_import
from recouvre.bootstrap.einvoices import einvoice_import
from recouvre.services.payments.statements import StatementFile
from recouvre.settings import Settings
from support.camt_files import Entry, Tx, camt053
from support.cii import SELLER_SIREN, write_cii
from support.outbox_seed import FixedClock

IBAN = "FR7630006000011234567890189"


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    """SQLite and PostgreSQL: the outer join to the kept documents runs on both."""
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock())
    try:
        yield application
    finally:
        application.dispose()


def _import_einvoices(app: App, tmp_path: Path) -> None:
    paths = [
        write_cii(tmp_path, "f1.xml", "FV-2026-0041", amount="840.00",
                  payment_reference="ABC-2026-77"),
        write_cii(tmp_path, "f2.xml", "FV-2026-0042", amount="840.00",
                  payment_reference="XYZ 2026 0042 LOT B", buyer="Boulangerie Schmitt",
                  buyer_siren="300000163"),
    ]  # fmt: skip
    reports = einvoice_import(app).run(paths)
    assert all(r.ok for r in reports), [r.issues for r in reports]
    with app.engine.begin() as db:
        db.execute(sa.update(creditors).where(creditors.c.siren == SELLER_SIREN).values(iban=IBAN))


def _outcome(app: App) -> list[tuple[object, ...]]:
    query = (
        sa.select(bank_lines.c.status, cases.c.reference, bank_lines.c.reason)
        .outerjoin(cases, cases.c.id == bank_lines.c.case_id)
        .order_by(bank_lines.c.id)
    )
    with app.engine.connect() as db:
        return [tuple(r) for r in db.execute(query)]


def _case_of(app: App, number: str) -> str:
    query = sa.select(cases.c.reference).join(invoices, invoices.c.case_id == cases.c.id)
    with app.engine.connect() as db:
        return str(db.execute(query.where(invoices.c.number == number)).scalar_one())


def test_a_transfer_quoting_the_payment_reference_pays_that_invoice(
    app: App, tmp_path: Path
) -> None:
    _import_einvoices(app, tmp_path)
    quoted = Tx(ustrd=("VIR SEPA REGLEMENT ABC-2026-77 MERCI",), debtor="M. LORRAIN")
    structured = Tx(creditor_ref="XYZ 2026 0042 LOT B", debtor="SCHMITT")
    data = camt053([Entry("840.00", ref="BQ-1", value="<Dt>2026-10-08</Dt>", txs=[quoted]),
                    Entry("840.00", ref="BQ-2", value="<Dt>2026-10-08</Dt>", txs=[structured])],
                   opening=None, iban=IBAN)  # fmt: skip
    statement_import(app).run([StatementFile("releve.xml", read_camt(data, "releve.xml"))])

    first, second = _case_of(app, "FV-2026-0041"), _case_of(app, "FV-2026-0042")
    [(status, case, reason), (status2, case2, reason2)] = _outcome(app)
    assert (status, case) == ("applied", first), reason
    assert "référence de paiement ABC-2026-77 de la facture FV-2026-0041" in reason
    assert (status2, case2) == ("applied", second), reason2
    assert "référence de paiement XYZ 2026 0042 LOT B de la facture FV-2026-0042" in reason2
    with app.engine.connect() as db:
        paid = db.execute(sa.select(invoices.c.number, invoices.c.paid_cents)
                          .order_by(invoices.c.number)).all()  # fmt: skip
    assert [tuple(r) for r in paid] == [("FV-2026-0041", 84000), ("FV-2026-0042", 84000)]


@pytest.mark.parametrize("bulk_from", [10**9, 0], ids=["scalar", "bulk"])
def test_the_reference_alone_reaches_its_invoice_on_either_path(
    app: App, tmp_path: Path, bulk_from: int
) -> None:
    """A part payment (no amount to go by) from a payer whose name is nobody's: only the
    reference names the debtor, and the large-statement path's index finds it too."""
    _import_einvoices(app, tmp_path)
    quoted = Tx(ustrd=("ACOMPTE ABC-2026-77",), debtor="SCI DU PARC")
    data = camt053([Entry("300.00", ref="BQ-9", value="<Dt>2026-10-08</Dt>", txs=[quoted])],
                   opening=None, iban=IBAN)  # fmt: skip
    importer = statement_import(app)
    importer.bulk_from = bulk_from
    importer.run([StatementFile("releve.xml", read_camt(data, "releve.xml"))])
    [(status, case, reason)] = _outcome(app)
    assert (status, case) == ("applied", _case_of(app, "FV-2026-0041")), reason
    with app.engine.connect() as db:
        paid = db.execute(sa.select(invoices.c.number, invoices.c.paid_cents)
                          .order_by(invoices.c.number)).all()  # fmt: skip
    assert [tuple(r) for r in paid] == [("FV-2026-0041", 30000), ("FV-2026-0042", 0)]
