"""Repositories on SQLAlchemy Core: parties, invoices, payments and cases, one connection each.

They implement the ports of ``recouvre.services.ports`` and run inside the unit of work's
transaction (``unit_of_work.SqlUnitOfWork``); they never commit. Cases are tracked: every case
handed out is remembered with the state it had, so that the unit of work saves what changed
and journals the events the case recorded.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.invoice_status import status_after_payment
from recouvre.adapters.db.tables import cases, creditors, debtors, invoices, payments
from recouvre.domain.cases import Case, CaseKey, Phase
from recouvre.domain.claims import Invoice, InvoiceStatus
from recouvre.domain.money import to_cents
from recouvre.domain.parties import Creditor, Debtor
from recouvre.domain.payments import Payment


class SqlCreditorRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def get(self, creditor_id: int) -> Creditor | None:
        row = self.connection.execute(
            sa.select(creditors).where(creditors.c.id == creditor_id)
        ).first()
        return None if row is None else mappers.creditor_from_row(row)

    def by_siren(self, siren: str) -> Creditor | None:
        row = self.connection.execute(
            sa.select(creditors).where(creditors.c.siren == siren)
        ).first()
        return None if row is None else mappers.creditor_from_row(row)

    def add(self, creditor: Creditor) -> Creditor:
        new_id = self.connection.execute(
            creditors.insert().values(**mappers.creditor_values(creditor)).returning(creditors.c.id)
        ).scalar_one()
        return replace(creditor, id=new_id)

    def list(self) -> list[Creditor]:
        rows = self.connection.execute(sa.select(creditors).order_by(creditors.c.id))
        return [mappers.creditor_from_row(row) for row in rows]


class SqlDebtorRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def get(self, debtor_id: int) -> Debtor | None:
        row = self.connection.execute(sa.select(debtors).where(debtors.c.id == debtor_id)).first()
        return None if row is None else mappers.debtor_from_row(row)

    def by_key(self, key: str) -> Debtor | None:
        row = self.connection.execute(sa.select(debtors).where(debtors.c.key == key)).first()
        return None if row is None else mappers.debtor_from_row(row)

    def add(self, debtor: Debtor) -> Debtor:
        new_id = self.connection.execute(
            debtors.insert().values(**mappers.debtor_values(debtor)).returning(debtors.c.id)
        ).scalar_one()
        return replace(debtor, id=new_id)


class SqlInvoiceRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def get(self, invoice_id: int) -> Invoice | None:
        row = self.connection.execute(
            sa.select(invoices).where(invoices.c.id == invoice_id)
        ).first()
        return None if row is None else mappers.invoice_from_row(row)

    def by_number(self, creditor_id: int, number: str) -> Invoice | None:
        row = self.connection.execute(
            sa.select(invoices).where(
                invoices.c.creditor_id == creditor_id, invoices.c.number == number
            )
        ).first()
        return None if row is None else mappers.invoice_from_row(row)

    def for_case(self, case_id: int, *, open_only: bool = False) -> list[Invoice]:
        query = sa.select(invoices).where(invoices.c.case_id == case_id)
        if open_only:
            query = query.where(invoices.c.status == InvoiceStatus.OPEN.value)
        rows = self.connection.execute(query.order_by(invoices.c.due_date, invoices.c.id))
        return [mappers.invoice_from_row(row) for row in rows]

    def add(self, invoice: Invoice, case_id: int | None) -> Invoice:
        new_id = self.connection.execute(
            invoices.insert()
            .values(**mappers.invoice_values(invoice, case_id))
            .returning(invoices.c.id)
        ).scalar_one()
        return replace(invoice, id=new_id)

    def set_paid(self, invoice_id: int, paid: Decimal) -> None:
        paid_cents = to_cents(paid)
        self.connection.execute(
            invoices.update()
            .where(invoices.c.id == invoice_id)
            .values(
                paid_cents=paid_cents,
                status=status_after_payment(paid_cents),
            )
        )


class SqlPaymentRepository:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def for_case(self, case_id: int) -> list[Payment]:
        """The case's payments in force (a payment the bank took back counts no more)."""
        rows = self.connection.execute(
            sa.select(payments)
            .where(payments.c.case_id == case_id, payments.c.reversed_on.is_(None))
            .order_by(payments.c.received_on, payments.c.id)
        )
        return [mappers.payment_from_row(row) for row in rows]

    def reverse(
        self, case_id: int, received_on: date, paid: Sequence[tuple[str, int]], on: date
    ) -> int:
        """Mark reversed the bank payments of ``case_id`` received ``received_on`` that paid
        ``paid`` (invoice number, principal cents): the oldest run of consecutive ones (one
        line may have paid several invoices, one payment each) whose principal parts add up
        to exactly that. Returns how many (0: none recorded its parts)."""
        wanted = Counter({n: c for n, c in paid if c})
        rows = self.connection.execute(
            sa.select(payments.c.id, payments.c.parts)
            .where(
                payments.c.case_id == case_id,
                payments.c.received_on == received_on,
                payments.c.source == "bank",
                payments.c.reversed_on.is_(None),
            )
            .order_by(payments.c.id)
        ).all()
        principal = [
            Counter({p.invoice: to_cents(p.principal) for p in mappers.parts_from_text(r.parts)})
            for r in rows
        ]
        for start in range(len(rows)):
            total: Counter[str] = Counter()
            for end in range(start, len(rows)):
                total += principal[end]
                if total == wanted:
                    ids = [r.id for r in rows[start : end + 1]]
                    self.connection.execute(
                        payments.update().where(payments.c.id.in_(ids)).values(reversed_on=on)
                    )
                    return len(ids)
        return 0

    def add(self, payment: Payment, source: str = "manual") -> Payment:
        new_id = self.connection.execute(
            payments.insert()
            .values(**mappers.payment_values(payment, source))
            .returning(payments.c.id)
        ).scalar_one()
        return replace(payment, id=new_id)


