"""The evidence journal in the database: appends, in the caller's transaction.

Every append, one entry or a whole page of the daily run, goes through
``JournalWriter.append_many``:

1. PostgreSQL: make sure every stream touched has a head row (``INSERT ... ON CONFLICT DO
   NOTHING`` of a ``seq = 0`` placeholder, streams in sorted order so that two writers never
   deadlock), then read those heads ``FOR UPDATE`` (row locks: a second writer of the *same*
   stream waits for the first to commit; writers of other streams never meet). SQLite: read
   the heads; the database's single writer lock, taken by the unit of work's
   ``BEGIN IMMEDIATE``, serialises writers as a whole;
2. chain the entries in memory per stream (``recouvre.domain.journal.chain``: the one
   canonical form and digest, ``JournalEntry.canonical``);
3. insert the entries (one statement) and move the heads (SQLite: new streams inserted,
   existing ones updated).

The unique ``(stream, seq)`` constraint and the heads' primary key are the last line of
defence: even a writer that bypassed the head lock could not fork a chain, its insert would
fail. Reads for verification and the anchors are in ``adapters.db.journal_store``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.tables import events, journal_entries
from recouvre.domain.events.base import Event
from recouvre.domain.journal import (
    GENESIS,
    ChainedEntry,
    JournalEntry,
    StreamHead,
    chain,
    entry_for_event,
    new_heads,
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
        self._move_heads(connection, list(new_heads(chained).values()), heads)
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
        for chunk in _chunks(streams):
            rows = connection.exec_driver_sql(_heads_query(len(chunk)), tuple(chunk))
            for stream, seq, digest in rows:
                heads[stream] = StreamHead(stream, seq, digest)
        return heads

    def _move_heads(
        self, connection: sa.Connection, moved: list[StreamHead], known: Mapping[str, StreamHead]
    ) -> None:
        """Move the heads to the last entries appended (``known``: the heads read before)."""
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
        fresh = [(h.stream, h.seq, h.digest) for h in moved if h.stream not in known]
        if fresh:
            connection.exec_driver_sql(
                "INSERT INTO journal_streams (stream, seq, digest) VALUES (?, ?, ?)", fresh
            )
        again = [(h.seq, h.digest, h.stream) for h in moved if h.stream in known]
        if again:
            connection.exec_driver_sql(
                "UPDATE journal_streams SET seq = ?, digest = ? WHERE stream = ?", again
            )
