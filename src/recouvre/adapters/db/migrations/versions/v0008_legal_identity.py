"""What court papers say of a creditor: legal form, RCS, share capital, representative.

Revision ID: 0008_legal_identity
Revises: 0007_journal
Create Date: 2026-12-07 06:20:00

One new table, ``creditor_legal_identities``; a creditor without a row has no legal identity
yet, and its court papers are refused until ``recouvre creditor legal`` gives one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008_legal_identity"
down_revision: str | None = "0007_journal"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "creditor_legal_identities",
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("legal_form", sa.String(length=120), nullable=False),
        sa.Column("rcs_city", sa.String(length=100), nullable=True),
        sa.Column("share_capital_cents", sa.BigInteger(), nullable=True),
        sa.Column("representative", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["creditor_id"],
            ["creditors.id"],
            name=op.f("fk_creditor_legal_identities_creditor_id_creditors"),
        ),
        sa.PrimaryKeyConstraint("creditor_id", name=op.f("pk_creditor_legal_identities")),
    )


def downgrade() -> None:
    op.drop_table("creditor_legal_identities")
