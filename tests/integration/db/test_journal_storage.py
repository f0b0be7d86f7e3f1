"""The evidence journal in the database, on SQLite and PostgreSQL: appends, the database's
refusal of UPDATE/DELETE, tampering found by verify, anchors, and concurrent writers."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.journal import JournalWriter
from recouvre.adapters.db.tables import journal_entries, journal_streams
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.domain.events.parties import CreditorUpdated
from recouvre.domain.journal import (
    GLOBAL_STREAM,
    ChainBreak,
    JournalEntry,
    canonical_json,
    chain,
    verify_stream,
)
from recouvre.services import journal as journal_service

APPEND_ONLY = ("journal_entries", "journal_anchors", "journal_anchor_items")


class FixedClock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment

    def today(self) -> date:
        return self.moment.date()


def make_entry(stream: str, n: int, kind: str = "reminder_sent") -> JournalEntry:
    return JournalEntry(
        stream=stream,
        kind=kind,
        occurred_on=date(2026, 3, 2),
        recorded_at=datetime(2026, 3, 2, 7, 0, n % 60, tzinfo=UTC),
        actor="test",
        payload={"n": n, "note": "relance n°" + str(n)},
    )


def append(engine: sa.Engine, entries: list[JournalEntry]) -> None:
    """Entries as the application writes them: in the journal and in the history copy."""
    with engine.begin() as connection:
        JournalWriter().record(connection, entries)


def chain_breaks(report: journal_service.VerifyReport) -> list[ChainBreak]:
    """The breaks of the chains and anchors (an altered entry also differs from its copy in
    the readable history, which ``tests/integration/db/test_journal_tampering.py`` covers)."""
    return [b for b in report.breaks if "historique" not in b.reason]


def verify(engine: sa.Engine) -> journal_service.VerifyReport:
    with SqlUnitOfWork(engine, FixedClock(), "test", snapshot=True) as uow:
        return journal_service.verify(uow.journal)


def anchor(engine: sa.Engine) -> list[object]:
    clock = FixedClock()
    return list(journal_service.anchor(lambda: SqlUnitOfWork(engine, clock, "test"), clock, "test"))


def drop_append_only_triggers(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        for table in APPEND_ONLY:
            if engine.dialect.name == "sqlite":
                for verb in ("update", "delete"):
                    connection.exec_driver_sql(f"DROP TRIGGER {table}_no_{verb}")
            else:
                connection.exec_driver_sql(f"DROP TRIGGER {table}_append_only ON {table}")
        # The heads only move forward since revision 0006: the forger drops that too.
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER journal_streams_forward_only")
        else:
            connection.exec_driver_sql(
                "DROP TRIGGER journal_streams_forward_only ON journal_streams"
            )


def stored(engine: sa.Engine, stream: str) -> list[sa.Row[tuple[object, ...]]]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                sa.select(journal_entries)
                .where(journal_entries.c.stream == stream)
                .order_by(journal_entries.c.seq)
            )
        )


def test_appends_continue_each_stream_across_transactions(db_engine: sa.Engine) -> None:
    append(db_engine, [make_entry("case:1", 1), make_entry(GLOBAL_STREAM, 2)])
    append(db_engine, [make_entry("case:1", 3), make_entry("case:2", 4), make_entry("case:1", 5)])
    rows = stored(db_engine, "case:1")
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[1].prev_digest == rows[0].digest and rows[2].prev_digest == rows[1].digest
    with db_engine.connect() as connection:
        heads = dict(
            connection.execute(sa.select(journal_streams.c.stream, journal_streams.c.seq)).all()
        )
    assert heads == {"case:1": 3, "case:2": 1, GLOBAL_STREAM: 1}
    report = verify(db_engine)
    assert report.ok, report.breaks
    assert (report.entries, report.streams) == (5, 3)


def test_stored_entries_are_the_chain_the_domain_computes(db_engine: sa.Engine) -> None:
    entries = [make_entry("case:9", n) for n in range(1, 4)]
    append(db_engine, entries)
    expected = chain(entries, {})
    rows = stored(db_engine, "case:9")
    assert [r.digest for r in rows] == [c.digest for c in expected]
    assert rows[0].payload == canonical_json({"n": 1, "note": "relance n°1"})


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_the_database_refuses_updates_and_deletes(db_engine: sa.Engine, table: str) -> None:
    append(db_engine, [make_entry("case:1", 1)])
    assert anchor(db_engine)
    statements = {
        "journal_entries": ("UPDATE journal_entries SET kind = 'x'", "DELETE FROM journal_entries"),
        "journal_anchors": (
            "UPDATE journal_anchors SET actor = 'x'",
            "DELETE FROM journal_anchors",
        ),
        "journal_anchor_items": (
            "UPDATE journal_anchor_items SET seq = 2",
            "DELETE FROM journal_anchor_items",
        ),
    }[table]
    for statement in statements:
        with pytest.raises(sa.exc.DatabaseError, match="ajout seul"), db_engine.begin() as c:
            c.exec_driver_sql(statement)
    with db_engine.connect() as connection:
        count = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
    assert count == 1


def test_truncate_is_refused_on_postgresql(db_engine: sa.Engine) -> None:
    if db_engine.dialect.name != "postgresql":
        assert db_engine.dialect.name == "sqlite"  # SQLite has no TRUNCATE statement
        return
    append(db_engine, [make_entry("case:1", 1)])
    with pytest.raises(sa.exc.DatabaseError, match="ajout seul"), db_engine.begin() as c:
        c.exec_driver_sql("TRUNCATE journal_entries CASCADE")


def test_verify_names_the_first_altered_entry(db_engine: sa.Engine) -> None:
    append(db_engine, [make_entry("case:1", n) for n in range(1, 6)])
    append(db_engine, [make_entry("case:2", 9)])
    drop_append_only_triggers(db_engine)
    target = stored(db_engine, "case:1")[2]
    with db_engine.begin() as connection:
        connection.execute(
            journal_entries.update()
            .where(journal_entries.c.id == target.id)
            .values(payload=canonical_json({"n": 3, "note": "relance falsifiée"}))
        )
    report = verify(db_engine)
    assert not report.ok
    found = [(b.stream, b.seq, b.entry_id) for b in chain_breaks(report)]
    assert found == [("case:1", 3, target.id)]
    assert "contenu modifié" in chain_breaks(report)[0].reason


def test_deleting_the_last_entries_is_found_through_the_head(db_engine: sa.Engine) -> None:
    append(db_engine, [make_entry("case:1", n) for n in range(1, 4)])
    drop_append_only_triggers(db_engine)
    with db_engine.begin() as connection:
        connection.execute(
            journal_entries.delete().where(
                journal_entries.c.stream == "case:1", journal_entries.c.seq == 3
            )
        )
    report = verify(db_engine)
    assert [(b.stream, b.seq) for b in chain_breaks(report)] == [("case:1", 3)]
    assert "absente" in chain_breaks(report)[0].reason


def test_a_whole_stream_rewritten_after_anchoring_is_found(db_engine: sa.Engine) -> None:
    append(db_engine, [make_entry("case:1", n) for n in range(1, 4)])
    append(db_engine, [make_entry("case:2", 7)])
    assert len(anchor(db_engine)) == 1
    # The forger rewrites case:1 consistently: new payloads, every digest recomputed, head
    # moved. The stream alone verifies; only the anchor gives it away.
    drop_append_only_triggers(db_engine)
    forged = chain([make_entry("case:1", n, kind="forged") for n in range(1, 4)], {})
    with db_engine.begin() as connection:
        for item in forged:
            connection.execute(
                journal_entries.update()
                .where(journal_entries.c.stream == "case:1", journal_entries.c.seq == item.seq)
                .values(kind="forged", digest=item.digest, prev_digest=item.prev_digest)
            )
        connection.execute(
            journal_streams.update()
            .where(journal_streams.c.stream == "case:1")
            .values(digest=forged[-1].digest)
        )
    with SqlUnitOfWork(db_engine, FixedClock(), "test", snapshot=True) as uow:
        assert verify_stream(uow.journal.entries("case:1")) is None
    report = verify(db_engine)
    assert [(b.stream, b.seq) for b in chain_breaks(report)] == [("case:1", 3)]
    assert "ancre n° 1" in chain_breaks(report)[0].reason


def test_anchors_cover_only_streams_changed_since_the_last(db_engine: sa.Engine) -> None:
    assert anchor(db_engine) == []
    append(db_engine, [make_entry("case:1", 1), make_entry("case:2", 2)])
    first = anchor(db_engine)
    assert [len(a.items) for a in first] == [2]  # type: ignore[attr-defined]
    assert anchor(db_engine) == []
    append(db_engine, [make_entry("case:2", 3)])
    second = anchor(db_engine)
    assert [(a.seq, [(i.stream, i.seq) for i in a.items]) for a in second] == [  # type: ignore[attr-defined]
        (2, [("case:2", 2)])
    ]
    report = verify(db_engine)
    assert report.ok and report.anchors == 2


def test_anchoring_in_batches_chains_several_anchors(db_engine: sa.Engine) -> None:
    append(db_engine, [make_entry(f"case:{n}", n) for n in range(1, 8)])
    clock = FixedClock()
    made = journal_service.anchor(
        lambda: SqlUnitOfWork(db_engine, clock, "test"), clock, "test", batch=3
    )
    assert [len(a.items) for a in made] == [3, 3, 1]
    assert made[1].prev_digest == made[0].digest
    assert verify(db_engine).ok


def test_concurrent_writers_of_one_stream_never_fork_it(db_engine: sa.Engine) -> None:
    # Four threads, each with its own connection, append 15 entries one transaction at a time
    # to the same stream (and to one stream of their own).
    engine = create_engine_for(db_engine.url, pool_size=5)
    errors: list[BaseException] = []
    day = date(2026, 3, 2)

    def writer(worker: int) -> None:
        try:
            for n in range(15):
                with SqlUnitOfWork(engine, FixedClock(), f"worker-{worker}") as uow:
                    shared = {"w": [None, worker], "n": [None, n]}
                    own = {"n": [None, n]}
                    uow.journal.record(CreditorUpdated(None, day, "123456789", shared),
                                       stream="case:shared")  # fmt: skip
                    uow.journal.record(CreditorUpdated(None, day, "123456789", own),
                                       stream=f"case:own-{worker}")  # fmt: skip
                    uow.commit()
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert errors == []
    rows = stored(db_engine, "case:shared")
    assert [r.seq for r in rows] == list(range(1, 61))
    report = verify(db_engine)
    assert report.ok, report.breaks
    assert report.entries == 120


def test_an_entry_altered_into_unreadable_data_is_reported_not_fatal(db_engine: sa.Engine) -> None:
    append(db_engine, [make_entry("case:1", n) for n in range(1, 4)])
    drop_append_only_triggers(db_engine)
    target = stored(db_engine, "case:1")[1]
    with db_engine.begin() as connection:
        connection.execute(
            journal_entries.update()
            .where(journal_entries.c.id == target.id)
            .values(payload='{"n": 2.5, "note": "montant en flottant"}')
        )
    report = verify(db_engine)
    found = [(b.stream, b.seq, b.entry_id) for b in chain_breaks(report)]
    assert found == [("case:1", 2, target.id)]
