"""Invoices: the claims (créances) a case collects.

Amounts are ``Decimal`` euros including tax. ``paid`` is what was already paid before the claim
reached recouvre (imported with the invoice); later payments are ``Payment`` facts.
``completed_on`` is the date the work was completed or the goods delivered: the start of the
2-year prescription of a professional's claim against a consumer (C. consom. L218-2; Cass. 1re
civ. 2016: point de départ at the completion of the work).

An invoice is ``open`` until what was paid covers its amount, then ``paid``; a ``cancelled``
invoice stays cancelled whatever is paid on it. Only an open invoice with something left to pay
is owed (``is_owed``): it is what a case collects, what the daily run plans on and what the
balances add up. The database computes the same rule in set-based queries
(``adapters.db.invoice_status``, built from these functions' constants).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from recouvre.domain.errors import InvariantViolation
from recouvre.domain.money import ZERO

# Amounts compared in euros (``Decimal``) or in cents (``int``, the storage).
N = TypeVar("N", int, Decimal)


class InvoiceStatus(enum.StrEnum):
    OPEN = "open"
    PAID = "paid"
    CANCELLED = "cancelled"


def status_after_payment(
    amount: N, paid: N, current: InvoiceStatus = InvoiceStatus.OPEN
) -> InvoiceStatus:
    """The status once ``paid`` (of ``amount``) is paid: paid when covered, else open; a
    cancelled invoice stays cancelled."""
    if current is InvoiceStatus.CANCELLED:
        return current
    return InvoiceStatus.PAID if paid >= amount else InvoiceStatus.OPEN


def is_owed(status: InvoiceStatus, amount: N, paid: N) -> bool:
    """Whether the invoice is still to collect: open, and not wholly paid."""
    return status is InvoiceStatus.OPEN and amount > paid


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

    @property
    def status(self) -> InvoiceStatus:
        """Open or paid, from what was paid (the stored status also knows ``cancelled``)."""
        return status_after_payment(self.amount, self.paid)

    def days_late(self, on: date) -> int:
        """Days past the due date on ``on`` (0 when not yet due)."""
        return max(0, (on - self.due_date).days)
