"""A creditor chooses what a half-year without a published legal rate gets.

Revision ID: 0015_lastrate
Revises: 0014_einvoice
Create Date: 2026-12-07 16:00:00

``creditors`` gains ``missing_rate`` (``review``: the action waits in review, the default and
today's behaviour; ``last_published``: the last published rate is used and every document says
« taux en vigueur au … ; montant à parfaire »), by ``ALTER TABLE ... ADD COLUMN`` on both
backends (a SQLite batch recreation would drop a table that cases reference).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015_lastrate"
down_revision: str | None = "0014_einvoice"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "creditors",
        sa.Column("missing_rate", sa.String(length=16), nullable=False, server_default="review"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # no batch recreation: cases reference creditors
        op.execute("ALTER TABLE creditors DROP COLUMN missing_rate")
    else:
        op.drop_column("creditors", "missing_rate")
