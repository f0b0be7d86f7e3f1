"""Bank statement lines (``bank_lines``), kept once each, with what became of them.

Revision ID: 0010_money
Revises: 0009_send
Create Date: 2026-12-07 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0010_money"
down_revision: str | None = "0009_send"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "bank_lines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("line_key", sa.String(300), nullable=False, unique=True),
        sa.Column("account", sa.String(34), nullable=False),
        sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id")),
        sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id")),
        sa.Column("value_on", sa.Date, nullable=False),
        sa.Column("booked_on", sa.Date),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("credit", sa.Boolean, nullable=False),
        sa.Column("reversal", sa.Boolean, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("remittance", sa.Text, nullable=False),
        sa.Column("refs", sa.Text, nullable=False),
        sa.Column("payer_name", sa.String(200), nullable=False),
        sa.Column("payer_iban", sa.String(34), nullable=False),
        sa.Column("bank_reference", sa.String(200), nullable=False),
        sa.Column("source_file", sa.String(500), nullable=False),
        sa.Column("source_line", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("applied_cents", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("surplus_cents", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("confidence", sa.Integer),
        sa.Column("reason", sa.Text, nullable=False, server_default=sa.text("''")),
    )
    op.create_index("ix_bank_lines_status", "bank_lines", ["status"])
    op.create_index("ix_bank_lines_case_id", "bank_lines", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_bank_lines_case_id", "bank_lines")
    op.drop_index("ix_bank_lines_status", "bank_lines")
    op.drop_table("bank_lines")
