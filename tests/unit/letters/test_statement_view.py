"""The legal engine's statement printed as it is (reference §12, example 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recouvre.domain.claims import Invoice
from recouvre.domain.parties import DebtorKind
from recouvre.law.statement.computation import ClaimFacts, ClaimInvoice, CreditorKind, statement
from recouvre.letters.statement_view import statement_view
from recouvre.reference.loader import load_tables


def test_example_1_slices_and_totals() -> None:
    invoice = Invoice(
        id=1,
        creditor_id=1,
        debtor_id=1,
        number="F-2024-001",
        issue_date=date(2024, 2, 14),
        due_date=date(2024, 3, 15),
        amount=Decimal("12345.67"),
    )
    result = statement(
        [ClaimInvoice(invoice)],
        [],
        ClaimFacts(creditor=CreditorKind.COMPANY, debtor=DebtorKind.COMPANY),
        date(2025, 2, 10),
        load_tables(),
    )
    view = statement_view(result)
    assert [(s.start, s.end, s.days, s.rate, s.amount) for s in view.lines] == [
        (date(2024, 3, 16), date(2024, 6, 30), 107, Decimal("14.50"), Decimal("524.78")),
        (date(2024, 7, 1), date(2024, 12, 31), 184, Decimal("14.25"), Decimal("886.86")),
        (date(2025, 1, 1), date(2025, 2, 10), 41, Decimal("13.15"), Decimal("182.36")),
    ]
    assert view.totals.principal == Decimal("12345.67")
    assert view.totals.interest == Decimal("1594.00")
    assert view.totals.indemnities == Decimal("40.00")
    assert view.totals.total == Decimal("13979.67")
    assert [i.number for i in view.invoices] == ["F-2024-001"]
