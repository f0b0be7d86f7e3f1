"""A title holds what the decision orders: its enforceable date, the accessories ordered,
which sums bear interest and from when (CMF L313-3, C. civ. 1231-7).

Revision ID: 0011_judB
Revises: 0010_money
Create Date: 2026-12-07 12:00:00

``enforceable_titles`` gains ``enforceable_on`` and ``interest_from`` (nullable: not given),
``accessories_cents`` (0) and ``interest_basis`` ("principal", what every title recorded so far
meant: interest on the one amount recorded), by ``ALTER TABLE ... ADD COLUMN`` on both backends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011_judB"
down_revision: str | None = "0010_money"
branch_labels: str | None = None
depends_on: str | None = None


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("enforceable_on", sa.Date(), nullable=True),
        sa.Column("accessories_cents", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column(
            "interest_basis", sa.String(length=30), nullable=False, server_default="principal"
        ),
        sa.Column("interest_from", sa.Date(), nullable=True),
    ]


def upgrade() -> None:
    for column in _columns():
        op.add_column("enforceable_titles", column)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in reversed(_columns()):
        if sqlite:
            op.execute(f"ALTER TABLE enforceable_titles DROP COLUMN {column.name}")
        else:
            op.drop_column("enforceable_titles", column.name)
