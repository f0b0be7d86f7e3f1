"""The columnar batch path agrees to the cent with the scalar statement."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.domain.claims import Invoice
from recouvre.domain.money import to_cents
from recouvre.domain.parties import DebtorKind
from recouvre.domain.payments import Payment
from recouvre.law.parameters import MissingLegalData
from recouvre.law.periods import DayCount
from recouvre.law.statement.columnar import NO_DATE, Portfolio, batch_statements, rate_units
from recouvre.law.statement.computation import (
    ClaimFacts,
    ClaimInvoice,
    CreditorKind,
    StatementOptions,
    statement,
)
from recouvre.reference.loader import load_tables

TABLES = load_tables()
BASE = date(2013, 1, 1)
LAST = date(2026, 12, 31)


def arr(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def test_example_1_in_the_batch_path() -> None:
    portfolio = Portfolio(
        arr([1234567]),
        arr([date(2024, 3, 15).toordinal()]),
        arr([-1]),
        arr([NO_DATE]),
        arr([0, 1]),
        arr([date(2025, 2, 10).toordinal()]),
        arr([1234567]),
    )
    result = batch_statements(portfolio, date(2025, 2, 10), TABLES)
    assert result.interest_cents.tolist() == [159400]
    assert result.indemnity_cents.tolist() == [4000]
    assert result.total_due_cents.tolist() == [163400]


def test_batch_refuses_a_half_year_without_rates() -> None:
    portfolio = Portfolio(
        arr([100000]),
        arr([date(2026, 12, 1).toordinal()]),
        arr([-1]),
        arr([NO_DATE]),
        arr([0, 0]),
        arr([]),
        arr([]),
    )
    with pytest.raises(MissingLegalData, match="2027"):
        batch_statements(portfolio, date(2027, 1, 5), TABLES)


def test_batch_reports_the_secondary_rows_it_used() -> None:
    portfolio = Portfolio(
        arr([100000]),
        arr([date(2026, 6, 1).toordinal()]),
        arr([-1]),
        arr([NO_DATE]),
        arr([0, 0]),
        arr([]),
        arr([]),
    )
    result = batch_statements(portfolio, date(2026, 8, 1), TABLES)
    assert [(r.key, r.effective_from) for r in result.warnings] == [("ecb_mro", date(2026, 7, 1))]


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[dict[str, object]], date, DayCount]:
    on = BASE + timedelta(days=draw(st.integers(min_value=200, max_value=(LAST - BASE).days)))
    count = draw(st.integers(min_value=1, max_value=12))
    rows = []
    for _ in range(count):
        amount = draw(st.integers(min_value=1, max_value=10**9))
        due = on - timedelta(days=draw(st.integers(min_value=-60, max_value=1500)))
        due = max(due, BASE)
        paid_total = draw(st.integers(min_value=0, max_value=amount))
        n_pay = draw(st.integers(min_value=0, max_value=4))
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(min_value=0, max_value=paid_total), min_size=n_pay, max_size=n_pay
                )
            )
        )
        amounts = [b - a for a, b in zip([0, *cuts], [*cuts, paid_total], strict=False)][:n_pay]
        payments = []
        for cents in amounts:
            if cents <= 0:
                continue
            day = due + timedelta(days=draw(st.integers(min_value=-30, max_value=900)))
            payments.append((min(day, LAST), cents))
        payments.sort(key=lambda p: p[0])
        contract = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=2500)))
        collective = draw(
            st.one_of(st.none(), st.just(due + timedelta(days=draw(st.integers(-40, 700)))))
        )
        rows.append(
            {
                "amount": amount,
                "due": due,
                "payments": payments,
                "contract": contract,
                "collective": collective,
            }
        )
    return rows, on, draw(st.sampled_from(list(DayCount)))


@settings(max_examples=120, deadline=None)
@given(portfolios())
def test_batch_agrees_with_the_scalar_statement_to_the_cent(
    case: tuple[list[dict[str, object]], date, DayCount],
) -> None:
    rows, on, day_count = case
    offsets = [0]
    pay_date: list[int] = []
    pay_cents: list[int] = []
    for row in rows:
        for day, cents in row["payments"]:  # type: ignore[attr-defined]
            pay_date.append(day.toordinal())
            pay_cents.append(cents)
        offsets.append(len(pay_date))
    portfolio = Portfolio(
        arr([r["amount"] for r in rows]),  # type: ignore[misc]
        arr([r["due"].toordinal() for r in rows]),  # type: ignore[attr-defined]
        arr(
            [
                -1 if r["contract"] is None else rate_units(Decimal(r["contract"]) / 100)
                for r in rows
            ]
        ),  # type: ignore[arg-type]
        arr([NO_DATE if r["collective"] is None else r["collective"].toordinal() for r in rows]),  # type: ignore[attr-defined]
        arr(offsets),
        arr(pay_date),
        arr(pay_cents),
    )
    batch = batch_statements(portfolio, on, TABLES, day_count)
    for i, row in enumerate(rows):
        due: date = row["due"]  # type: ignore[assignment]
        contract = None if row["contract"] is None else Decimal(row["contract"]) / 100  # type: ignore[arg-type]
        invoice = Invoice(
            None, None, None, "F", due, due, Decimal(row["amount"]) / 100, contractual_rate=contract
        )  # type: ignore[arg-type]
        payments = [Payment(None, None, d, Decimal(c) / 100, "F") for d, c in row["payments"]]  # type: ignore[attr-defined]
        facts = ClaimFacts(
            CreditorKind.COMPANY, DebtorKind.COMPANY, collective_opened_on=row["collective"]
        )  # type: ignore[arg-type]
        scalar = statement(
            [ClaimInvoice(invoice)],
            payments,
            facts,
            on,
            TABLES,
            StatementOptions(day_count=day_count),
        )
        (inv,) = scalar.invoices
        assert int(batch.interest_cents[i]) == to_cents(inv.interest)
        assert int(batch.interest_paid_cents[i]) == to_cents(inv.interest_paid)
        assert int(batch.indemnity_cents[i]) == to_cents(inv.indemnity)
        assert int(batch.indemnity_paid_cents[i]) == to_cents(inv.indemnity_paid)
        assert int(batch.principal_outstanding_cents[i]) == to_cents(inv.principal_outstanding)
        assert int(batch.total_due_cents[i]) == to_cents(inv.total_due)
        assert int(batch.surplus_cents[i]) == to_cents(scalar.surplus)


def test_portfolio_totals_add_up_the_columns() -> None:
    due = date(2025, 1, 31).toordinal()
    portfolio = Portfolio(
        arr([100000, 250000]),
        arr([due, due]),
        arr([-1, -1]),
        arr([NO_DATE, NO_DATE]),
        arr([0, 1, 1]),
        arr([date(2025, 3, 1).toordinal()]),
        arr([50000]),
    )
    result = batch_statements(portfolio, date(2025, 3, 31), TABLES)
    totals = result.totals_cents()
    assert totals["indemnity"] == 8000
    assert totals["total_due"] == int(result.total_due_cents[0]) + int(result.total_due_cents[1])
    assert (
        totals["principal_outstanding"]
        == 100000 - (50000 - 4000 - int(result.interest_paid_cents[0])) + 250000
    )
