"""The evidence journal (docs/architecture.md, "The evidence journal").

Append-only: triggers created by the migrations refuse UPDATE and DELETE on journal_entries,
journal_anchors and journal_anchor_items. One hash chain per stream ("case:<id>", "global").
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from recouvre.adapters.db.tables.portfolio import metadata

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("stream", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),  # 1, 2, 3... within the stream
    Column("case_id", Integer, ForeignKey("cases.id")),
    Column("kind", String(64), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", String(32), nullable=False),  # UTC ISO timestamp, ends with Z
    Column("actor", String(120), nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("document_sha256", String(64)),
    Column("prev_digest", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
    # Also the index verify and per-case reads use; a second writer on the same seq fails here.
    UniqueConstraint("stream", "seq", name="uq_journal_entries_stream_seq"),
)

# The head of each chain: appends lock this row (PostgreSQL: SELECT ... FOR UPDATE), so two
# writers of the same stream queue up and writers of different streams never meet.
journal_streams = Table(
    "journal_streams",
    metadata,
    Column("stream", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("anchored_seq", BigInteger, nullable=False, server_default="0"),
    Index(
        "ix_journal_streams_unanchored",
        "stream",
        sqlite_where=text("seq > anchored_seq"),
        postgresql_where=text("seq > anchored_seq"),
    ),
)

# The global anchor chain: each anchor hashes the heads of the streams changed since the last.
journal_anchors = Table(
    "journal_anchors",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("anchored_at", String(32), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("streams", Integer, nullable=False),
    Column("root", String(64), nullable=False),
    Column("prev_digest", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
)

journal_anchor_items = Table(
    "journal_anchor_items",
    metadata,
    Column("anchor_seq", BigInteger, ForeignKey("journal_anchors.seq"), primary_key=True),
    Column("stream", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("digest", String(64), nullable=False),
)
