"""Judicial phase: procedures, their events, exhibits, facts, titles, collective proceedings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_FALSE = sa.text("false")


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), server_default=_FALSE, nullable=False)


def upgrade() -> None:
    op.create_table(
        "judicial_facts",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("nature", sa.String(length=32), server_default="commercial", nullable=False),
        sa.Column("dispute", sa.String(length=16), server_default="none", nullable=False),
        _flag("signed_order"),
        _flag("accepted_quote"),
        _flag("delivery_note"),
        _flag("terms_accepted"),
        _flag("bill_of_exchange"),
        _flag("unpaid_cheque"),
        _flag("assets_at_risk"),
        _flag("cooperation_likely"),
        _flag("small_claims_failed"),
        sa.Column("formal_notice_sent_on", sa.Date(), nullable=True),
        sa.Column("formal_notice_received_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_judicial_facts_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_judicial_facts")),
    )
    op.create_table(
        "procedures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("route", sa.String(length=32), nullable=False),
        sa.Column("court_kind", sa.String(length=48), nullable=False),
        sa.Column("court", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("claimed_cents", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_procedures_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedures")),
    )
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.create_index("ix_procedures_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_procedures_status", ["status"], unique=False)

    op.create_table(
        "procedure_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("to_person", sa.Boolean(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedures.id"],
            name=op.f("fk_procedure_events_procedure_id_procedures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure_events")),
    )
    with op.batch_alter_table("procedure_events", schema=None) as batch_op:
        batch_op.create_index("ix_procedure_events_procedure_id", ["procedure_id"], unique=False)

    op.create_table(
        "exhibits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("produced_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedures.id"], name=op.f("fk_exhibits_procedure_id_procedures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibits")),
        sa.UniqueConstraint("procedure_id", "number", name="uq_exhibits_procedure_number"),
    )
    op.create_table(
        "enforceable_titles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("pronounced_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_enforceable_titles_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedures.id"],
            name=op.f("fk_enforceable_titles_procedure_id_procedures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enforceable_titles")),
    )
    with op.batch_alter_table("enforceable_titles", schema=None) as batch_op:
        batch_op.create_index("ix_enforceable_titles_case_id", ["case_id"], unique=False)

    op.create_table(
        "collective_proceedings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("siren", sa.String(length=9), nullable=False),
        sa.Column("announcement_id", sa.String(length=64), nullable=False),
        sa.Column("judgment_kind", sa.String(length=32), nullable=False),
        sa.Column("judgment_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("court", sa.String(length=300), server_default=sa.text("''"), nullable=False),
        sa.Column("mandatary", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("declaration_due_on", sa.Date(), nullable=True),
        sa.Column("relief_due_on", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_collective_proceedings_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collective_proceedings")),
        sa.UniqueConstraint(
            "case_id", "announcement_id", name="uq_collective_proceedings_case_ann"
        ),
    )
    with op.batch_alter_table("collective_proceedings", schema=None) as batch_op:
        batch_op.create_index("ix_collective_proceedings_siren", ["siren"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("collective_proceedings", schema=None) as batch_op:
        batch_op.drop_index("ix_collective_proceedings_siren")
    op.drop_table("collective_proceedings")
    with op.batch_alter_table("enforceable_titles", schema=None) as batch_op:
        batch_op.drop_index("ix_enforceable_titles_case_id")
    op.drop_table("enforceable_titles")
    op.drop_table("exhibits")
    with op.batch_alter_table("procedure_events", schema=None) as batch_op:
        batch_op.drop_index("ix_procedure_events_procedure_id")
    op.drop_table("procedure_events")
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.drop_index("ix_procedures_status")
        batch_op.drop_index("ix_procedures_case_id")
    op.drop_table("procedures")
    op.drop_table("judicial_facts")
