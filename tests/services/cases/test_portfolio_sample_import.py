"""The sample CSV goes through the real import service, and the summary read back from the
database (SQLite and PostgreSQL) is what the generated portfolio says it should be."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.queries.portfolio import SqlPortfolioReader
from recouvre.adapters.db.tables import creditors, debtors
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.adapters.importers import open_invoice_file
from recouvre.services.cases.portfolio import bucket_of, summarise
from recouvre.services.imports.invoices import import_invoices
from recouvre.services.parties.creditors import Parties
from recouvre.simulation.sample.csv_writer import write_portfolio
from recouvre.simulation.sample.generator import SamplePortfolio, generate
from recouvre.simulation.sample.registration import register_sample_creditors
from support.imports import invoice_store

ON = date(2026, 11, 23)
RECORDED_AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return RECORDED_AT

    def today(self) -> date:
        return ON


def parties(engine: sa.Engine) -> Parties:
    return Parties(lambda: SqlUnitOfWork(engine, Clock(), "test"), Clock())


def register_creditors(engine: sa.Engine, portfolio: SamplePortfolio) -> dict[str, int]:
    """The demonstration's registration: through ``services.parties``, journaled."""
    return register_sample_creditors(parties(engine), portfolio.creditors)


@pytest.fixture(scope="module")
def portfolio() -> SamplePortfolio:
    return generate(ON, seed=99)


def _import_all(engine: sa.Engine, portfolio: SamplePortfolio, folder: Path) -> list[int]:
    written = write_portfolio(portfolio, folder)
    created = []
    for siren, path in written.invoices:
        report = import_invoices(
            open_invoice_file(path),
            lambda: invoice_store(engine),
            creditor_siren=siren,
            on=ON,
            recorded_at=RECORDED_AT,
            actor="test",
        )
        assert report.ok, [str(i) for i in report.issues[:5]]
        created.append(report.created)
    return created


def test_sample_imports_and_summary_matches_the_generated_book(
    db_engine: sa.Engine, portfolio: SamplePortfolio, tmp_path: Path
) -> None:
    ids = register_creditors(db_engine, portfolio)
    assert _import_all(db_engine, portfolio, tmp_path) == [
        len(portfolio.invoices_of(c.creditor.siren)) for c in portfolio.creditors
    ]
    sample = {c.creditor.siren for c in portfolio.creditors}
    assert {p.creditor.siren for p in parties(db_engine).creditors()} == sample
    with db_engine.connect() as conn:
        agency = dict(conn.execute(sa.select(creditors.c.id, creditors.c.via_agency)).all())
        departements = Counter(conn.execute(sa.select(debtors.c.departement)).scalars())
    assert sorted(agency.values()) == [False, True]
    assert set(agency) == set(ids.values())
    assert departements["57"] + departements["67"] + departements["68"] > 0
    assert sum(n for d, n in departements.items() if d and d.startswith("97")) > 0

    summary = summarise(SqlPortfolioReader(db_engine), ON)
    open_ = [i.invoice for i in portfolio.invoices if i.invoice.outstanding > 0]
    assert summary.creditors == 2
    assert summary.debtors == len(portfolio.debtors) == 300
    assert summary.open_invoices == len(open_)
    # One open case per (creditor, debtor) with something unpaid.
    assert summary.open_cases == len(
        {(i.creditor_siren, i.debtor) for i in portfolio.invoices if i.invoice.outstanding > 0}
    )
    assert summary.outstanding == sum((i.outstanding for i in open_), Decimal(0))
    expected_counts = Counter(bucket_of(i.days_late(ON) if i.due_date < ON else 0) for i in open_)
    assert {b.bucket: b.invoices for b in summary.buckets} == {
        b.bucket: expected_counts[b.bucket] for b in summary.buckets
    }
    assert sum(b.outstanding for b in summary.buckets) == summary.outstanding
    assert all(b.invoices > 0 for b in summary.buckets)
    whys = [why for line in summary.sample_accounts for why in line.why.split(", ")]
    assert whys[0] == "encours le plus élevé"
    assert {"retard le plus ancien", "particulier", "Alsace-Moselle", "outre-mer"} <= set(whys)
    assert all(line.account.case_reference for line in summary.sample_accounts)


def test_reimporting_the_sample_changes_nothing(
    db_engine: sa.Engine, portfolio: SamplePortfolio, tmp_path: Path
) -> None:
    register_creditors(db_engine, portfolio)
    _import_all(db_engine, portfolio, tmp_path / "first")
    before = summarise(SqlPortfolioReader(db_engine), ON)
    register_creditors(db_engine, portfolio)
    assert _import_all(db_engine, portfolio, tmp_path / "again") == [0, 0]
    assert summarise(SqlPortfolioReader(db_engine), ON) == before
