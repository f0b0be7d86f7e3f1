"""What a forger with the database owner's rights does to the journal, for the tamper tests:
triggers dropped, a case's reminders rewritten consistently (entries, digests, head and the
history copy), and the one anchor recomputed in place over the forged heads."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from recouvre.adapters.db.journal import JournalWriter
from recouvre.adapters.db.tables import (
    events,
    journal_anchor_items,
    journal_anchors,
    journal_entries,
    journal_streams,
)
from recouvre.bootstrap import App
from recouvre.domain.journal import (
    Anchor,
    JournalEntry,
    StreamHead,
    chain,
    make_anchor,
    parse_timestamp,
)
from support.outbox_seed import FixedClock, seed_case

JOURNAL_TABLES = ("journal_entries", "journal_anchors", "journal_anchor_items")


def drop_journal_triggers(engine: sa.Engine) -> None:
    """What a forger with the database's owner rights does first."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            for table in JOURNAL_TABLES:
                for verb in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER {table}_no_{verb}")
            connection.exec_driver_sql("DROP TRIGGER journal_streams_no_delete")
            connection.exec_driver_sql("DROP TRIGGER journal_streams_forward_only")
            return
        for table in JOURNAL_TABLES:
            connection.exec_driver_sql(f"DROP TRIGGER {table}_append_only ON {table}")
        connection.exec_driver_sql("DROP TRIGGER journal_streams_forward_only ON journal_streams")


def entry(case_id: int, n: int, note: str = "relance") -> JournalEntry:
    return JournalEntry(
        stream=f"case:{case_id}",
        kind="reminder_sent",
        occurred_on=date(2026, 3, n),
        recorded_at=FixedClock().now(),
        actor="test",
        payload={"n": n, "note": f"{note} n° {n}"},
        case_id=case_id,
    )


def record(engine: sa.Engine, entries: list[JournalEntry]) -> None:
    """Entries as every append writes them: in the journal and in the history copy."""
    with engine.begin() as connection:
        JournalWriter().record(connection, entries)


def reminded(app: App, count: int, **names: str) -> tuple[int, int]:
    """A case (opened by the application) with ``count`` reminders recorded after its
    opening: its id and the seq of its first reminder."""
    case_id = seed_case(app, **names).case_id
    with app.engine.connect() as connection:
        opened = connection.execute(
            sa.select(journal_streams.c.seq).where(journal_streams.c.stream == f"case:{case_id}")
        ).scalar_one()
    record(app.engine, [entry(case_id, n) for n in range(1, count + 1)])
    return case_id, opened + 1


def forge_reminders(engine: sa.Engine, case_id: int, first: int, count: int = 3) -> Anchor:
    """Rewrite the case's ``count`` reminders from seq ``first`` on, then anchor n° 1 in
    place over the forged heads; returns the forged anchor."""
    drop_journal_triggers(engine)
    stream = f"case:{case_id}"
    with engine.begin() as connection:
        before = connection.execute(
            sa.select(journal_entries.c.digest).where(
                journal_entries.c.stream == stream, journal_entries.c.seq == first - 1
            )
        ).scalar_one()
        heads = {stream: StreamHead(stream, first - 1, before)}
        forged = chain([entry(case_id, n, note="falsifiée") for n in range(1, count + 1)], heads)
        for item in forged:
            where = (journal_entries.c.stream == stream, journal_entries.c.seq == item.seq)
            old = connection.execute(sa.select(journal_entries.c.payload).where(*where))
            connection.execute(
                events.update()
                .where(events.c.case_id == case_id, events.c.payload == old.scalar_one())
                .values(payload=item.entry.payload_json)
            )
            connection.execute(
                journal_entries.update()
                .where(*where)
                .values(
                    payload=item.entry.payload_json,
                    digest=item.digest,
                    prev_digest=item.prev_digest,
                )
            )
        connection.execute(
            journal_streams.update()
            .where(journal_streams.c.stream == stream)
            .values(digest=forged[-1].digest)
        )
        return _reanchor(connection)


def _reanchor(connection: sa.Connection) -> Anchor:
    old = connection.execute(sa.select(journal_anchors).where(journal_anchors.c.seq == 1)).one()
    heads = [
        StreamHead(r.stream, r.seq, r.digest)
        for r in connection.execute(sa.select(journal_streams).where(journal_streams.c.seq > 0))
    ]
    new = make_anchor(None, heads, parse_timestamp(old.anchored_at), old.actor)
    connection.execute(journal_anchor_items.delete())
    connection.execute(
        journal_anchors.update()
        .where(journal_anchors.c.seq == 1)
        .values(streams=len(new.items), root=new.root, digest=new.digest)
    )
    connection.execute(
        journal_anchor_items.insert(),
        [
            {"anchor_seq": 1, "stream": i.stream, "seq": i.seq, "digest": i.digest}
            for i in new.items
        ],
    )
    return new