class SqlCaseRepository:
    """Cases, tracked for the unit of work (``seen``: each case with its state as loaded)."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.seen: dict[int, tuple[Case, dict[str, object]]] = {}

    def _track(self, case: Case) -> Case:
        assert case.id is not None
        known = self.seen.get(case.id)
        if known is not None:
            return known[0]  # one object per case within a unit of work
        self.seen[case.id] = (case, mappers.case_state(case))
        return case

    def track(self, case: Case) -> Case:
        """``case`` (read by a bulk store) tracked like one this repository loaded."""
        return self._track(case)

    def _one(self, where: sa.ColumnElement[bool]) -> Case | None:
        row = self.connection.execute(sa.select(cases).where(where)).first()
        if row is None:
            return None
        return self._track(mappers.case_from_row(row))

    def get(self, case_id: int) -> Case | None:
        if case_id in self.seen:
            return self.seen[case_id][0]
        return self._one(cases.c.id == case_id)

    def by_reference(self, reference: str) -> Case | None:
        return self._one(cases.c.reference == reference.strip().upper())

    def by_key(self, key: str) -> Case | None:
        parsed = CaseKey.parse(key)
        if parsed.matches_nothing:
            return None
        return self.get(parsed.id) if parsed.id is not None else self.by_reference(parsed.reference)

    def open_for(self, creditor_id: int, debtor_id: int) -> Case | None:
        return self._one(
            sa.and_(
                cases.c.creditor_id == creditor_id,
                cases.c.debtor_id == debtor_id,
                cases.c.phase != Phase.CLOSED.value,
            )
        )

    def add(self, case: Case) -> Case:
        return self.add_many([case])[0]

    def add_many(self, new_cases: Sequence[Case]) -> list[Case]:
        """Insert with a unique placeholder reference, read the ids back, then write the real
        reference (it is built from the id)."""
        if not new_cases:
            return []
        placeholders = [f"pending:{uuid.uuid4().hex}" for _ in new_cases]
        self.connection.execute(
            cases.insert(),
            [
                {
                    "creditor_id": case.creditor_id,
                    "debtor_id": case.debtor_id,
                    "reference": placeholder,
                    "opened_on": case.opened_on,
                    **mappers.case_state(case),
                }
                for case, placeholder in zip(new_cases, placeholders, strict=True)
            ],
        )
        ids: dict[str, int] = {}
        for start in range(0, len(placeholders), 500):
            chunk = placeholders[start : start + 500]
            rows = self.connection.execute(
                sa.select(cases.c.reference, cases.c.id).where(cases.c.reference.in_(chunk))
            )
            ids.update({row.reference: row.id for row in rows})
        updates = []
        for case, placeholder in zip(new_cases, placeholders, strict=True):
            case.id = ids[placeholder]
            case.reference = mappers.case_reference(case.id, case.opened_on)
            updates.append({"b_id": case.id, "b_reference": case.reference})
            self.seen[case.id] = (case, mappers.case_state(case))
        self.connection.execute(
            cases.update()
            .where(cases.c.id == sa.bindparam("b_id"))
            .values(reference=sa.bindparam("b_reference")),
            updates,
        )
        return list(new_cases)

    def set_plan(self, case_id: int, scenario_id: str | None, next_action_on: date | None) -> None:
        self.connection.execute(
            cases.update()
            .where(cases.c.id == case_id)
            .values(scenario_id=scenario_id, next_action_on=next_action_on)
        )

    def due_for_action(self, on: date, limit: int | None = None) -> list[int]:
        query = (
            sa.select(cases.c.id)
            .where(cases.c.next_action_on <= on, cases.c.phase != Phase.CLOSED.value)
            .order_by(cases.c.next_action_on, cases.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        return list(self.connection.execute(query).scalars())

    def save_changed(self) -> list[Case]:
        """Write the state of every tracked case that changed; returns the tracked cases."""
        changed = []
        for case_id, (case, loaded) in self.seen.items():
            state = mappers.case_state(case)
            if state != loaded:
                changed.append({"b_id": case_id, **{f"b_{k}": v for k, v in state.items()}})
                self.seen[case_id] = (case, state)
        if changed:
            self.connection.execute(
                cases.update()
                .where(cases.c.id == sa.bindparam("b_id"))
                .values(
                    phase=sa.bindparam("b_phase"),
                    attitude=sa.bindparam("b_attitude"),
                    closure=sa.bindparam("b_closure"),
                    closed_on=sa.bindparam("b_closed_on"),
                ),
                changed,
            )
        return [case for case, _ in self.seen.values()]
