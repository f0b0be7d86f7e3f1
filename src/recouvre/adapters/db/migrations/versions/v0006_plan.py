"""Each creditor's rules for the payment plans recouvre proposes.

Revision ID: 0006_plan
Revises: 0005
Create Date: 2026-12-07 06:00:00

One new table, ``creditor_plan_rules`` (the smallest instalment in cents, the longest plan in
months); a creditor without a row keeps the shipped defaults, so existing data needs nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006_plan"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "creditor_plan_rules",
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("min_instalment_cents", sa.BigInteger(), nullable=False),
        sa.Column("max_months", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creditor_id"],
            ["creditors.id"],
            name=op.f("fk_creditor_plan_rules_creditor_id_creditors"),
        ),
        sa.PrimaryKeyConstraint("creditor_id", name=op.f("pk_creditor_plan_rules")),
    )


def downgrade() -> None:
    op.drop_table("creditor_plan_rules")
