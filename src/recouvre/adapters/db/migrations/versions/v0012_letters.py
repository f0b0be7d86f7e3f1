"""Every agency document is signed by a named person of the agency.

Revision ID: 0012_letters
Revises: 0011_judB
Create Date: 2026-12-07 12:00:00

``agencies`` gains ``signatory`` and ``signatory_title`` (nullable: not set; the sender refuses
an agency document until ``recouvre agency set SIREN --signataire … --fonction …``), by
``ALTER TABLE ... ADD COLUMN`` on both backends (a SQLite batch recreation would drop a table
that creditors reference).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0012_letters"
down_revision: str | None = "0011_judB"
branch_labels: str | None = None
depends_on: str | None = None


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("signatory", sa.String(length=200), nullable=True),
        sa.Column("signatory_title", sa.String(length=200), nullable=True),
    ]


def upgrade() -> None:
    for column in _columns():
        op.add_column("agencies", column)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for column in reversed(_columns()):
        if sqlite:  # no batch recreation: creditors reference agencies (see 0005)
            op.execute(f"ALTER TABLE agencies DROP COLUMN {column.name}")
        else:
            op.drop_column("agencies", column.name)
