"""Each creditor and agency writes under its own sender identity.

Revision ID: 0009_send
Revises: 0008_legal_identity
Create Date: 2026-12-07 06:45:00

``creditors`` and ``agencies`` gain ``mail_from``, ``mail_reply_to``, ``mail_signature`` and
``sms_sender`` (all nullable: not set), by ``ALTER TABLE ... ADD COLUMN`` on both backends (a
SQLite batch recreation of ``creditors`` would drop a table that cases reference).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009_send"
down_revision: str | None = "0008_legal_identity"
branch_labels: str | None = None
depends_on: str | None = None

_TABLES = ("creditors", "agencies")


def _columns() -> list[sa.Column[object]]:
    return [
        sa.Column("mail_from", sa.String(length=320), nullable=True),
        sa.Column("mail_reply_to", sa.String(length=320), nullable=True),
        sa.Column("mail_signature", sa.Text(), nullable=True),
        sa.Column("sms_sender", sa.String(length=11), nullable=True),
    ]


def upgrade() -> None:
    for table in _TABLES:
        for column in _columns():
            op.add_column(table, column)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _TABLES:
        for column in reversed(_columns()):
            if sqlite:  # no batch recreation: other tables reference these (see 0005)
                op.execute(f"ALTER TABLE {table} DROP COLUMN {column.name}")
            else:
                op.drop_column(table, column.name)
