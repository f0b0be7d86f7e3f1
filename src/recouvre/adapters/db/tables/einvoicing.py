"""The lifecycle statuses of e-invoices received from the platforms (``services.einvoicing``).

Each status is kept once under its key (``domain.einvoicing.LifecycleStatus.key``): the
``UNIQUE`` on ``status_key`` is what makes importing the same file twice harmless. The latest
status of an invoice is its invoice-level state (a 207 or 208 waiting for a 209, a 212 the
platform already knows); what it did to the case is in the case's journal.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

invoice_statuses = sa.Table(
    "invoice_statuses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("status_key", sa.String(300), nullable=False, unique=True),
    sa.Column("invoice_id", sa.Integer, sa.ForeignKey("invoices.id"), nullable=False),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("code", sa.Integer, nullable=False),
    sa.Column("status_on", sa.Date, nullable=False),
    sa.Column("approved_cents", sa.BigInteger),
    sa.Column("disputed_cents", sa.BigInteger),
    sa.Column("reason", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("source_file", sa.String(500), nullable=False),
    sa.Column("source_line", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Index("ix_invoice_statuses_invoice_id", "invoice_id"),
)
