"""Daily run: the actions outbox and review queue, the case plan state, withdrawals.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 08:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requires_approval", sa.Boolean(), nullable=False),
        sa.Column("extra_delay_days", sa.Integer(), server_default="0", nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("not_before", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_at", sa.String(length=32), nullable=True),
        sa.Column("sent_at", sa.String(length=32), nullable=True),
        sa.Column("provider_ref", sa.String(length=200), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_actions_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_actions_idempotency_key")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_actions_status_due_on", ["status", "due_on"], unique=False)

    op.create_table(
        "case_plans",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("active_since", sa.Date(), nullable=True),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("promised_on", sa.Date(), nullable=True),
        sa.Column("promise_cents", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("paid_since_promise_cents", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("instalments", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("paid_on_plan_cents", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("broken_promises", sa.Integer(), server_default="0", nullable=False),
        sa.Column("frozen_reason", sa.Text(), nullable=True),
        sa.Column(
            "lost_channels", sa.String(length=40), server_default=sa.text("''"), nullable=False
        ),
        sa.Column("pointer", sa.Integer(), server_default="0", nullable=False),
        sa.Column("max_severity_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("done_kinds", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_done_on", sa.Date(), nullable=True),
        sa.Column("in_flight_action_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_plans_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["in_flight_action_id"],
            ["actions.id"],
            name=op.f("fk_case_plans_in_flight_action_id_actions"),
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_plans")),
    )
    with op.batch_alter_table("case_plans", schema=None) as batch_op:
        batch_op.create_index(
            "ix_case_plans_in_flight_action_id", ["in_flight_action_id"], unique=False
        )

    op.create_table(
        "action_withdrawals",
        sa.Column("action_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_withdrawals_action_id_actions")
        ),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_action_withdrawals")),
    )


def downgrade() -> None:
    op.drop_table("action_withdrawals")
    with op.batch_alter_table("case_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_case_plans_in_flight_action_id")
    op.drop_table("case_plans")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_status_due_on")
        batch_op.drop_index("ix_actions_case_id")
    op.drop_table("actions")
