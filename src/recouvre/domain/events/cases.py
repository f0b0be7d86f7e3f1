"""Events of a case's life: opened, phases, debtor attitude, closure, invoices and payments.

Each is recorded by the ``Case`` aggregate (``domain.cases``) and journaled on the case's
stream when the unit of work commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar

from recouvre.domain.events.base import Event as Event  # the base, imported with the case events
from recouvre.domain.events.base import JournalKind


@dataclass(frozen=True, slots=True)
class CaseOpened(Event):
    kind: ClassVar[JournalKind] = JournalKind.CASE_OPENED
    creditor_id: int
    debtor_id: int


@dataclass(frozen=True, slots=True)
class PhaseChanged(Event):
    kind: ClassVar[JournalKind] = JournalKind.PHASE_CHANGED
    from_phase: str
    to_phase: str
    reason: str


@dataclass(frozen=True, slots=True)
class AttitudeChanged(Event):
    kind: ClassVar[JournalKind] = JournalKind.ATTITUDE_CHANGED
    from_attitude: str
    to_attitude: str
    reason: str


@dataclass(frozen=True, slots=True)
class CaseClosed(Event):
    kind: ClassVar[JournalKind] = JournalKind.CASE_CLOSED
    closure: str
    reason: str


@dataclass(frozen=True, slots=True)
class InvoiceImported(Event):
    kind: ClassVar[JournalKind] = JournalKind.INVOICE_IMPORTED
    invoice_number: str
    amount: Decimal
    due_date: date


@dataclass(frozen=True, slots=True)
class InvoiceAmountChanged(Event):
    kind: ClassVar[JournalKind] = JournalKind.INVOICE_AMOUNT_CHANGED
    invoice_number: str
    old_amount: Decimal
    new_amount: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class PaymentRecorded(Event):
    kind: ClassVar[JournalKind] = JournalKind.PAYMENT_RECORDED
    amount: Decimal
    designated_invoice: str | None


@dataclass(frozen=True, slots=True)
class PaymentReversed(Event):
    """The bank took back a payment it had credited (a reversal, a returned direct debit, a
    chargeback): what it paid is owed again (C. civ. 1342-10 undone for that amount)."""

    kind: ClassVar[JournalKind] = JournalKind.PAYMENT_REVERSED
    amount: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class CaseReopened(Event):
    """A case closed as paid opens again: the payment that settled it was taken back."""

    kind: ClassVar[JournalKind] = JournalKind.CASE_REOPENED
    reason: str
