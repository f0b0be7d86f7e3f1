"""The evidence journal in the database, read back: entries for verification, anchors.

``SqlJournalStore`` streams the stored entries in (stream, seq) order for
``services.journal.verify`` (which recomputes every chain with ``domain.journal``), finds the
stream heads and anchored items that no longer match their entries, and reads and appends the
anchor chain. An altered row is reported, never a crash: a row no append could have written is
rebuilt as an entry whose digest cannot match, so the stream shows its break there.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from recouvre.adapters.db import journal_history
from recouvre.adapters.db.mappers import as_date
from recouvre.adapters.db.tables import (
    journal_anchor_items,
    journal_anchor_timestamps,
    journal_anchors,
    journal_entries,
    journal_streams,
)
from recouvre.domain.journal import (
    ANCHOR_STREAM,
    GENESIS,
    Anchor,
    AnchorTimestamp,
    ChainBreak,
    ChainedEntry,
    JournalEntry,
    StreamHead,
    format_timestamp,
    parse_timestamp,
)


def _entry_from_row(row: Any) -> ChainedEntry:
    try:
        entry = JournalEntry(
            stream=row.stream,
            kind=row.kind,
            occurred_on=as_date(row.occurred_on),
            recorded_at=parse_timestamp(row.recorded_at),
            actor=row.actor,
            payload=json.loads(row.payload),
            case_id=row.case_id,
            document_sha256=row.document_sha256,
        )
    except (ValueError, TypeError):  # JournalError and json's errors are ValueErrors
        entry = _unreadable_entry(row)
    return ChainedEntry(entry, row.seq, row.prev_digest, row.digest, row.id)


def _unreadable_entry(row: Any) -> JournalEntry:
    """A row altered into something no append could have written (a float in the payload, a
    malformed date...). Verification must report it, not crash: the entry is rebuilt with its
    raw text as payload, so its digest cannot match and the stream shows the break here."""
    return JournalEntry(
        stream=str(row.stream) or "?",
        kind=str(row.kind) or "?",
        occurred_on=date.min,
        recorded_at=datetime.min.replace(tzinfo=UTC),
        actor=str(row.actor) or "?",
        payload={
            "unreadable": {
                "payload": str(row.payload),
                "occurred_on": str(row.occurred_on),
                "recorded_at": str(row.recorded_at),
                "document_sha256": str(row.document_sha256),
            }
        },
        case_id=row.case_id if isinstance(row.case_id, int) else None,
    )


class SqlJournalStore:
    """Reads and anchors of the journal, on one connection (inside a unit of work)."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def entries(self, stream: str | None = None) -> Iterator[ChainedEntry]:
        query = sa.select(journal_entries).order_by(journal_entries.c.stream, journal_entries.c.seq)
        if stream is not None:
            query = query.where(journal_entries.c.stream == stream)
        result = self.connection.execution_options(yield_per=5000).execute(query)
        for row in result:
            yield _entry_from_row(row)

    def entries_of_kinds(self, kinds: Sequence[str]) -> Iterator[ChainedEntry]:
        """Pages of 5000 by id (keyset): bounded memory, and no cursor left open while the
        caller queries the same connection between pages."""
        entries, last = journal_entries, 0
        while True:
            rows = self.connection.execute(
                sa.select(entries)
                .where(entries.c.kind.in_(list(kinds)), entries.c.id > last)
                .order_by(entries.c.id)
                .limit(5000)
            ).all()
            if not rows:
                return
            for row in rows:
                yield _entry_from_row(row)
            last = rows[-1].id

    def history_mismatches(self) -> Iterator[ChainBreak]:
        return journal_history.history_mismatches(self.connection)

    def action_statuses(self, action_ids: Sequence[int]) -> Mapping[int, str]:
        return journal_history.action_statuses(self.connection, action_ids)

    def head_mismatches(self) -> Iterator[ChainBreak]:
        heads, entries = journal_streams, journal_entries
        pointed = (
            sa.select(heads.c.stream, heads.c.seq, entries.c.id, entries.c.digest, heads.c.digest)
            .select_from(
                heads.outerjoin(
                    entries,
                    sa.and_(entries.c.stream == heads.c.stream, entries.c.seq == heads.c.seq),
                )
            )
            .where(heads.c.seq > 0)  # seq 0: a placeholder head, the stream is still empty
            .where(sa.or_(entries.c.id.is_(None), entries.c.digest != heads.c.digest))
            .order_by(heads.c.stream)
        )
        for stream, seq, entry_id, _, _ in self.connection.execute(pointed):
            reason = (
                "la tête du flux désigne une entrée absente (entrées supprimées ?)"
                if entry_id is None
                else "la tête du flux ne correspond pas à l'entrée qu'elle désigne"
            )
            yield ChainBreak(stream, seq, entry_id, reason)
        beyond = (
            sa.select(entries.c.stream, entries.c.seq, entries.c.id)
            .select_from(entries.outerjoin(heads, heads.c.stream == entries.c.stream))
            .where(sa.or_(heads.c.stream.is_(None), entries.c.seq > heads.c.seq))
            .order_by(entries.c.stream, entries.c.seq)
        )
        for stream, seq, entry_id in self.connection.execute(beyond):
            yield ChainBreak(stream, seq, entry_id, "entrée au-delà de la tête du flux")
        behind = (
            sa.select(heads.c.stream, heads.c.seq, heads.c.anchored_seq)
            .where(heads.c.anchored_seq > heads.c.seq)
            .order_by(heads.c.stream)
        )
        for stream, seq, anchored in self.connection.execute(behind):
            yield ChainBreak(
                stream,
                seq,
                None,
                f"la tête du flux a reculé derrière ce qui était ancré (n° {anchored})",
            )

    def anchors(self) -> Iterator[Anchor]:
        rows = self.connection.execute(sa.select(journal_anchors).order_by(journal_anchors.c.seq))
        for row in rows.all():
            yield self._anchor(row)

    def _anchor(self, row: Any) -> Anchor:
        items = self.connection.execute(
            sa.select(journal_anchor_items)
            .where(journal_anchor_items.c.anchor_seq == row.seq)
            .order_by(journal_anchor_items.c.stream)
        )
        return Anchor(
            seq=row.seq,
            anchored_at=parse_timestamp(row.anchored_at),
            actor=row.actor,
            items=tuple(StreamHead(i.stream, i.seq, i.digest) for i in items),
            prev_digest=row.prev_digest,
            root=row.root,
            digest=row.digest,
        )

    def anchor_item_mismatches(self) -> Iterator[ChainBreak]:
        items, entries = journal_anchor_items, journal_entries
        query = (
            sa.select(items.c.anchor_seq, items.c.stream, items.c.seq, entries.c.id)
            .select_from(
                items.outerjoin(
                    entries,
                    sa.and_(entries.c.stream == items.c.stream, entries.c.seq == items.c.seq),
                )
            )
            .where(sa.or_(entries.c.id.is_(None), entries.c.digest != items.c.digest))
            .order_by(items.c.anchor_seq, items.c.stream)
        )
        for anchor_seq, stream, seq, entry_id in self.connection.execute(query):
            what = "absente" if entry_id is None else "réécrite depuis l'ancrage"
            yield ChainBreak(
                stream, seq, entry_id, f"entrée {what} : l'ancre n° {anchor_seq} la scellait"
            )

    def last_anchor(self, *, lock: bool = False) -> Anchor | None:
        if lock:
            self._lock_anchor_chain()
        row = self.connection.execute(
            sa.select(journal_anchors).order_by(journal_anchors.c.seq.desc()).limit(1)
        ).first()
        return None if row is None else self._anchor(row)

    def _lock_anchor_chain(self) -> None:
        """One anchoring at a time: on PostgreSQL an advisory lock held to the commit; on
        SQLite, a write (the ``anchors`` placeholder head) takes the writer lock."""
        if self.connection.dialect.name == "postgresql":
            self.connection.execute(sa.text("SELECT pg_advisory_xact_lock(7366821)"))
            return
        self.connection.execute(
            sqlite.insert(journal_streams)
            .values(stream=ANCHOR_STREAM, seq=0, digest=GENESIS)
            .on_conflict_do_nothing(index_elements=["stream"])
        )

    def unanchored_heads(self, limit: int) -> list[StreamHead]:
        heads = journal_streams
        rows = self.connection.execute(
            sa.select(heads.c.stream, heads.c.seq, heads.c.digest)
            .where(heads.c.seq > heads.c.anchored_seq)
            .order_by(heads.c.stream)
            .limit(limit)
        )
        return [StreamHead(r.stream, r.seq, r.digest) for r in rows]

    def add_anchor(self, anchor: Anchor) -> None:
        self.connection.execute(
            journal_anchors.insert().values(
                seq=anchor.seq,
                anchored_at=format_timestamp(anchor.anchored_at),
                actor=anchor.actor,
                streams=len(anchor.items),
                root=anchor.root,
                prev_digest=anchor.prev_digest,
                digest=anchor.digest,
            )
        )
        if not anchor.items:
            return
        self.connection.execute(
            journal_anchor_items.insert(),
            [
                {"anchor_seq": anchor.seq, "stream": i.stream, "seq": i.seq, "digest": i.digest}
                for i in anchor.items
            ],
        )
        heads = journal_streams
        self.connection.execute(
            heads.update()
            .where(heads.c.stream == sa.bindparam("b_stream"))
            .where(heads.c.anchored_seq < sa.bindparam("b_seq"))
            .values(anchored_seq=sa.bindparam("b_seq")),
            [{"b_stream": i.stream, "b_seq": i.seq} for i in anchor.items],
        )

    def unstamped_anchors(self) -> list[Anchor]:
        stamps = journal_anchor_timestamps
        rows = self.connection.execute(
            sa.select(journal_anchors)
            .outerjoin(stamps, stamps.c.anchor_seq == journal_anchors.c.seq)
            .where(stamps.c.anchor_seq.is_(None))
            .order_by(journal_anchors.c.seq)
        ).all()
        return [self._anchor(row) for row in rows]

    def add_timestamp(self, stamp: AnchorTimestamp) -> None:
        self.connection.execute(
            journal_anchor_timestamps.insert().values(
                anchor_seq=stamp.anchor_seq,
                tsa_url=stamp.tsa_url,
                gen_time=format_timestamp(stamp.gen_time),
                token=base64.b64encode(stamp.token).decode("ascii"),
            )
        )

    def timestamps(self) -> Iterator[AnchorTimestamp]:
        stamps = journal_anchor_timestamps
        rows = self.connection.execute(sa.select(stamps).order_by(stamps.c.anchor_seq))
        for row in rows.all():
            try:
                token = base64.b64decode(row.token, validate=True)
                gen_time = parse_timestamp(row.gen_time)
            except ValueError:  # altered into something no append wrote: the check says so
                token, gen_time = b"", datetime.min.replace(tzinfo=UTC)
            yield AnchorTimestamp(row.anchor_seq, row.tsa_url, gen_time, token)
