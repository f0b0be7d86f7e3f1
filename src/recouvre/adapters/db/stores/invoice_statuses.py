"""The e-invoices' lifecycle statuses (``services.einvoicing.ports.InvoiceStatusStore``), on the
unit of work's connection (``uow.invoice_statuses``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import sqlalchemy as sa

from recouvre.adapters.db.invoice_status import OWED, status_after_payment
from recouvre.adapters.db.tables import cases, creditors, debtors, invoices, payments
from recouvre.adapters.db.tables.einvoicing import invoice_statuses
from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.einvoicing import HOLDING_CODES, PAID_CODE, LifecycleStatus
from recouvre.domain.money import from_cents, to_cents
from recouvre.services.einvoicing.ports import PaidInvoice, StatusInvoice

S = invoice_statuses
_CHUNK = 500


def _cents(amount: Decimal | None) -> int | None:
    return None if amount is None else to_cents(amount)


class SqlInvoiceStatusStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def invoices(self, numbers: Iterable[str]) -> list[StatusInvoice]:
        wanted = sorted(set(numbers))
        out: list[StatusInvoice] = []
        query = (
            sa.select(
                invoices.c.id, invoices.c.number, invoices.c.case_id, cases.c.reference,
                cases.c.phase, creditors.c.siren.label("creditor_siren"),
                debtors.c.siren.label("debtor_siren"), invoices.c.amount_cents,
                invoices.c.paid_cents, invoices.c.status,
            )
            .join(creditors, creditors.c.id == invoices.c.creditor_id)
            .join(debtors, debtors.c.id == invoices.c.debtor_id)
            .outerjoin(cases, cases.c.id == invoices.c.case_id)
        )  # fmt: skip
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            for row in self.connection.execute(query.where(invoices.c.number.in_(chunk))):
                out.append(StatusInvoice(
                    row.id, row.number, row.case_id, row.reference,
                    row.phase is not None and row.phase != "closed", row.creditor_siren,
                    row.debtor_siren, from_cents(row.amount_cents), from_cents(row.paid_cents),
                    InvoiceStatus(row.status),
                ))  # fmt: skip
        return out

    def known_keys(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), _CHUNK):
            chunk = list(keys[start : start + _CHUNK])
            found.update(
                self.connection.scalars(sa.select(S.c.status_key).where(S.c.status_key.in_(chunk)))
            )
        return found

    def add(
        self, status: LifecycleStatus, invoice_id: int, case_id: int | None, imported_at: str
    ) -> None:
        self.connection.execute(
            S.insert().values(
                status_key=status.key, invoice_id=invoice_id, case_id=case_id,
                code=status.code, status_on=status.on,
                approved_cents=_cents(status.approved), disputed_cents=_cents(status.disputed),
                reason=status.reason, source_file=status.source[:500],
                source_line=status.line, imported_at=imported_at,
            )
        )  # fmt: skip

    def holds(self, case_id: int) -> dict[int, int]:
        rows = self.connection.execute(
            sa.select(S.c.invoice_id, S.c.code)
            .where(S.c.case_id == case_id, S.c.code.in_(sorted({*HOLDING_CODES, 209})))
            .order_by(S.c.status_on, S.c.id)
        )
        latest: dict[int, int] = {}
        for row in rows:
            latest[row.invoice_id] = row.code
        return latest

    def set_amount(self, invoice_id: int, amount: Decimal) -> None:
        cents = to_cents(amount)
        paid = sa.case((invoices.c.paid_cents > cents, cents), else_=invoices.c.paid_cents)
        self.connection.execute(
            invoices.update()
            .where(invoices.c.id == invoice_id)
            .values(amount_cents=cents, paid_cents=paid)
        )
        self.connection.execute(
            invoices.update()
            .where(invoices.c.id == invoice_id)
            .values(status=status_after_payment(invoices.c.paid_cents))
        )

    def cancel(self, invoice_id: int) -> None:
        self.connection.execute(
            invoices.update()
            .where(invoices.c.id == invoice_id)
            .values(status=InvoiceStatus.CANCELLED.value)
        )

    def owed_count(self, case_id: int) -> int:
        count = self.connection.execute(
            sa.select(sa.func.count()).select_from(invoices).where(
                invoices.c.case_id == case_id, OWED
            )
        ).scalar_one()
        return int(count)

    def paid_invoices(self, creditor_siren: str | None) -> list[PaidInvoice]:
        told = sa.select(S.c.invoice_id).where(S.c.code == PAID_CODE)
        last_paid = (
            sa.select(sa.func.max(payments.c.received_on))
            .where(payments.c.case_id == invoices.c.case_id)
            .scalar_subquery()
        )
        query = (
            sa.select(
                invoices.c.number, creditors.c.siren.label("creditor_siren"),
                debtors.c.siren.label("debtor_siren"), invoices.c.amount_cents,
                last_paid.label("paid_on"),
            )
            .join(creditors, creditors.c.id == invoices.c.creditor_id)
            .join(debtors, debtors.c.id == invoices.c.debtor_id)
            .where(invoices.c.status == InvoiceStatus.PAID.value, invoices.c.id.not_in(told))
            .order_by(creditors.c.siren, invoices.c.number)
        )  # fmt: skip
        if creditor_siren is not None:
            query = query.where(creditors.c.siren == creditor_siren)
        return [
            PaidInvoice(r.number, r.creditor_siren, r.debtor_siren, from_cents(r.amount_cents),
                        r.paid_on)
            for r in self.connection.execute(query)
        ]  # fmt: skip
