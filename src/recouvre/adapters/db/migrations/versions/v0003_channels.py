"""Channels: phone-call outcomes, registered-mail items and tracking events, bounced emails.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "call_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("promised_cents", sa.BigInteger(), nullable=True),
        sa.Column("promised_by", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_call_outcomes_action_id_actions")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_call_outcomes_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_outcomes")),
    )
    with op.batch_alter_table("call_outcomes", schema=None) as batch_op:
        batch_op.create_index("ix_call_outcomes_action_id", ["action_id"], unique=False)
        batch_op.create_index("ix_call_outcomes_case_id", ["case_id"], unique=False)

    op.create_table(
        "registered_mail_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("tracking_number", sa.String(length=40), nullable=True),
        sa.Column("batch_on", sa.Date(), nullable=False),
        sa.Column("posted_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("presented_on", sa.Date(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["actions.id"],
            name=op.f("fk_registered_mail_items_action_id_actions"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_registered_mail_items_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registered_mail_items")),
        sa.UniqueConstraint("action_id", name=op.f("uq_registered_mail_items_action_id")),
        sa.UniqueConstraint(
            "tracking_number", name=op.f("uq_registered_mail_items_tracking_number")
        ),
    )
    with op.batch_alter_table("registered_mail_items", schema=None) as batch_op:
        batch_op.create_index("ix_registered_mail_items_case_id", ["case_id"], unique=False)

    op.create_table(
        "tracking_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("tracking_number", sa.String(length=40), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("source_file", sa.Text(), nullable=False),
        sa.Column("source_line", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["registered_mail_items.id"],
            name=op.f("fk_tracking_events_item_id_registered_mail_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_events")),
        sa.UniqueConstraint(
            "tracking_number",
            "event",
            "occurred_on",
            name="uq_tracking_events_number_event_date",
        ),
    )

    op.create_table(
        "bounces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("diagnostic", sa.Text(), nullable=True),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("debtor_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_bounces_action_id_actions")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_bounces_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["debtor_id"], ["debtors.id"], name=op.f("fk_bounces_debtor_id_debtors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bounces")),
        sa.UniqueConstraint("file_sha256", "address", name="uq_bounces_file_address"),
    )
    with op.batch_alter_table("bounces", schema=None) as batch_op:
        batch_op.create_index("ix_bounces_debtor_id", ["debtor_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("bounces", schema=None) as batch_op:
        batch_op.drop_index("ix_bounces_debtor_id")
    op.drop_table("bounces")
    op.drop_table("tracking_events")
    with op.batch_alter_table("registered_mail_items", schema=None) as batch_op:
        batch_op.drop_index("ix_registered_mail_items_case_id")
    op.drop_table("registered_mail_items")
    with op.batch_alter_table("call_outcomes", schema=None) as batch_op:
        batch_op.drop_index("ix_call_outcomes_case_id")
        batch_op.drop_index("ix_call_outcomes_action_id")
    op.drop_table("call_outcomes")
