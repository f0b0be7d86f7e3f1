"""Matching: what each applied bank line paid, the payers' IBANs known for a debtor, and each
creditor's own threshold for applying a payment without a person.

Revision ID: 0017_matching
Revises: 0016_statuses
Create Date: 2026-12-07 16:00:00

- ``bank_lines.allocations``: JSON ``{invoice number: cents}`` of what an applied line paid
  on each invoice (empty before this revision), so that a reversal undoes exactly that;
- ``debtor_ibans``: an IBAN a payment was applied from, known for that debtor (one row per
  debtor and IBAN), with the line it was learnt from;
- ``creditor_matching``: the confidence from which a creditor's payments are applied (80 when
  no row).

``ALTER TABLE ... ADD COLUMN`` on both backends (no SQLite batch recreation: other tables
reference ``bank_lines``' neighbours, see 0005).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0017_matching"
down_revision: str | None = "0016_statuses"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "bank_lines",
        sa.Column("allocations", sa.Text(), nullable=False, server_default=sa.text("''")),
    )
    op.create_table(
        "debtor_ibans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("learned_on", sa.Date(), nullable=False),
        sa.Column("bank_line_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["debtor_id"], ["debtors.id"]),
        sa.ForeignKeyConstraint(["bank_line_id"], ["bank_lines.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("debtor_id", "iban", name="uq_debtor_ibans_debtor_iban"),
    )
    op.create_index("ix_debtor_ibans_iban", "debtor_ibans", ["iban"])
    op.create_table(
        "creditor_matching",
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("apply_from", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["creditor_id"], ["creditors.id"]),
        sa.PrimaryKeyConstraint("creditor_id"),
    )


def downgrade() -> None:
    op.drop_table("creditor_matching")
    op.drop_index("ix_debtor_ibans_iban", table_name="debtor_ibans")
    op.drop_table("debtor_ibans")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE bank_lines DROP COLUMN allocations")
    else:
        op.drop_column("bank_lines", "allocations")
