"""The dashboard of the web application: what is owed, how late, and the day's work.

Within the reader's scope: the cases still open, the open invoices and what they still owe,
the ageing balance (the buckets and the rule of ``services.cases.portfolio``, the summary the
demo prints), the actions due by today not yet handed to the sender (``outbox.model.PENDING``)
and how many wait for a person's approval (the review queue).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from recouvre.domain.money import from_cents
from recouvre.services.cases.portfolio import (
    BucketTotal,
    OpenInvoiceColumns,
    ageing,
    days_late_on,
)

DUE_LIST_LENGTH = 8


@dataclass(frozen=True, slots=True)
class DueAction:
    action_id: int
    case_reference: str
    debtor_name: str
    step_id: str
    channel: str
    status: str
    due_on: date


class DashboardReader(Protocol):
    """Reads within one scope (the bootstrap builds one per reader's scope)."""

    def count_open_cases(self) -> int: ...

    def open_invoice_columns(self) -> OpenInvoiceColumns: ...

    def due_actions(self, on: date, limit: int) -> Sequence[DueAction]:
        """Pending actions due on or before ``on``, oldest first."""
        ...

    def count_due_actions(self, on: date) -> int: ...

    def count_awaiting_approval(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Dashboard:
    on: date
    open_cases: int
    open_invoices: int
    outstanding: Decimal
    buckets: tuple[BucketTotal, ...]
    due_actions: tuple[DueAction, ...]
    due_count: int
    awaiting_approval: int

    @property
    def overdue(self) -> Decimal:
        """What is owed past its due date (every bucket but « not yet due »)."""
        return sum((b.outstanding for b in self.buckets[1:]), Decimal("0.00"))


def dashboard(reader: DashboardReader, on: date) -> Dashboard:
    columns = reader.open_invoice_columns()
    cents = columns.outstanding_cents
    return Dashboard(
        on=on,
        open_cases=reader.count_open_cases(),
        open_invoices=int(cents.shape[0]),
        outstanding=from_cents(int(cents.sum())),
        buckets=ageing(days_late_on(columns.due_dates, on), cents),
        due_actions=tuple(reader.due_actions(on, DUE_LIST_LENGTH)),
        due_count=reader.count_due_actions(on),
        awaiting_approval=reader.count_awaiting_approval(),
    )
