"""The evidence journal in the database: appends, reads for verification, anchors.

Appending (``JournalWriter.append_many``) inside the caller's transaction:

1. make sure every stream touched has a head row (``INSERT ... ON CONFLICT DO NOTHING`` of a
   ``seq = 0`` placeholder, streams in sorted order so that two writers never deadlock);
2. read those heads ``FOR UPDATE`` (PostgreSQL row locks: a second writer of the *same*
   stream waits for the first to commit; writers of other streams never meet). On SQLite the
   first write of a transaction takes the database's single writer lock, which serialises
   writers as a whole;
3. chain the entries in memory per stream (``recouvre.domain.journal.chain``);
4. insert the entries (one executemany) and move the heads.

The unique ``(stream, seq)`` constraint is the last line of defence: even a writer that
bypassed the head lock could not fork a chain, its insert would fail.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from recouvre.adapters.db.mappers import as_date
from recouvre.adapters.db.tables import (
    events,
    journal_anchor_items,
    journal_anchors,
    journal_entries,
    journal_streams,
)
from recouvre.domain.events.cases import Event
from recouvre.domain.journal import (
    ANCHOR_STREAM,
    GENESIS,
    Anchor,
    ChainBreak,
    ChainedEntry,
    JournalEntry,
    StreamHead,
    chain,
    entry_for_event,
    format_timestamp,
    new_heads,
    parse_timestamp,
)

_CHUNK = 500  # streams per IN (...) list: far below SQLite's bound-parameter limit


@functools.lru_cache(maxsize=_CHUNK + 1)
def _heads_query(count: int) -> str:
    """The SQLite query of ``count`` stream heads, built once per size (a full chunk is the
    usual one) instead of compiling a 500-parameter ``IN`` on every call."""
    marks = ", ".join("?" * count)
    return f"SELECT stream, seq, digest FROM journal_streams WHERE stream IN ({marks})"


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_postgresql(connection: sa.Connection) -> bool:
    return connection.dialect.name == "postgresql"


def insert_columns(
    connection: sa.Connection, table: sa.Table, columns: Mapping[str, Sequence[Any]]
) -> None:
    """Insert rows given column by column, in the caller's transaction.

    PostgreSQL gets ONE statement whatever the number of rows (``INSERT ... SELECT * FROM
    unnest(array, array, ...)``): psycopg's executemany costs tens of microseconds of Python
    per row. SQLite gets the driver's executemany of one statement, already fast in-process.
    """
    names = list(columns)
    if _is_postgresql(connection):
        casts = ", ".join(
            f"CAST(:{name} AS {table.c[name].type.compile(dialect=connection.dialect)}[])"
            for name in names
        )
        connection.execute(
            sa.text(f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({casts})"),
            {name: list(values) for name, values in columns.items()},
        )
        return
    # SQLite: the driver's executemany on plain tuples (SQLAlchemy's per-row parameter
    # processing would cost more than the insert); dates written as Date columns store them.
    prepared: list[Sequence[Any]] = []
    for name, values in columns.items():
        if isinstance(table.c[name].type, sa.Date):
            prepared.append([None if v is None else v.isoformat() for v in values])
        else:
            prepared.append(values)
    marks = ", ".join("?" for _ in names)
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})",
        list(zip(*prepared, strict=True)),
    )


class JournalWriter:
    """Appends entries to their streams' chains, inside a transaction the caller owns."""

    def append_many(
        self, connection: sa.Connection, entries: Sequence[JournalEntry]
    ) -> list[ChainedEntry]:
        """Chain and insert ``entries`` (in order; any mix of streams). Returns them chained.

        Must run inside a transaction (the heads stay locked until it commits)."""
        if not entries:
            return []
        streams = sorted({entry.stream for entry in entries})
        heads = self._lock_heads(connection, streams)
        chained = chain(entries, heads)
        insert_columns(
            connection,
            journal_entries,
            {
                "stream": [c.entry.stream for c in chained],
                "seq": [c.seq for c in chained],
                "case_id": [c.entry.case_id for c in chained],
                "kind": [c.entry.kind for c in chained],
                "occurred_on": [c.entry.occurred_on for c in chained],
                "recorded_at": [c.entry.stamp for c in chained],
                "actor": [c.entry.actor for c in chained],
                "payload": [c.entry.payload_json for c in chained],
                "document_sha256": [c.entry.document_sha256 for c in chained],
                "prev_digest": [c.prev_digest for c in chained],
                "digest": [c.digest for c in chained],
            },
        )
        self._move_heads(connection, list(new_heads(chained).values()))
        return chained

    def append_events(
        self,
        connection: sa.Connection,
        recorded: Iterable[tuple[Event, int | None]],
        *,
        actor: str,
        recorded_at: datetime,
    ) -> list[ChainedEntry]:
        """Store domain events (each with the id of its case, or ``None``) in the ``events``
        table and in the journal, in the caller's transaction."""
        entries = [
            entry_for_event(event, case_id, actor, recorded_at) for event, case_id in recorded
        ]
        return self.record(connection, entries)

    def record(
        self, connection: sa.Connection, entries: Sequence[JournalEntry]
    ) -> list[ChainedEntry]:
        """Store ``entries`` both in the ``events`` table (a case's readable history, shown by
        ``case show``) and in the journal (its evidence), in the caller's transaction."""
        if not entries:
            return []
        insert_columns(
            connection,
            events,
            {
                "case_id": [e.case_id for e in entries],
                "kind": [e.kind for e in entries],
                "occurred_on": [e.occurred_on for e in entries],
                "payload": [e.payload_json for e in entries],
                "recorded_at": [e.stamp for e in entries],
                "actor": [e.actor for e in entries],
            },
        )
        return self.append_many(connection, entries)

    def _lock_heads(self, connection: sa.Connection, streams: list[str]) -> dict[str, StreamHead]:
        heads: dict[str, StreamHead] = {}
        if _is_postgresql(connection):
            connection.execute(
                sa.text(
                    "INSERT INTO journal_streams (stream, seq, digest) "
                    "SELECT s, 0, :genesis FROM unnest(CAST(:streams AS VARCHAR(64)[])) AS s "
                    "ON CONFLICT (stream) DO NOTHING"
                ),
                {"streams": streams, "genesis": GENESIS},
            )
            rows = connection.execute(
                sa.text(
                    "SELECT stream, seq, digest FROM journal_streams "
                    "WHERE stream = ANY(CAST(:streams AS VARCHAR(64)[])) "
                    "ORDER BY stream FOR UPDATE"
                ),
                {"streams": streams},
            )
            for row in rows:
                heads[row.stream] = StreamHead(row.stream, row.seq, row.digest)
            return heads
        # SQLite: the first write of the transaction holds the database's writer lock.
        connection.exec_driver_sql(
            "INSERT INTO journal_streams (stream, seq, digest) VALUES (?, 0, ?) "
            "ON CONFLICT (stream) DO NOTHING",
            [(stream, GENESIS) for stream in streams],
        )
        for chunk in _chunks(streams):
            rows = connection.exec_driver_sql(_heads_query(len(chunk)), tuple(chunk))
            for stream, seq, digest in rows:
                heads[stream] = StreamHead(stream, seq, digest)
        return heads

    def _move_heads(self, connection: sa.Connection, moved: list[StreamHead]) -> None:
        if _is_postgresql(connection):
            connection.execute(
                sa.text(
                    "UPDATE journal_streams AS h SET seq = u.seq, digest = u.digest "
                    "FROM unnest(CAST(:streams AS VARCHAR(64)[]), CAST(:seqs AS BIGINT[]), "
                    "CAST(:digests AS VARCHAR(64)[])) AS u(stream, seq, digest) "
                    "WHERE h.stream = u.stream"
                ),
                {
                    "streams": [h.stream for h in moved],
                    "seqs": [h.seq for h in moved],
                    "digests": [h.digest for h in moved],
                },
            )
            return
        connection.exec_driver_sql(
            "UPDATE journal_streams SET seq = ?, digest = ? WHERE stream = ?",
            [(h.seq, h.digest, h.stream) for h in moved],
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


# --- Bulk path of the daily run --------------------------------------------------------------

PlainEntry = tuple[int, str, date, dict[str, Any] | str]
"""One case entry of the daily run: ``(case_id, kind, occurred_on, payload)``, the payload
either built by the run from ``str``, ``int``, ``bool``, ``None`` and lists / dicts of them
only, or already canonical JSON text (``recouvre.domain.journal.canonical_json``)."""


def _plain_canonical(
    actor_json: str, case_id: int, kind: str, day: str, payload: str, stamp: str, seq: int
) -> str:
    """``JournalEntry.canonical`` for a case entry without a document (same bytes)."""
    return (
        '{"actor":'
        + actor_json
        + ',"case_id":'
        + int.__repr__(case_id)
        + ',"document_sha256":null,"kind":'
        + json.encoder.encode_basestring(kind)
        + ',"occurred_on":"'
        + day
        + '","payload":'
        + payload
        + ',"recorded_at":"'
        + stamp
        + '","seq":'
        + int.__repr__(seq)
        + ',"stream":"case:'
        + int.__repr__(case_id)
        + '"}'
    )


def record_plain(
    connection: sa.Connection,
    entries: Sequence[PlainEntry],
    *,
    actor: str,
    recorded_at: datetime,
) -> None:
    """Store the run's case entries in ``events`` and the journal, in the caller's transaction.

    Why: the run writes one entry per case (hundreds of thousands a run); building a
    ``JournalEntry`` each (type walk, dataclass, SQLAlchemy parameters) was a third of its
    time. Here the canonical text is assembled from the payload's ``json.dumps`` (sorted keys,
    compact, non-ASCII kept: the bytes ``JournalEntry.canonical`` gives, so ``journal verify``
    checks them alike) and SQLite gets the driver's executemany; the heads are locked as in
    ``JournalWriter`` (one writer lock on SQLite). PostgreSQL goes through ``JournalWriter``.
    """
    if not entries:
        return
    if _is_postgresql(connection):
        JournalWriter().record(
            connection,
            [
                JournalEntry(
                    stream=f"case:{case_id}",
                    kind=kind,
                    occurred_on=day,
                    recorded_at=recorded_at,
                    actor=actor,
                    payload=json.loads(payload) if isinstance(payload, str) else payload,
                    case_id=case_id,
                )
                for case_id, kind, day, payload in entries
            ],
        )
        return
    stamp = format_timestamp(recorded_at)
    actor_json = json.encoder.encode_basestring(actor)
    dumps = json.JSONEncoder(
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
    ).encode
    streams = sorted({f"case:{case_id}" for case_id, _, _, _ in entries})
    current: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(streams):
        rows = connection.exec_driver_sql(_heads_query(len(chunk)), tuple(chunk))
        for stream, seq, digest in rows:
            current[stream] = (seq, digest)
    fresh = {stream for stream in streams if stream not in current}
    sha256 = hashlib.sha256
    event_rows = []
    entry_rows = []
    for case_id, kind, day, payload in entries:
        stream = f"case:{case_id}"
        text = payload if isinstance(payload, str) else dumps(payload)
        iso = day.isoformat()
        seq, prev = current.get(stream, (0, GENESIS))
        seq += 1
        hasher = sha256(prev.encode("ascii"))
        hasher.update(
            _plain_canonical(actor_json, case_id, kind, iso, text, stamp, seq).encode("utf-8")
        )
        digest = hasher.hexdigest()
        current[stream] = (seq, digest)
        event_rows.append((case_id, kind, iso, text, stamp, actor))
        entry_rows.append((stream, seq, case_id, kind, iso, stamp, actor, text, prev, digest))
    connection.exec_driver_sql(
        "INSERT INTO events (case_id, kind, occurred_on, payload, recorded_at, actor) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        event_rows,
    )
    connection.exec_driver_sql(
        "INSERT INTO journal_entries (stream, seq, case_id, kind, occurred_on, recorded_at, "
        "actor, payload, prev_digest, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entry_rows,
    )
    if fresh:
        connection.exec_driver_sql(
            "INSERT INTO journal_streams (stream, seq, digest) VALUES (?, ?, ?)",
            [(stream, *current[stream]) for stream in sorted(fresh)],
        )
    moved = [(*current[stream], stream) for stream in streams if stream not in fresh]
    if moved:
        connection.exec_driver_sql(
            "UPDATE journal_streams SET seq = ?, digest = ? WHERE stream = ?", moved
        )
