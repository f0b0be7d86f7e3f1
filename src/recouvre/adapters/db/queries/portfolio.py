"""Read side of the portfolio summary (``services.cases.portfolio.PortfolioReader``), SQLAlchemy
Core.

The queries only fetch columns; every rule (what is late, which bucket) stays in the service.
An invoice counts while it is owed (``domain.claims.is_owed``, as SQL in
``adapters.db.invoice_status``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import sqlalchemy as sa

from recouvre.adapters.db.invoice_status import OUTSTANDING_CENTS as _OUTSTANDING
from recouvre.adapters.db.invoice_status import OWED as _OPEN
from recouvre.adapters.db.tables import cases, creditors, debtors, invoices
from recouvre.services.cases.portfolio import OpenAccount, OpenInvoiceColumns


def _as_date(value: object) -> date:
    """SQLite may hand back ISO text from aggregates (``MIN``) where a column gives ``date``."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class SqlPortfolioReader:
    """``PortfolioReader`` over one engine; each call is one short read transaction. With
    ``creditor_sirens``, the open cases and invoices are those of these creditors only (the web
    dashboard of a scoped reader)."""

    def __init__(self, engine: sa.Engine, creditor_sirens: frozenset[str] | None = None) -> None:
        self._engine = engine
        self._scope = (
            None
            if creditor_sirens is None
            else sa.select(creditors.c.id).where(creditors.c.siren.in_(sorted(creditor_sirens)))
        )

    def _scoped(self, query: sa.Select[Any], creditor_id: sa.ColumnElement[Any]) -> sa.Select[Any]:
        return query if self._scope is None else query.where(creditor_id.in_(self._scope))

    def _scalar(self, query: sa.Select[int]) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def count_creditors(self) -> int:
        return self._scalar(sa.select(sa.func.count()).select_from(creditors))

    def count_debtors(self) -> int:
        return self._scalar(sa.select(sa.func.count()).select_from(debtors))

    def count_open_cases(self) -> int:
        query = sa.select(sa.func.count()).select_from(cases).where(cases.c.phase != "closed")
        return self._scalar(self._scoped(query, cases.c.creditor_id))

    def open_invoice_columns(self) -> OpenInvoiceColumns:
        query = self._scoped(
            sa.select(invoices.c.due_date, _OUTSTANDING.label("outstanding")).where(_OPEN),
            invoices.c.creditor_id,
        )
        due: list[date] = []
        cents: list[int] = []
        with self._engine.connect() as conn:
            for row in conn.execution_options(yield_per=10_000).execute(query):
                due.append(row.due_date)
                cents.append(row.outstanding)
        return OpenInvoiceColumns(
            due_dates=np.array(due, dtype="datetime64[D]"),
            outstanding_cents=np.array(cents, dtype=np.int64),
        )

    def open_accounts(self, limit: int) -> Sequence[OpenAccount]:
        outstanding = sa.func.sum(_OUTSTANDING).label("outstanding")
        query = (
            sa.select(
                sa.func.max(cases.c.reference).label("reference"),
                creditors.c.name.label("creditor_name"),
                debtors.c.name.label("debtor_name"),
                debtors.c.kind,
                debtors.c.city,
                debtors.c.departement,
                sa.func.count().label("open_invoices"),
                outstanding,
                sa.func.min(invoices.c.due_date).label("oldest_due_date"),
            )
            .select_from(
                invoices.join(creditors, creditors.c.id == invoices.c.creditor_id)
                .join(debtors, debtors.c.id == invoices.c.debtor_id)
                .outerjoin(cases, cases.c.id == invoices.c.case_id)
            )
            .where(_OPEN)
            .group_by(
                invoices.c.creditor_id,
                invoices.c.debtor_id,
                creditors.c.name,
                debtors.c.name,
                debtors.c.kind,
                debtors.c.city,
                debtors.c.departement,
            )
            .order_by(outstanding.desc(), debtors.c.name)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [
                OpenAccount(
                    case_reference=row.reference,
                    creditor_name=row.creditor_name,
                    debtor_name=row.debtor_name,
                    debtor_kind=row.kind,
                    city=row.city,
                    departement=row.departement,
                    open_invoices=int(row.open_invoices),
                    outstanding_cents=int(row.outstanding),
                    oldest_due_date=_as_date(row.oldest_due_date),
                )
                for row in conn.execute(query)
            ]
