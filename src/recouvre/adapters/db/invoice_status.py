"""The invoice rule of ``domain.claims`` as SQL expressions, for the set-based queries.

``status_after_payment`` and ``is_owed`` decide one invoice in Python; the queries that add up
or page through thousands of invoices (balances, the daily run, the case listing) need the same
rule as a column expression. It is written once here, with the domain's statuses, and a test
evaluates it in the database against the domain functions.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from recouvre.adapters.db.tables import invoices
from recouvre.domain.claims import InvoiceStatus

OUTSTANDING_CENTS = invoices.c.amount_cents - invoices.c.paid_cents
"""What is left to pay on an invoice, in cents."""

OWED = sa.and_(
    invoices.c.status == InvoiceStatus.OPEN.value,
    invoices.c.amount_cents > invoices.c.paid_cents,
)
"""``domain.claims.is_owed``: open, and not wholly paid."""

OWED_SQLITE_TEXT = str(
    OWED.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
)
"""``OWED`` as SQLite text, for the driver-level queries of the daily run's fast path."""


def status_after_payment(paid_cents: int | sa.ColumnElement[int]) -> sa.ColumnElement[str]:
    """``domain.claims.status_after_payment`` once ``paid_cents`` is paid: the stored status
    expression (a cancelled invoice stays cancelled)."""
    return sa.case(
        (invoices.c.status == InvoiceStatus.CANCELLED.value, InvoiceStatus.CANCELLED.value),
        (invoices.c.amount_cents <= paid_cents, InvoiceStatus.PAID.value),
        else_=InvoiceStatus.OPEN.value,
    )
