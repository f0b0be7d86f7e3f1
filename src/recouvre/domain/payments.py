"""Payments received from a debtor, as immutable facts.

``designated_invoice`` is the invoice the debtor said the payment is for: the first rule of
imputation (C. civ. 1342-10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.errors import InvariantViolation


@dataclass(frozen=True, slots=True)
class Payment:
    id: int | None
    case_id: int | None
    received_on: date
    amount: Decimal
    designated_invoice: str | None = None
    reference: str | None = None

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise InvariantViolation("paiement nul ou négatif")
