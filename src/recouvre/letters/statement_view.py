"""From the legal engine's ``Statement`` to what a letter prints.

The letters print the engine's figures as they are (already rounded half-up to the cent slice
by slice for the C. com. L441-10 II semesters); nothing is recomputed here. The outstanding
parts become the ``Totals`` that CPCE R124-4 3° asks to distinguish: principal, interest,
the fixed indemnities (D441-5) and other accessories (justified costs).
"""

from __future__ import annotations

from dataclasses import dataclass

from recouvre.domain.money import ZERO
from recouvre.law.statement.computation import Statement
from recouvre.letters.view_model import InvoiceView, StatementLine, Totals


@dataclass(frozen=True, slots=True)
class StatementView:
    invoices: tuple[InvoiceView, ...]
    lines: tuple[StatementLine, ...]
    totals: Totals


def statement_view(statement: Statement) -> StatementView:
    invoices = tuple(
        InvoiceView(inv.number, inv.issue_date, inv.due_date, inv.amount, inv.principal_paid)
        for inv in statement.invoices
    )
    lines = tuple(
        StatementLine(
            invoice_number=inv.number,
            base=s.basis,
            start=s.first,
            end=s.last,
            days=s.days,
            rate=s.rate,
            amount=s.amount,
        )
        for inv in statement.invoices
        for s in inv.slices
    )
    totals = Totals(
        principal=sum((i.principal_outstanding for i in statement.invoices), ZERO),
        interest=sum((i.interest_outstanding for i in statement.invoices), ZERO),
        indemnities=sum((i.indemnity_outstanding for i in statement.invoices), ZERO),
        other_accessories=sum((i.costs_outstanding for i in statement.invoices), ZERO),
    )
    return StatementView(invoices, lines, totals)
