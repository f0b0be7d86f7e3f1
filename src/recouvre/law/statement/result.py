"""What a statement (décompte) says: per invoice, per payment, and the claim's totals.

The elements CPC 1407 asks a payment-order request to set out (« le décompte des différents
éléments de la créance ») and CPCE R124-4 asks an agency's letter to distinguish: the
principal, the interest slice by slice, the 40 € indemnity (C. com. D441-5) and the costs,
each with what was paid and what is still owed. ``recouvre.law.statement.computation``
builds them; the readers (letters, papers, the command line) only read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from recouvre.domain.money import ZERO
from recouvre.domain.payments import Payment
from recouvre.law.imputation import Imputation
from recouvre.law.interest import InterestKind, InterestSlice
from recouvre.law.parameters import LegalRow, provisional_rate_on, warnings_of
from recouvre.law.statement.explain import Notice


@dataclass(frozen=True, slots=True)
class PaymentImputation:
    """How one payment was imputed across the invoices (C. civ. 1342-10, 1343-1)."""

    payment: Payment
    imputation: Imputation


@dataclass(frozen=True, slots=True)
class InvoiceStatement:
    """One invoice on the statement's date: each element, what was paid, what is owed."""

    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    regime: InterestKind | None
    interest_from: date | None
    slices: tuple[InterestSlice, ...]
    interest_paid: Decimal
    indemnity: Decimal
    indemnity_paid: Decimal
    costs: Decimal
    costs_paid: Decimal
    principal_paid: Decimal
    capitalised: Decimal

    @property
    def interest(self) -> Decimal:
        return sum((s.amount for s in self.slices), ZERO)

    @property
    def interest_outstanding(self) -> Decimal:
        return self.interest - self.interest_paid

    @property
    def indemnity_outstanding(self) -> Decimal:
        return self.indemnity - self.indemnity_paid

    @property
    def costs_outstanding(self) -> Decimal:
        return self.costs - self.costs_paid

    @property
    def principal_outstanding(self) -> Decimal:
        return self.amount - self.principal_paid

    @property
    def total_due(self) -> Decimal:
        return (
            self.principal_outstanding
            + self.interest_outstanding
            + self.indemnity_outstanding
            + self.costs_outstanding
        )


@dataclass(frozen=True, slots=True)
class StatementTotals:
    """The claim's totals over its invoices."""

    principal_outstanding: Decimal
    interest: Decimal
    interest_outstanding: Decimal
    indemnity: Decimal
    indemnity_outstanding: Decimal
    costs: Decimal
    costs_outstanding: Decimal
    total_due: Decimal


@dataclass(frozen=True, slots=True)
class Statement:
    """The statement of a claim on ``on``: its invoices, payments, notices and legal rows."""

    on: date
    invoices: tuple[InvoiceStatement, ...]
    payments: tuple[PaymentImputation, ...]
    notices: tuple[Notice, ...]
    rows_used: tuple[LegalRow, ...] = field(repr=False)

    @property
    def totals(self) -> StatementTotals:
        """The claim's totals over its invoices."""
        invs = self.invoices

        def add(values: Iterable[Decimal]) -> Decimal:
            return sum(values, ZERO)

        return StatementTotals(
            principal_outstanding=add(i.principal_outstanding for i in invs),
            interest=add(i.interest for i in invs),
            interest_outstanding=add(i.interest_outstanding for i in invs),
            indemnity=add(i.indemnity for i in invs),
            indemnity_outstanding=add(i.indemnity_outstanding for i in invs),
            costs=add(i.costs for i in invs),
            costs_outstanding=add(i.costs_outstanding for i in invs),
            total_due=add(i.total_due for i in invs),
        )

    @property
    def surplus(self) -> Decimal:
        return sum((p.imputation.surplus for p in self.payments), ZERO)

    @property
    def warnings(self) -> tuple[LegalRow, ...]:
        """Secondary or unverified legal rows this statement relied on."""
        return warnings_of(self.rows_used)

    @property
    def provisional_rate_on(self) -> date | None:
        """The date of the last published rate used where a half-year's rate is not published
        yet (« taux en vigueur au … ; montant à parfaire »); ``None`` when the amounts are
        exact."""
        return provisional_rate_on(r for i in self.invoices for s in i.slices for r in s.rows)
