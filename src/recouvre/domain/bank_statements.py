"""Bank statements as the bank states them: one line per payment received or undone.

Why: a payment is at the creditor's disposal on its value date, which is therefore the date of
payment (C. civ. 1342-9 al. 1 for the imputation, C. com. L441-10 for the penalties that stop
running); a line is keyed by the bank's own references so that a duplicate copy of a statement,
or two statements that overlap, never count one payment twice. A *reversal* (ISO 20022
``RvslInd``) and a debit (a returned direct debit, a chargeback) undo an earlier credit: they
are lines too, never dropped.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.errors import InvariantViolation


@dataclass(frozen=True, slots=True)
class BankLine:
    """One movement of an account: ``amount`` is positive, ``credit`` says its direction."""

    key: str
    value_on: date
    booked_on: date | None
    amount: Decimal
    currency: str
    credit: bool
    reversal: bool
    remittance: str
    references: tuple[str, ...]
    payer_name: str
    payer_iban: str
    bank_reference: str
    source_line: int

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise InvariantViolation(f"ligne de relevé {self.key} : montant nul ou négatif")

    @property
    def signed(self) -> Decimal:
        return self.amount if self.credit else -self.amount


def ranked_digest(prefix: str, content: Sequence[str], seen: Counter[str]) -> str:
    """The key of a line the bank gave no reference for: ``prefix``, a digest of its content
    and its rank among identical lines of the same statement (« #1 », « #2 »). Two real payments
    alike in every field stay two; the same statement read again, or a copy, or an overlapping
    statement, gives the same keys."""
    digest = hashlib.sha256("|".join(content).encode()).hexdigest()[:32]
    seen[digest] += 1
    return f"{prefix}{digest}#{seen[digest]}"


@dataclass(frozen=True, slots=True)
class Balance:
    """A balance the statement states (opening or closing), signed."""

    on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BankStatement:
    """One statement (or notification) of one account, in the order of the file."""

    account: str
    currency: str
    statement_id: str
    copy: bool
    opening: Balance | None
    closing: Balance | None
    lines: tuple[BankLine, ...]
    source_line: int

    def unbalanced_by(self) -> Decimal | None:
        """opening + entries - closing when the statement gives both balances, else ``None``:
        a statement whose entries do not add up is refused (an entry missing or counted
        twice would otherwise pass unseen)."""
        if self.opening is None or self.closing is None:
            return None
        return (
            self.opening.amount
            + sum((x.signed for x in self.lines), Decimal(0))
            - (self.closing.amount)
        )
