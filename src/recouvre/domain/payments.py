"""Payments received from a debtor, as immutable facts.

``designated_invoice`` is the invoice the debtor said the payment is for: the first rule of
imputation (C. civ. 1342-10).

``parts`` is how recouvre imputed the payment when it recorded it (C. civ. 1342-10 across the
invoices, 1343-1 within each): what went to each invoice's principal, interest and accessories
(the 40 € indemnity and costs). The principal parts are already in the invoices' ``paid``; a
statement applies the parts as recorded rather than imputing the payment again, so that what a
letter claims and what the invoices show agree. A payment with no parts (a statement file, a
payment known before recouvre imputed anything) is imputed by the statement itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.errors import InvariantViolation
from recouvre.domain.money import ZERO


@dataclass(frozen=True, slots=True)
class PaymentPart:
    """What one payment paid on one invoice (C. civ. 1343-1: accessories, interest, principal)."""

    invoice: str
    principal: Decimal
    interest: Decimal = ZERO
    accessories: Decimal = ZERO

    def __post_init__(self) -> None:
        if min(self.principal, self.interest, self.accessories) < 0:
            raise InvariantViolation(f"imputation négative sur la facture {self.invoice}")

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.accessories


@dataclass(frozen=True, slots=True)
class Payment:
    id: int | None
    case_id: int | None
    received_on: date
    amount: Decimal
    designated_invoice: str | None = None
    reference: str | None = None
    parts: tuple[PaymentPart, ...] = ()

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise InvariantViolation("paiement nul ou négatif")
        if sum((p.total for p in self.parts), ZERO) > self.amount:
            raise InvariantViolation("paiement : imputé au-delà de son montant")

    def principal_on(self, invoice: str) -> Decimal:
        """The part of this payment recorded on ``invoice``'s principal (zero if none)."""
        return sum((p.principal for p in self.parts if p.invoice == invoice), ZERO)
