"""What a letter claims beyond the principal, from the legal engine on the letter's date.

The totals are split as CPCE R124-4 3° asks (principal, interest, indemnities, other
accessories), with each slice of interest or penalty. Under a creditor's « dernier taux
publié » (``domain.rate_policy``) the statement is provisional: ``provisional_rate_on`` is the
date of the last published rate used, and the letter says « taux en vigueur au … ; montant à
parfaire » (``letters.provisional``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recouvre.law.statement.result import Statement
from recouvre.letters.view_model import StatementLine, Totals


@dataclass(frozen=True, slots=True)
class ClaimStatement:
    """The legal engine's statement in the letters' terms."""

    totals: Totals
    lines: tuple[StatementLine, ...]
    provisional_rate_on: date | None = None


def claim_statement(statement: Statement) -> ClaimStatement:
    """The law's statement in the letters' terms."""
    t = statement.totals
    lines = tuple(
        StatementLine(inv.number, s.basis, s.first, s.last, s.days, s.rate, s.amount)
        for inv in statement.invoices
        for s in inv.slices
    )
    totals = Totals(
        principal=t.principal_outstanding,
        interest=t.interest_outstanding,
        indemnities=t.indemnity_outstanding,
        other_accessories=t.costs_outstanding,
    )
    return ClaimStatement(totals, lines, statement.provisional_rate_on)
