"""The history a person reads is the history the journal proves, on SQLite and PostgreSQL.

Each test makes one tampering of issue 12 item 12 behind the application's back (triggers
dropped where the database refuses it) and checks that ``journal verify`` names it: a case's
history deleted and its sent action marked cancelled; the last entry of a stream deleted and
its head moved back, before any anchor; a stream rewritten and every anchor recomputed, caught
by the digest exported before the rewrite. The stream heads themselves now refuse to be
deleted or moved back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.queries.cases import SqlCaseQueries
from recouvre.adapters.db.tables import (
    actions,
    events,
    journal_anchor_items,
    journal_anchors,
    journal_entries,
    journal_streams,
)
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.bootstrap import App, build
from recouvre.domain.journal import Anchor, canonical_json
from recouvre.domain.parties import Channel
from recouvre.services import journal as journal_service
from recouvre.services.journal import VerifyReport
from recouvre.services.outbox.model import Delivery
from recouvre.settings import Settings
from support.journal_forgery import drop_journal_triggers, entry, forge_reminders, record, reminded
from support.outbox_seed import DAY, FixedClock, add_action, outbox, seed_case


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def reasons(report: VerifyReport) -> list[str]:
    return [brk.describe() for brk in report.breaks]


def test_a_deleted_history_and_a_sent_action_marked_cancelled_are_named(app: App) -> None:
    seeded = seed_case(app)
    sms = add_action(app.engine, seeded, "sms")
    moves = outbox(app.engine)
    [claimed] = moves.claim("w1", DAY, "2026-11-23T10:00:00", (Channel.SMS,), 10)
    assert moves.mark_sent(claimed, "w1", DAY, Delivery("loopback-1", "a" * 64, "b" * 64))
    assert app.verify_journal().ok
    stream = f"case:{seeded.case_id}"
    with app.engine.begin() as connection:
        sent_entry = connection.execute(
            sa.select(journal_entries.c.id, journal_entries.c.seq).where(
                journal_entries.c.kind == "action_sent"
            )
        ).one()
        history = connection.execute(
            sa.select(sa.func.count()).where(events.c.case_id == seeded.case_id)
        ).scalar_one()
        connection.execute(events.delete().where(events.c.case_id == seeded.case_id))
        connection.execute(actions.update().where(actions.c.id == sms).values(status="cancelled"))
    report = app.verify_journal()
    assert not report.ok
    lines = reasons(report)
    copies = [line for line in lines if "sa copie dans l'historique" in line]
    assert len(copies) == history >= 3  # case opened, action sending, action sent
    assert (
        f"flux {stream}, n° {sent_entry.seq}, entrée {sent_entry.id} : « action_sent » du "
        f"{DAY.isoformat()} : sa copie dans l'historique des dossiers (table events) a été "
        "supprimée ou modifiée"
    ) in lines
    assert (
        f"flux {stream}, n° {sent_entry.seq}, entrée {sent_entry.id} : le journal prouve "
        f"l'envoi de l'action {sms}, qui est pourtant marquée « cancelled »"
    ) in lines
    # What a person reads (case show) is the journal's history: the sending is still there.
    detail = SqlCaseQueries(app.engine).case_detail(str(seeded.case_id))
    assert detail is not None
    assert [line.kind for line in detail.events][-2:] == ["action_sending", "action_sent"]


def test_an_altered_history_row_is_named_from_both_sides(app: App) -> None:
    case_id, first = reminded(app, 3)
    with app.engine.begin() as connection:
        target = connection.execute(
            sa.select(events.c.id).where(events.c.occurred_on == date(2026, 3, 2))
        ).scalar_one()
        connection.execute(
            events.update()
            .where(events.c.id == target)
            .values(payload=canonical_json({"n": 2, "note": "jamais envoyée"}))
        )
    report = app.verify_journal()
    stream = f"case:{case_id}"
    by_seq = {b.seq: b for b in report.breaks}
    assert len(report.breaks) == 2 and {b.stream for b in report.breaks} == {stream}
    assert "sa copie dans l'historique" in by_seq[first + 1].reason
    assert f"l'événement n° {target} de l'historique" in by_seq[0].reason


def test_stream_heads_refuse_deletes_and_moving_back(app: App) -> None:
    case_id, first = reminded(app, 3)
    stream, last = f"case:{case_id}", first + 2
    with app.engine.connect() as connection:
        before = connection.execute(
            sa.select(journal_entries.c.digest).where(
                journal_entries.c.stream == stream, journal_entries.c.seq == last - 1
            )
        ).scalar_one()
    head = journal_streams.c.stream == stream
    refused = [
        journal_streams.delete().where(head),
        journal_streams.update().where(head).values(seq=last - 1, digest=before),
        journal_streams.update().where(head).values(digest=before),
        journal_streams.update().where(head).values(seq=last + 1),
        journal_streams.update().where(head).values(stream="case:999"),
        journal_streams.update().where(head).values(anchored_seq=last + 5),
    ]
    for statement in refused:
        with (
            pytest.raises(sa.exc.DatabaseError, match="tête de flux protégée"),
            app.engine.begin() as connection,
        ):
            connection.execute(statement)
    # Appending and anchoring still move the head forward, and the journal still verifies.
    record(app.engine, [entry(case_id, 4)])
    assert anchor(app.engine)
    assert app.verify_journal().ok


def test_truncating_the_heads_is_refused_on_postgresql(app: App) -> None:
    if app.engine.dialect.name != "postgresql":
        return  # SQLite has no TRUNCATE statement (DELETE is refused above)
    reminded(app, 1)
    with pytest.raises(sa.exc.DatabaseError, match="ajout seul"), app.engine.begin() as c:
        c.exec_driver_sql("TRUNCATE journal_streams CASCADE")


def move_head_back(connection: sa.Connection, stream: str, last: int) -> None:
    """Delete the stream's last entry and point its head at the one before."""
    where = journal_entries.c.stream == stream
    connection.execute(journal_entries.delete().where(where, journal_entries.c.seq == last))
    before = connection.execute(
        sa.select(journal_entries.c.digest).where(where, journal_entries.c.seq == last - 1)
    ).scalar_one()
    connection.execute(
        journal_streams.update()
        .where(journal_streams.c.stream == stream)
        .values(seq=last - 1, digest=before)
    )


