"""The payments of a long statement applied as a set: the same use case, without a query per
payment.

Why: a statement of 100 000 lines applied one payment at a time through ``CaseEvents.payment``
costs some ten queries per payment (the case, its invoices, its plan, its actions, then each
write): about 2.5 ms each, four minutes for the file. The answer of the plan to each payment
(C. civ. 1342-10 imputation, the case closed when paid in full and its pending steps
cancelled, a partial payment rescheduling the waiting step, every fact journaled) must stay
exactly the reference path's. So a batch runs that very use case, payment after payment in
the statement's order, on ``BatchUnitOfWork``: a unit of work whose reads are served from
what the batch loaded at once (cases, invoices, plans, actions of every case of the batch, a
few chunked queries) and whose writes are kept, each row's last state, then written table by
table in one ``executemany`` (invoices paid, payments with their parts, actions cancelled or
withdrawn, plans, next dates); the journal entries go to the real journal in the same order.

Only cases the plain path serves are batched (``statements``): no document claimed their
fees (the accessories are imputed first then, ``payment_parts``), no combination, no
designated invoice already settled, no IBAN to learn, no waiting reversal. Anything else goes
through the scalar path, after the batch so far is written: the scalar path always reads what
the batch wrote, as it would have read its own writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, cast

from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice, InvoiceStatus, is_owed, status_after_payment
from recouvre.domain.money import to_cents
from recouvre.domain.payments import Payment
from recouvre.services.cases.case_events import CaseEvents, EventOutcome
from recouvre.services.daily_run.ports import CaseRow, InvoiceLine, PlanRow, StoredAction
from recouvre.services.payments.ports import PaymentsUnitOfWork


@dataclass(frozen=True, slots=True)
class Deferred:
    """A payment matched on a line, to apply with its batch: (invoice designated or None,
    amount) parts as ``statements`` found them."""

    case_id: int
    reference: str
    on: date
    parts: tuple[tuple[str | None, Decimal], ...]


class _Cases:
    def __init__(self, by_id: dict[int, Case]) -> None:
        self.by_id = by_id
        self.by_reference = {c.reference: c for c in by_id.values() if c.reference}

    def by_key(self, key: str) -> Case | None:
        return self.by_reference.get(key.strip().upper())

    def get(self, case_id: int) -> Case | None:
        return self.by_id.get(case_id)


class _Invoices:
    def __init__(self, rows: Sequence[tuple[int, Invoice, str]]) -> None:
        self.of: dict[int, list[Invoice]] = {}
        self.status: dict[int, str] = {}
        self.case_of: dict[int, int] = {}
        self.changed: dict[int, tuple[int, str]] = {}
        for case_id, invoice, status in rows:
            assert invoice.id is not None
            self.of.setdefault(case_id, []).append(invoice)
            self.status[invoice.id] = status
            self.case_of[invoice.id] = case_id

    def for_case(self, case_id: int, *, open_only: bool = False) -> list[Invoice]:
        found = self.of.get(case_id, [])
        if open_only:
            return [i for i in found if self.status[cast(int, i.id)] == InvoiceStatus.OPEN.value]
        return list(found)

    def set_paid(self, invoice_id: int, paid: Decimal) -> None:
        found = self.of[self.case_of[invoice_id]]
        at = next(n for n, i in enumerate(found) if i.id == invoice_id)
        found[at] = invoice = replace(found[at], paid=paid)
        cents = to_cents(paid)
        current = InvoiceStatus(self.status[invoice_id])
        status = status_after_payment(to_cents(invoice.amount), cents, current).value
        self.status[invoice_id] = status
        self.changed[invoice_id] = (cents, status)

    def lines(self, case_id: int) -> list[InvoiceLine]:
        """``PlanStore.open_invoices`` of one case: owed, by due date and number."""
        owed = [
            InvoiceLine(case_id, i.number, i.issue_date, i.due_date, to_cents(i.amount),
                        to_cents(i.paid), i.completed_on)
            for i in self.of.get(case_id, [])
            if is_owed(InvoiceStatus(self.status[cast(int, i.id)]), i.amount, i.paid)
        ]  # fmt: skip
        return sorted(owed, key=lambda x: (x.due_date, x.number))


class _Payments:
    def __init__(self) -> None:
        self.added: list[tuple[Payment, str]] = []

    def add(self, payment: Payment, source: str = "manual") -> Payment:
        self.added.append((payment, source))
        return payment


class _Plans:
    def __init__(self, rows: Sequence[CaseRow], invoices: _Invoices) -> None:
        self.rows = {r.case_id: r for r in rows}
        self.invoices = invoices
        self.upserted: dict[int, tuple[PlanRow, str]] = {}
        self.next: dict[int, tuple[int, str | None, date | None]] = {}

    def case_rows(self, case_ids: Sequence[int]) -> list[CaseRow]:
        return [self.rows[i] for i in sorted(set(case_ids)) if i in self.rows]

    def open_invoices(self, low_id: int, high_id: int) -> list[InvoiceLine]:
        assert low_id == high_id, "the use case asks for one case"
        return self.invoices.lines(low_id)

    def upsert(self, rows: Sequence[PlanRow], stamp: str) -> None:
        for row in rows:  # the plan columns of the case's row, as the next read sees them
            plan = row._asdict()
            del plan["case_id"]
            self.rows[row.case_id] = self.rows[row.case_id]._replace(**plan)
            self.upserted[row.case_id] = (row, stamp)

    def set_next(self, updates: Sequence[tuple[int, str | None, date | None]]) -> None:
        for update in updates:
            self.next[update[0]] = update


class _Actions:
    def __init__(self, stored: Sequence[StoredAction], fees: set[int]) -> None:
        self.of: dict[int, list[StoredAction]] = {}
        for action in stored:
            self.of.setdefault(action.case_id, []).append(action)
        self.by_id = {a.id: a for a in stored}
        self.fees = fees
        self.statuses: dict[int, tuple[int, str, str, str | None]] = {}
        self.withdrawn: list[tuple[int, date]] = []

    def for_case(self, case_id: int) -> list[StoredAction]:
        return [self.by_id[a.id] for a in self.of.get(case_id, [])]

    def fees_claimed(self, case_id: int, kinds: object, on: date) -> bool:
        return case_id in self.fees

    def set_status(
        self, action_id: int, status: str, stamp: str, *, reason: str | None = None,
        expected: Sequence[str] = (), **unused: object,
    ) -> bool:  # fmt: skip
        assert not unused, "a payment only cancels actions"
        action = self.by_id[action_id]
        if expected and action.status not in expected:
            return False
        reason = action.reason if reason is None else reason
        self.by_id[action_id] = action._replace(status=status, reason=reason)
        self.statuses[action_id] = (action_id, status, stamp, reason)
        return True

    def mark_withdrawn(self, action_id: int, on: date) -> None:
        self.by_id[action_id] = self.by_id[action_id]._replace(withdrawn=True)
        self.withdrawn.append((action_id, on))


class BatchUnitOfWork:
    """The unit of work a batch's payments run on (see the module); anything else is the real
    one's."""

    def __init__(self, uow: PaymentsUnitOfWork, order: Sequence[int], fees: set[int]) -> None:
        batch = uow.payment_batch
        self._uow = uow
        self.cases = _Cases(batch.cases(order))
        self.invoices = _Invoices(batch.invoices(order))
        self.payments = _Payments()
        self.plans = _Plans(uow.plans.case_rows(order), self.invoices)
        self.actions = _Actions(batch.actions(order), fees)
        self.journal = uow.journal

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)

    def write(self) -> None:
        """What the batch changed, table by table."""
        uow = self._uow
        paid = [(i, cents, status) for i, (cents, status) in self.invoices.changed.items()]
        uow.payment_batch.write(paid, self.payments.added, list(self.actions.statuses.values()),
                                self.actions.withdrawn)  # fmt: skip
        uow.payment_batch.upsert_plans(list(self.plans.upserted.values()))
        uow.plans.set_next(list(self.plans.next.values()))


