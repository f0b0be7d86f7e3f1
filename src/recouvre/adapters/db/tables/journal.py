"""The evidence journal (docs/architecture.md, "The evidence journal").

Append-only: triggers created by the migrations refuse UPDATE and DELETE on journal_entries,
journal_anchors, journal_anchor_items and journal_anchor_timestamps; the stream heads
(journal_streams) can only move forward, onto an entry that exists (revision 0006). One hash
chain per stream ("case:<id>", "global").
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

journal_entries = sa.Table(
    "journal_entries",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("stream", sa.String(64), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),  # 1, 2, 3... within the stream
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("recorded_at", sa.String(32), nullable=False),  # UTC ISO timestamp, ends with Z
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # canonical JSON
    sa.Column("document_sha256", sa.String(64)),
    sa.Column("prev_digest", sa.String(64), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    # Also the index verify and per-case reads use; a second writer on the same seq fails here.
    sa.UniqueConstraint("stream", "seq", name="uq_journal_entries_stream_seq"),
)

# The head of each chain: appends lock this row (PostgreSQL: SELECT ... FOR UPDATE), so two
# writers of the same stream queue up and writers of different streams never meet.
journal_streams = sa.Table(
    "journal_streams",
    metadata,
    sa.Column("stream", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("anchored_seq", sa.BigInteger, nullable=False, server_default="0"),
    sa.Index(
        "ix_journal_streams_unanchored",
        "stream",
        sqlite_where=sa.text("seq > anchored_seq"),
        postgresql_where=sa.text("seq > anchored_seq"),
    ),
)

# The global anchor chain: each anchor hashes the heads of the streams changed since the last.
journal_anchors = sa.Table(
    "journal_anchors",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("anchored_at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("streams", sa.Integer, nullable=False),
    sa.Column("root", sa.String(64), nullable=False),
    sa.Column("prev_digest", sa.String(64), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
)

journal_anchor_items = sa.Table(
    "journal_anchor_items",
    metadata,
    sa.Column("anchor_seq", sa.BigInteger, sa.ForeignKey("journal_anchors.seq"), primary_key=True),
    sa.Column("stream", sa.String(64), primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
)

# The RFC 3161 timestamp of an anchor, when a time-stamping authority is configured
# (``RECOUVRE_TSA_URL``): the token (DER, base64) signed by the authority over the anchor's
# digest. Append-only like the anchors (a separate table: an anchor row is never updated).
journal_anchor_timestamps = sa.Table(
    "journal_anchor_timestamps",
    metadata,
    sa.Column(
        "anchor_seq",
        sa.BigInteger,
        sa.ForeignKey("journal_anchors.seq"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("tsa_url", sa.String(500), nullable=False),
    sa.Column("gen_time", sa.String(32), nullable=False),  # the authority's time, UTC ISO
    sa.Column("token", sa.Text, nullable=False),  # TimeStampToken (CMS SignedData), base64 DER
)
