"""What the set-based apply of a long statement reads and writes at once
(``services.payments.bulk_apply``, the port ``PaymentBatchStore``): the cases, invoices and
actions of every case a batch of payments touches, each in a few chunked queries, and the
rows the batch changed, each table in one ``executemany``. The scalar path reads and writes
the same rows one payment at a time (``SqlInvoiceRepository``, ``SqlActionStore``,
``SqlPaymentRepository``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.repositories import SqlCaseRepository
from recouvre.adapters.db.stores.actions import _FROM, _STORED, _stored
from recouvre.adapters.db.stores.plans import SqlPlanStore
from recouvre.adapters.db.tables import action_withdrawals, actions, cases, invoices, payments
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.payments import Payment
from recouvre.services.daily_run.ports import PlanRow, StoredAction

_CHUNK = 500


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    unique = sorted(set(ids))
    return [unique[s : s + _CHUNK] for s in range(0, len(unique), _CHUNK)]


class SqlPaymentBatchStore:
    def __init__(self, connection: sa.Connection, repository: SqlCaseRepository) -> None:
        self.connection = connection
        self.repository = repository

    def cases(self, case_ids: Sequence[int]) -> dict[int, Case]:
        """The cases, tracked by the unit of work in the order of ``case_ids`` (the order the
        scalar path would first have loaded them: their journal entries keep that order)."""
        rows: dict[int, sa.Row[object]] = {}
        for chunk in _chunks(case_ids):
            found = self.connection.execute(sa.select(cases).where(cases.c.id.in_(chunk)))
            rows.update((row.id, row) for row in found)
        return {
            i: self.repository.track(mappers.case_from_row(rows[i]))
            for i in dict.fromkeys(case_ids)
            if i in rows
        }

    def invoices(self, case_ids: Sequence[int]) -> list[tuple[int, Invoice, str]]:
        """(case, invoice, stored status) of every invoice of the cases, by case, due date and
        id (``SqlInvoiceRepository.for_case``'s order)."""
        out: list[tuple[int, Invoice, str]] = []
        for chunk in _chunks(case_ids):
            query = (
                sa.select(invoices)
                .where(invoices.c.case_id.in_(chunk))
                .order_by(invoices.c.case_id, invoices.c.due_date, invoices.c.id)
            )
            out.extend(
                (row.case_id, mappers.invoice_from_row(row), row.status)
                for row in self.connection.execute(query)
            )
        return out

    def actions(self, case_ids: Sequence[int]) -> list[StoredAction]:
        out: list[StoredAction] = []
        for chunk in _chunks(case_ids):
            query = (
                sa.select(*_STORED)
                .select_from(_FROM)
                .where(actions.c.case_id.in_(chunk))
                .order_by(actions.c.case_id, actions.c.id)
            )
            out.extend(_stored(self.connection.execute(query)))
        return out

    def fees_claimed_cases(
        self, creditor_ids: Sequence[int], kinds: Collection[str], on: date
    ) -> set[int]:
        """The cases of these creditors a sent document of ``kinds`` claimed the fees of,
        sent before the day after ``on`` (``SqlActionStore.fees_claimed`` for all at once)."""
        query = (
            sa.select(actions.c.case_id)
            .distinct()
            .join(cases, cases.c.id == actions.c.case_id)
            .where(
                cases.c.creditor_id.in_(list(creditor_ids)),
                actions.c.status == "sent",
                actions.c.kind.in_(sorted(kinds)),
                actions.c.sent_at < (on + timedelta(days=1)).isoformat(),
                actions.c.payload.not_like('%"fees_claimed":false%'),
            )
        )
        return {int(i) for i in self.connection.execute(query).scalars()}

    def upsert_plans(self, rows: Sequence[tuple[PlanRow, str]]) -> None:
        """Each plan row with its own ``updated_at`` (``SqlPlanStore.upsert``), at once."""
        SqlPlanStore(self.connection).upsert_each(rows)

    def write(
        self,
        paid: Sequence[tuple[int, int, str]],
        added: Sequence[tuple[Payment, str]],
        statuses: Sequence[tuple[int, str, str, str | None]],
        withdrawn: Sequence[tuple[int, date]],
    ) -> None:
        """(invoice id, paid cents, status), (payment, source), (action id, status, stamp,
        reason), (action id, withdrawn on): each in one statement."""
        if paid:
            self.connection.execute(
                invoices.update()
                .where(invoices.c.id == sa.bindparam("b_id"))
                .values(paid_cents=sa.bindparam("b_paid"), status=sa.bindparam("b_status")),
                [{"b_id": i, "b_paid": c, "b_status": s} for i, c, s in paid],
            )
        if added:
            self.connection.execute(
                payments.insert(), [mappers.payment_values(p, source) for p, source in added]
            )
        if statuses:
            self.connection.execute(
                actions.update()
                .where(actions.c.id == sa.bindparam("b_id"))
                .values(
                    status=sa.bindparam("b_status"),
                    updated_at=sa.bindparam("b_stamp"),
                    reason=sa.bindparam("b_reason"),
                ),
                [
                    {"b_id": i, "b_status": s, "b_stamp": t, "b_reason": r}
                    for i, s, t, r in statuses
                ],
            )
        if withdrawn:
            self.connection.execute(
                action_withdrawals.insert(),
                [{"action_id": i, "withdrawn_on": on} for i, on in withdrawn],
            )
