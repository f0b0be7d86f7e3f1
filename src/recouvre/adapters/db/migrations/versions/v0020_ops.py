"""Operations: the record of each daily run (``daily_runs``), read by ``recouvre status`` and
``recouvre metrics``.

Revision ID: 0020_ops
Revises: 0019_web
Create Date: 2026-12-07 23:50:00

- ``daily_runs``: one row per run that was not a dry run: date, start and end (UTC ISO), the
  outcome (``running``, ``done``, ``set_aside``, ``failed``, ``interrupted``), the report's
  counts (JSON), the reason of a failure and the duration in milliseconds.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0020_ops"
down_revision: str | None = "0019_web"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "daily_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.String(length=32), nullable=False),
        sa.Column("finished_at", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False, server_default=sa.text("''")),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_daily_runs_run_on", "daily_runs", ["run_on"])


def downgrade() -> None:
    op.drop_index("ix_daily_runs_run_on", table_name="daily_runs")
    op.drop_table("daily_runs")
