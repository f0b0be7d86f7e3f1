"""Journal: stream heads move forward only; anchors' RFC 3161 timestamps.

Revision ID: 0007_journal
Revises: 0006_plan
Create Date: 2026-12-07 06:00:00

``journal_streams`` had no trigger: deleting the last entry of a stream and moving its head
back left a consistent-looking chain until the next anchor. Triggers now refuse, on both
backends, a DELETE (and TRUNCATE on PostgreSQL) of a head, and an UPDATE that renames a stream,
moves its head back, changes the digest of the same position, moves it onto an entry that does
not exist, or moves ``anchored_seq`` back or past the head. ``journal_anchor_timestamps`` holds
the time-stamping authority's token of an anchor, append-only like the anchors.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007_journal"
down_revision: str | None = "0006_plan"
branch_labels: str | None = None
depends_on: str | None = None

_BACKWARDS = (
    "NEW.stream <> OLD.stream OR NEW.seq < OLD.seq "
    "OR (NEW.seq = OLD.seq AND NEW.digest <> OLD.digest) "
    "OR NEW.anchored_seq < OLD.anchored_seq OR NEW.anchored_seq > NEW.seq "
    "OR (NEW.seq > OLD.seq AND NOT EXISTS (SELECT 1 FROM journal_entries AS e "
    "WHERE e.stream = NEW.stream AND e.seq = NEW.seq AND e.digest = NEW.digest))"
)
_STAMPS = "journal_anchor_timestamps"


def upgrade() -> None:
    op.create_table(
        _STAMPS,
        sa.Column("anchor_seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tsa_url", sa.String(length=500), nullable=False),
        sa.Column("gen_time", sa.String(length=32), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["anchor_seq"],
            ["journal_anchors.seq"],
            name=op.f("fk_journal_anchor_timestamps_anchor_seq_journal_anchors"),
        ),
        sa.PrimaryKeyConstraint("anchor_seq", name=op.f("pk_journal_anchor_timestamps")),
    )
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {_STAMPS}_no_{verb.lower()} BEFORE {verb} ON {_STAMPS} "
            f"BEGIN SELECT RAISE(ABORT, 'journal en ajout seul : {verb} refusé sur {_STAMPS}'); "
            "END"
        )
    op.execute(
        "CREATE TRIGGER journal_streams_no_delete BEFORE DELETE ON journal_streams "
        "BEGIN SELECT RAISE(ABORT, 'tête de flux protégée : DELETE refusé sur journal_streams'); "
        "END"
    )
    op.execute(
        "CREATE TRIGGER journal_streams_forward_only BEFORE UPDATE ON journal_streams "
        f"WHEN {_BACKWARDS} "
        "BEGIN SELECT RAISE(ABORT, 'tête de flux protégée : elle n''avance que vers une entrée "
        "ajoutée (journal_streams)'); END"
    )


def _postgresql_triggers() -> None:
    op.execute(
        f"CREATE TRIGGER {_STAMPS}_append_only BEFORE UPDATE OR DELETE ON {_STAMPS} "
        "FOR EACH ROW EXECUTE FUNCTION recouvre_refuse_change()"
    )
    op.execute(
        f"CREATE TRIGGER {_STAMPS}_no_truncate BEFORE TRUNCATE ON {_STAMPS} "
        "FOR EACH STATEMENT EXECUTE FUNCTION recouvre_refuse_change()"
    )
    op.execute(
        f"""
        CREATE FUNCTION recouvre_guard_stream_head() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' THEN
                RAISE EXCEPTION 'tête de flux protégée : % refusé sur journal_streams', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END IF;
            IF {_BACKWARDS} THEN
                RAISE EXCEPTION 'tête de flux protégée : elle n''avance que vers une entrée '
                    'ajoutée (journal_streams, flux %)', OLD.stream
                    USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER journal_streams_forward_only BEFORE UPDATE OR DELETE ON journal_streams "
        "FOR EACH ROW EXECUTE FUNCTION recouvre_guard_stream_head()"
    )
    op.execute(
        "CREATE TRIGGER journal_streams_no_truncate BEFORE TRUNCATE ON journal_streams "
        "FOR EACH STATEMENT EXECUTE FUNCTION recouvre_refuse_change()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("journal_streams_no_delete", "journal_streams_forward_only"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS journal_streams_forward_only ON journal_streams")
        op.execute("DROP TRIGGER IF EXISTS journal_streams_no_truncate ON journal_streams")
        op.execute("DROP FUNCTION IF EXISTS recouvre_guard_stream_head()")
    op.drop_table(_STAMPS)  # its triggers go with it