def apply_batch(
    uow: PaymentsUnitOfWork, events: CaseEvents, deferred: Sequence[Deferred],
    touched: Sequence[int], fees: set[int],
) -> list[tuple[EventOutcome, tuple[tuple[str, int], ...]]]:  # fmt: skip
    """Apply ``deferred`` in order through ``CaseEvents.payment`` on a ``BatchUnitOfWork``;
    ``touched``: every case the scalar path would have loaded meanwhile, in that order. Returns
    each payment's outcome and what it paid on each invoice, in cents (``reversals.paid_by``)."""
    batch = BatchUnitOfWork(uow, touched, fees)
    on_batch = events.within(cast(PaymentsUnitOfWork, batch))
    out = []
    for payment in deferred:
        before = _paid_cents(batch, payment.case_id)
        done = _pay(on_batch, payment)
        after = _paid_cents(batch, payment.case_id)
        split = tuple((n, c - before.get(n, 0)) for n, c in after.items() if c != before.get(n, 0))
        out.append((done, split))
    batch.write()
    return out


def _pay(events: CaseEvents, payment: Deferred) -> EventOutcome:
    """``statements``' scalar call, each part in turn (the last outcome is the case's)."""
    outcomes = [
        events.payment(payment.reference, part, payment.on, invoice=number, source="bank")
        for number, part in payment.parts
    ]
    return outcomes[-1]


def _paid_cents(batch: BatchUnitOfWork, case_id: int) -> dict[str, int]:
    return {i.number: to_cents(i.paid) for i in batch.invoices.for_case(case_id)}
