"""Payment parts: how recouvre imputed each payment, and the payments a bank took back.

Revision ID: 0018_payment_parts
Revises: 0017_matching
Create Date: 2026-12-08 00:10:00

- ``payments.parts``: JSON ``[[invoice number, principal cents, interest cents, accessories
  cents], ...]`` of how the payment was imputed when recouvre recorded it (C. civ. 1342-10
  across the invoices, 1343-1 within each); empty for a payment recorded before this revision
  or given without parts, which a statement imputes itself;
- ``payments.reversed_on``: the day a bank took the payment back (a reversal): it no longer
  counts in any statement.

``ALTER TABLE ... ADD COLUMN`` on both backends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018_payment_parts"
down_revision: str | None = "0017_matching"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column(
        "payments", sa.Column("parts", sa.Text(), nullable=False, server_default=sa.text("''"))
    )
    op.add_column("payments", sa.Column("reversed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("payments", "reversed_on")
    op.drop_column("payments", "parts")
