"""A creditor chooses when it first writes and from which step it claims penalties and the 40 €.

Revision ID: 0013_claims
Revises: 0012_letters
Create Date: 2026-12-07 16:00:00

``creditors`` gains ``first_reminder_days`` and ``fees_from`` (nullable: the scenario's timing,
claimed from the first step), by ``ALTER TABLE ... ADD COLUMN`` on both backends (a SQLite
batch recreation of ``creditors`` would drop a table that cases reference, see 0005).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0013_claims"
down_revision: str | None = "0012_letters"
branch_labels: str | None = None
depends_on: str | None = None


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("first_reminder_days", sa.Integer(), nullable=True),
        sa.Column("fees_from", sa.String(length=64), nullable=True),
    ]


def upgrade() -> None:
    for column in _columns():
        op.add_column("creditors", column)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in reversed(_columns()):
        if sqlite:  # no batch recreation: cases reference creditors (see 0005)
            op.execute(f"ALTER TABLE creditors DROP COLUMN {column.name}")
        else:
            op.drop_column("creditors", column.name)