def test_the_last_entry_deleted_and_its_head_moved_back_is_named(app: App) -> None:
    case_id, first = reminded(app, 3)
    drop_journal_triggers(app.engine)
    with app.engine.begin() as connection:
        move_head_back(connection, f"case:{case_id}", first + 2)
        last_copy = connection.execute(sa.select(sa.func.max(events.c.id))).scalar_one()
    report = app.verify_journal()
    assert reasons(report) == [
        f"flux case:{case_id} : l'événement n° {last_copy} de l'historique (« reminder_sent » "
        "du 2026-03-03) ne correspond à aucune entrée du journal : entrée supprimée (tête du "
        "flux reculée ?) ou événement modifié"
    ]


def test_a_head_moved_back_behind_its_anchor_is_named(app: App) -> None:
    case_id, first = reminded(app, 3)
    assert len(anchor(app.engine)) == 1
    drop_journal_triggers(app.engine)
    with app.engine.begin() as connection:
        # The forger also removes the history copy and the anchor that sealed the entry.
        connection.execute(events.delete().where(events.c.occurred_on == date(2026, 3, 3)))
        connection.execute(journal_anchor_items.delete())
        connection.execute(journal_anchors.delete())
        move_head_back(connection, f"case:{case_id}", first + 2)
    report = app.verify_journal()
    assert reasons(report) == [
        f"flux case:{case_id}, n° {first + 1} : la tête du flux a reculé derrière ce qui était "
        f"ancré (n° {first + 2})"
    ]


def test_a_rewrite_before_an_exported_anchor_is_caught(app: App) -> None:
    case_id, first = reminded(app, 3)
    reminded(app, 1, name="Garage Muller", siren="652014051", email="g@muller.example")
    [exported] = anchor(app.engine)
    intact = app.verify_journal([exported.digest.upper()])
    assert intact.ok and intact.exported == [(exported.digest, 1)]
    # The forger rewrites the reminders and their history copy consistently, then every
    # anchor after them.
    again = forge_reminders(app.engine, case_id, first)
    assert again.digest != exported.digest
    assert app.verify_journal().ok  # without the exported digest, the forgery passes
    report = app.verify_journal([exported.digest])
    assert reasons(report) == [
        f"flux anchors : l'empreinte d'ancre exportée {exported.digest} ne figure pas dans la "
        "chaîne des ancres vérifiée : le journal a été réécrit avant cette ancre (ou elle vient "
        "d'une autre base)"
    ]


def anchor(engine: sa.Engine) -> list[Anchor]:
    clock = FixedClock()
    return journal_service.anchor(lambda: SqlUnitOfWork(engine, clock, "test"), clock, "test")
