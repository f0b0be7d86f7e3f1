"""Kill the sender at every point of the sequence: no message twice, none forgotten.

The sender runs as a real ``recouvre send`` process against a real SMTP server (aiosmtpd on
127.0.0.1) and the test database (SQLite and PostgreSQL). ``RECOUVRE_TEST_CRASH_AT`` makes it
call ``os._exit`` at one point: before a claim, after a claim (before the provider is called),
after the provider accepted (before the row is marked sent), after marking sent. The next,
normal run must settle what the dead one left: the SMTP server received every message at most
once, and every action ends ``sent``, ``failed`` or ``quarantined``: none lost, none stuck in
``sending``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from recouvre.adapters.db.tables import actions
from recouvre.bootstrap import build
from recouvre.settings import Settings
from support.outbox_seed import DAY, SEND_NOW, FixedClock, add_action, seed_case, statuses

pytestmark = pytest.mark.slow  # about 40 runs of the real program

RECOUVRE = str(Path(sys.executable).parent / "recouvre")
CRASHED = 75  # the exit code of the test hook


class Inbox:
    def __init__(self) -> None:
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        message = message_from_bytes(envelope.original_content or envelope.content)
        self.message_ids.append(str(message["Message-ID"]).strip())
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def outbox(db_url: str, tmp_path: Path, inbox: tuple[Inbox, int]):  # type: ignore[no-untyped-def]
    """Three emails (three debtors), then a letter and a registered letter (two more debtors:
    one contact per debtor and day), all due; the sender's "now" is Monday 10:00."""
    data = tmp_path / "donnees"
    app = build(Settings(db_url, data, None, "fr"), clock=FixedClock(), actor="test:seed")
    cases = [
        seed_case(app, email=f"compta{n}@debiteur{n}.example", name=f"Débiteur {n}", siren=None)
        for n in range(5)
    ]  # type: ignore[arg-type]
    ids = [add_action(app.engine, c, "email") for c in cases[:3]]
    ids.append(add_action(app.engine, cases[3], "letter"))
    ids.append(add_action(app.engine, cases[4], "registered_letter"))
    _, port = inbox
    env = {
        **os.environ,
        "RECOUVRE_DATABASE_URL": db_url,
        "RECOUVRE_DATA_DIR": str(data),
        "RECOUVRE_SMTP_HOST": "127.0.0.1",
        "RECOUVRE_SMTP_PORT": str(port),
        "RECOUVRE_SMTP_SECURITY": "none",
        "RECOUVRE_TEST_SEND_NOW": SEND_NOW,
        "RECOUVRE_MAIL_FROM": "Menuiserie Durand <relances@durand.example>",
    }
    env.pop("RECOUVRE_TEST_CRASH_AT", None)
    yield app, env, ids
    app.dispose()


def send(env: dict[str, str], crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    run_env = dict(env)
    if crash_at is not None:
        run_env["RECOUVRE_TEST_CRASH_AT"] = crash_at
    return subprocess.run(
        [RECOUVRE, "send", "--date", DAY.isoformat(), "--json"],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def message_ids(engine: sa.Engine) -> dict[int, str | None]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(actions.c.id, actions.c.provider_ref)).all()
    return {r.id: r.provider_ref for r in rows}


def assert_settled(app, ids: list[int], inbox: Inbox) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """The two guarantees, whatever happened before."""
    received = Counter(inbox.message_ids)
    assert all(n == 1 for n in received.values()), f"message reçu deux fois : {received}"
    final = statuses(app.engine)
    assert set(final) == set(ids)
    assert set(final.values()) <= {"sent", "failed", "quarantined"}, final
    refs = message_ids(app.engine)
    for action_id in ids[:3]:  # every email marked sent was received, exactly once
        if final[action_id] == "sent":
            assert received[refs[action_id]] == 1
    assert app.verify_journal().ok
    return final


@pytest.mark.parametrize(
    ("crash_at", "expected_first"),
    [
        ("before_claim", "sent"),  # nothing claimed yet: the rerun sends it
        ("after_claim", "quarantined"),  # claimed, provider never called: unknown to us
        ("after_provider", "quarantined"),  # accepted by SMTP, not marked: never resent
        ("after_mark_sent", "sent"),
    ],
)
def test_a_crash_at_each_point_then_a_normal_run(outbox, inbox, crash_at, expected_first):  # type: ignore[no-untyped-def]
    app, env, ids = outbox
    handler, _ = inbox
    crashed = send(env, crash_at)
    assert crashed.returncode == CRASHED, crashed.stderr
    after_crash = statuses(app.engine)
    assert all(s in ("queued", "sending", "sent") for s in after_crash.values())
    rerun = send(env)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    final = assert_settled(app, ids, handler)
    first = ids[0]
    assert final[first] == expected_first
    assert all(final[i] == "sent" for i in ids[1:]), final
    received_first = Counter(handler.message_ids)[message_ids(app.engine)[first] or ""]
    if crash_at == "after_claim":
        assert received_first == 0 and report["quarantined"] == 1
    if crash_at == "after_provider":
        assert received_first == 0 or len(handler.message_ids) == 3
        assert len(handler.message_ids) == 3  # the first one went out once, before the crash
    assert report["print_letters"] == 2 and report["print_registered"] == 1


def test_crashing_at_a_different_point_on_every_run(outbox, inbox):  # type: ignore[no-untyped-def]
    """Run after run, the sender dies at the next point of the sequence, until a run ends
    by itself: the emails whose outcome was left unknown are quarantined (the one the SMTP
    server had accepted was received once), the letters are settled from the letter tray."""
    app, env, ids = outbox
    handler, _ = inbox
    points = ["after_claim", "after_provider", "after_mark_sent", "before_claim"]
    runs = 0
    while (result := send(env, points[runs % len(points)])).returncode != 0:
        assert result.returncode == CRASHED, result.stderr
        runs += 1
        assert runs <= 12, "le même envoi plante en boucle : aucune progression"
    assert runs == 8, (result.stdout, statuses(app.engine))
    # The print batch is rebuilt by the run that ends: both letters, filed by dead runs, in it.
    last = json.loads(result.stdout)
    assert (last["print_letters"], last["print_registered"]) == (2, 1)
    final = assert_settled(app, ids, handler)
    first, second, third, letter, registered = ids
    assert (final[first], final[second], final[third]) == ("quarantined", "quarantined", "sent")
    refs = message_ids(app.engine)
    received = Counter(handler.message_ids)
    assert received[refs[first] or ""] == 0  # claimed, never handed to the SMTP server
    assert len(handler.message_ids) == 2  # the second (accepted, then crash) and the third
    assert (final[letter], final[registered]) == ("sent", "sent")
    tray = sorted(p.name for p in (Path(env["RECOUVRE_DATA_DIR"]) / "courrier").rglob("*.json"))
    assert tray == [f"{letter:09d}.json", f"{registered:09d}.json"]
    quarantine = send_resolve_list(env)
    assert sorted(q["action"] for q in quarantine) == [first, second]


def send_resolve_list(env: dict[str, str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [RECOUVRE, "send", "--resolve", "--json"],
        env=env, capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)  # type: ignore[no-any-return]
