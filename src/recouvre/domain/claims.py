"""Invoices: the claims (créances) a case collects.

Amounts are ``Decimal`` euros including tax. ``paid`` is what was already paid before the claim
reached recouvre (imported with the invoice); later payments are ``Payment`` facts.
``completed_on`` is the date the work was completed or the goods delivered: the start of the
2-year prescription of a professional's claim against a consumer (C. consom. L218-2; Cass. 1re
civ. 2016: point de départ at the completion of the work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.errors import InvariantViolation
from recouvre.domain.money import ZERO


@dataclass(frozen=True, slots=True)
class Invoice:
    id: int | None
    creditor_id: int | None
    debtor_id: int | None
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    paid: Decimal = ZERO
    currency: str = "EUR"
    contractual_rate: Decimal | None = None
    completed_on: date | None = None

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise InvariantViolation(f"facture {self.number} : montant nul ou négatif")
        if self.due_date < self.issue_date:
            raise InvariantViolation(
                f"facture {self.number} : échéance antérieure à la date de facture"
            )
        if self.paid < 0 or self.paid > self.amount:
            raise InvariantViolation(f"facture {self.number} : montant déjà payé incohérent")
        if self.currency != "EUR":
            raise InvariantViolation(f"facture {self.number} : seule la devise EUR est gérée")

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid

    def days_late(self, on: date) -> int:
        """Days past the due date on ``on`` (0 when not yet due)."""
        return max(0, (on - self.due_date).days)
