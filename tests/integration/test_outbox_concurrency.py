"""Several senders at once never take the same row.

PostgreSQL: claims use ``SELECT ... FOR UPDATE SKIP LOCKED``: a row another sender holds is
skipped, not waited for. SQLite: one writer at a time (``BEGIN IMMEDIATE``), same result. The
senders here are threads, each with its own engine (its own connections), all sending to one
real SMTP server on 127.0.0.1; each message must be received exactly once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.stores.outbox import local_worker
from recouvre.adapters.db.tables import actions
from recouvre.bootstrap import build, outbox_sender
from recouvre.domain.parties import Channel
from recouvre.settings import Settings
from support.outbox_seed import (
    DAY,
    NO_CAPS,
    FixedClock,
    add_action,
    outbox,
    seed_case,
    statuses,
)


class Inbox:
    def __init__(self) -> None:
        self.message_ids: list[str] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        from email import message_from_bytes

        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.message_ids.append(str(message["Message-ID"]).strip())
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("RECOUVRE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RECOUVRE_SMTP_PORT", str(port))
    monkeypatch.setenv("RECOUVRE_SMTP_SECURITY", "none")
    monkeypatch.delenv("RECOUVRE_TEST_CRASH_AT", raising=False)
    try:
        yield handler
    finally:
        controller.stop()


EMAILS = 24
SENDERS = 3


def test_concurrent_senders_send_each_message_exactly_once(
    db_url: str, tmp_path: Path, smtp: Inbox
) -> None:
    seed_app = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="seed")
    ids = []
    for n in range(EMAILS // 2):
        seeded = seed_case(seed_app, email=f"d{n}@debiteur.example", name=f"D {n}", siren=None)  # type: ignore[arg-type]
        ids += [add_action(seed_app.engine, seeded, "email", step=f"e{k}") for k in (1, 2)]
    apps = [
        build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor=f"sender:{n}")
        for n in range(SENDERS)
    ]
    reports = []
    barrier = threading.Barrier(SENDERS)

    def run(app) -> None:  # type: ignore[no-untyped-def]
        sender = outbox_sender(app, policy=NO_CAPS)  # two emails per debtor
        barrier.wait()
        reports.append(sender.send(DAY, (Channel.EMAIL,)))

    threads = [threading.Thread(target=run, args=(app,)) for app in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    received = Counter(smtp.message_ids)
    assert len(received) == EMAILS and set(received.values()) == {1}, received
    assert sum(r.sent for r in reports) == EMAILS
    assert set(statuses(seed_app.engine).values()) == {"sent"}
    with seed_app.engine.connect() as connection:
        refs = set(connection.execute(sa.select(actions.c.provider_ref)).scalars())
    assert refs == set(received)
    for app in [seed_app, *apps]:
        app.dispose()


def test_postgresql_skips_a_row_another_sender_holds(
    backend: str, db_url: str, tmp_path: Path
) -> None:
    """A sender holding row 1 locked (mid-claim) does not block another: it takes row 2."""
    app = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="seed")
    seeded = seed_case(app)
    first = add_action(app.engine, seeded, "email", step="e1")
    second = add_action(app.engine, seeded, "email", step="e2")
    other = create_engine_for(db_url)
    store = outbox(app.engine)
    with other.connect() as holder, holder.begin():
        if backend == "postgresql":
            holder.execute(
                sa.select(actions.c.id).where(actions.c.id == first).with_for_update()
            ).one()
            claimed = store.claim(local_worker(), DAY, "2026-11-23T10:00:00",
                                  [Channel.EMAIL], 1)  # fmt: skip
            assert [a.id for a in claimed] == [second]
        else:  # SQLite has no row locks: one claim at a time takes the oldest row
            claimed = store.claim(local_worker(), DAY, "2026-11-23T10:00:00",
                                  [Channel.EMAIL], 1)  # fmt: skip
            assert [a.id for a in claimed] == [first]
    again = store.claim(local_worker(), DAY, "2026-11-23T10:00:00", [Channel.EMAIL], 5)
    assert len(again) == 1 and again[0].id != claimed[0].id
    assert store.claim(local_worker(), DAY, "2026-11-23T10:00:00", [Channel.EMAIL], 5) == []
    other.dispose()
    app.dispose()
