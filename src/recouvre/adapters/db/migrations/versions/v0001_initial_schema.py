"""Initial schema: parties, cases, invoices, payments, events and the evidence journal.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 07:24:42.168316
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Tables the database itself keeps append-only (the evidence journal, docs/architecture.md).
APPEND_ONLY_TABLES = ("journal_entries", "journal_anchors", "journal_anchor_items")


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "creditors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("siren", sa.String(length=9), nullable=False),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("vat_number", sa.String(length=20), nullable=True),
        sa.Column("iban", sa.String(length=34), nullable=True),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("address_lines", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column(
            "postal_code", sa.String(length=10), server_default=sa.text("''"), nullable=False
        ),
        sa.Column("city", sa.String(length=100), server_default=sa.text("''"), nullable=False),
        sa.Column("country", sa.String(length=2), server_default="FR", nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("logo_path", sa.Text(), nullable=True),
        sa.Column("via_agency", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creditors")),
        sa.UniqueConstraint("siren", name=op.f("uq_creditors_siren")),
    )
    op.create_table(
        "debtors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("siren", sa.String(length=9), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("address_lines", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column(
            "postal_code", sa.String(length=10), server_default=sa.text("''"), nullable=False
        ),
        sa.Column("city", sa.String(length=100), server_default=sa.text("''"), nullable=False),
        sa.Column("country", sa.String(length=2), server_default="FR", nullable=False),
        sa.Column("departement", sa.String(length=3), nullable=True),
        sa.Column("emails", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("phones", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("language", sa.String(length=5), server_default="fr", nullable=False),
        sa.Column("do_not_contact", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("only_channel", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debtors")),
        sa.UniqueConstraint("key", name=op.f("uq_debtors_key")),
    )
    op.create_table(
        "journal_anchors",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("anchored_at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("streams", sa.Integer(), nullable=False),
        sa.Column("root", sa.String(length=64), nullable=False),
        sa.Column("prev_digest", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_journal_anchors")),
    )
    op.create_table(
        "journal_streams",
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("anchored_seq", sa.BigInteger(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("stream", name=op.f("pk_journal_streams")),
    )
    with op.batch_alter_table("journal_streams", schema=None) as batch_op:
        batch_op.create_index(
            "ix_journal_streams_unanchored",
            ["stream"],
            unique=False,
            sqlite_where=sa.text("seq > anchored_seq"),
            postgresql_where=sa.text("seq > anchored_seq"),
        )

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("phase", sa.String(length=32), nullable=False),
        sa.Column("attitude", sa.String(length=32), nullable=False),
        sa.Column("closure", sa.String(length=32), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("scenario_id", sa.String(length=64), nullable=True),
        sa.Column("next_action_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name=op.f("fk_cases_creditor_id_creditors")
        ),
        sa.ForeignKeyConstraint(
            ["debtor_id"], ["debtors.id"], name=op.f("fk_cases_debtor_id_debtors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("reference", name=op.f("uq_cases_reference")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_next_action_on", ["next_action_on"], unique=False)
        batch_op.create_index(
            "uq_cases_open_per_pair",
            ["creditor_id", "debtor_id"],
            unique=True,
            sqlite_where=sa.text("phase <> 'closed'"),
            postgresql_where=sa.text("phase <> 'closed'"),
        )

    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name=op.f("fk_import_batches_creditor_id_creditors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "journal_anchor_items",
        sa.Column("anchor_seq", sa.BigInteger(), nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["anchor_seq"],
            ["journal_anchors.seq"],
            name=op.f("fk_journal_anchor_items_anchor_seq_journal_anchors"),
        ),
        sa.PrimaryKeyConstraint("anchor_seq", "stream", name=op.f("pk_journal_anchor_items")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_case_id", ["case_id"], unique=False)

    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.Column("debtor_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="EUR", nullable=False),
        sa.Column("contractual_rate", sa.String(length=12), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_invoices_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name=op.f("fk_invoices_creditor_id_creditors")
        ),
        sa.ForeignKeyConstraint(
            ["debtor_id"], ["debtors.id"], name=op.f("fk_invoices_debtor_id_debtors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("creditor_id", "number", name="uq_invoices_creditor_number"),
    )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.create_index("ix_invoices_case_id", ["case_id"], unique=False)
        batch_op.create_index("ix_invoices_debtor_id", ["debtor_id"], unique=False)

    op.create_table(
        "journal_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=True),
        sa.Column("prev_digest", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_journal_entries_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entries")),
        sa.UniqueConstraint("stream", "seq", name="uq_journal_entries_stream_seq"),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("designated_invoice", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=140), nullable=True),
        sa.Column("source", sa.String(length=32), server_default="manual", nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_payments_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index("ix_payments_case_id", ["case_id"], unique=False)

    create_append_only_triggers()


def downgrade() -> None:
    drop_append_only_triggers()
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_case_id")

    op.drop_table("payments")
    op.drop_table("journal_entries")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_index("ix_invoices_debtor_id")
        batch_op.drop_index("ix_invoices_case_id")

    op.drop_table("invoices")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_case_id")

    op.drop_table("events")
    op.drop_table("journal_anchor_items")
    op.drop_table("import_batches")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_cases_open_per_pair",
            sqlite_where=sa.text("phase <> 'closed'"),
            postgresql_where=sa.text("phase <> 'closed'"),
        )
        batch_op.drop_index("ix_cases_next_action_on")

    op.drop_table("cases")
    with op.batch_alter_table("journal_streams", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_journal_streams_unanchored",
            sqlite_where=sa.text("seq > anchored_seq"),
            postgresql_where=sa.text("seq > anchored_seq"),
        )

    op.drop_table("journal_streams")
    op.drop_table("journal_anchors")
    op.drop_table("debtors")
    op.drop_table("creditors")


def create_append_only_triggers() -> None:
    """Refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the journal tables."""
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'journal en ajout seul : {verb} refusé "
                    f"sur {table}'); END"
                )
        return
    op.execute(
        """
        CREATE FUNCTION recouvre_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'journal en ajout seul : % refusé sur %', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    )
    for table in APPEND_ONLY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION recouvre_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION recouvre_refuse_change()"
        )


def drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        return
    for table in APPEND_ONLY_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute("DROP FUNCTION IF EXISTS recouvre_refuse_change()")
