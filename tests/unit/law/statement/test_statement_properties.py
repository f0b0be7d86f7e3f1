"""Properties of the statement on random claims: nothing created or lost, never negative."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.domain.claims import Invoice
from recouvre.domain.parties import DebtorKind
from recouvre.domain.payments import Payment
from recouvre.law.statement.computation import (
    ClaimFacts,
    ClaimInvoice,
    CreditorKind,
    FormalNotice,
    statement,
)
from recouvre.reference.loader import load_tables

TABLES = load_tables()
ON = date(2026, 12, 31)
cents = st.integers(min_value=1, max_value=5 * 10**6).map(lambda c: Decimal(c) / 100)
days = st.integers(min_value=0, max_value=1400)


@st.composite
def claims(draw: st.DrawFn) -> tuple[list[ClaimInvoice], list[Payment], ClaimFacts]:
    base = date(2023, 1, 1)
    count = draw(st.integers(min_value=1, max_value=4))
    invoices = []
    for i in range(count):
        due = base + timedelta(days=draw(days))
        invoices.append(ClaimInvoice(Invoice(None, None, None, f"F{i}", due, due, draw(cents))))
    payments = [
        Payment(
            None,
            None,
            base + timedelta(days=draw(days)),
            draw(cents),
            draw(st.one_of(st.none(), st.sampled_from([f"F{i}" for i in range(count)]))),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=4)))
    ]
    debtor = draw(st.sampled_from(list(DebtorKind)))
    creditor = draw(st.sampled_from(list(CreditorKind)))
    notice = FormalNotice(None, base + timedelta(days=draw(days)))
    return invoices, payments, ClaimFacts(creditor, debtor, notice)


@settings(max_examples=120, deadline=None)
@given(claims())
def test_everything_owed_is_either_paid_or_still_due(
    claim: tuple[list[ClaimInvoice], list[Payment], ClaimFacts],
) -> None:
    invoices, payments, facts = claim
    result = statement(invoices, payments, facts, ON, TABLES)
    owed = sum((i.amount + i.interest + i.indemnity + i.costs for i in result.invoices), Decimal(0))
    paid = sum((p.payment.amount for p in result.payments), Decimal(0))
    assert owed == paid - result.surplus + result.totals.total_due
    for inv in result.invoices:
        assert inv.interest >= 0 and inv.interest_outstanding >= 0
        assert inv.principal_outstanding >= 0 and inv.indemnity_outstanding >= 0
        assert all(s.amount >= 0 and s.days > 0 for s in inv.slices)
