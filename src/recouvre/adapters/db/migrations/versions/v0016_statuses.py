"""E-invoicing lifecycle statuses received from the platforms (``invoice_statuses``).

Revision ID: 0016_statuses
Revises: 0015_lastrate
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0016_statuses"
down_revision: str | None = "0015_lastrate"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "invoice_statuses",
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
    )
    op.create_index("ix_invoice_statuses_invoice_id", "invoice_statuses", ["invoice_id"])


def downgrade() -> None:
    op.drop_index("ix_invoice_statuses_invoice_id", table_name="invoice_statuses")
    op.drop_table("invoice_statuses")
