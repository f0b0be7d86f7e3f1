"""The sender, in process, on SQLite and PostgreSQL, with a real SMTP server on 127.0.0.1,
the loopback SMS provider, the typst renderer and the letter tray in a temporary folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import replace
from email import message_from_bytes
from pathlib import Path

import pikepdf
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, creditors, events, journal_entries
from recouvre.adapters.mail.smtp import message_id_for
from recouvre.adapters.sms.loopback import LoopbackSmsGateway
from recouvre.bootstrap import App, outbox_sender
from recouvre.domain.parties import Channel
from support.outbox_seed import (
    DAY,
    NO_CAPS,
    Inbox,
    add_action,
    free_port,
    outbox,
    seed_case,
    statuses,
)


def journal_kinds(app: App, action_id: int) -> list[str]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(journal_entries.c.kind, journal_entries.c.payload).order_by(
                journal_entries.c.id
            )
        ).all()
    return [r.kind for r in rows if json.loads(r.payload).get("action_id") == action_id]


def test_every_channel_goes_out_once_with_its_key(app: App, smtp: Inbox) -> None:
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email")
    letter = add_action(app.engine, seeded, "letter")
    registered = add_action(app.engine, seeded, "registered_letter")
    sms = add_action(app.engine, seeded, "sms")
    gateway = LoopbackSmsGateway()
    report = outbox_sender(app, policy=NO_CAPS, sms=gateway, sms_lookup=gateway.lookup).send(DAY)

    assert (report.sent, report.failed, report.quarantined) == (4, 0, 0)
    assert statuses(app.engine) == {email: "sent", letter: "sent", registered: "sent", sms: "sent"}
    key = f"case:{seeded.case_id}:step:email-1:attempt:1"
    assert smtp.message_ids == [message_id_for(key, "recouvre.invalid")]
    received = message_from_bytes(smtp.messages[0])
    assert received["To"] == "compta@schmitt.example"
    pdfs = [p for p in received.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    assert [m.idempotency_key for m in gateway.sent] == [
        f"case:{seeded.case_id}:step:sms-1:attempt:1"
    ]
    with app.engine.connect() as connection:
        rows = {r.id: r for r in connection.execute(sa.select(actions))}
        sent_entry = connection.execute(
            sa.select(journal_entries).where(journal_entries.c.kind == "action_sent")
        ).all()
    assert rows[email].provider_ref == smtp.message_ids[0]
    assert rows[sms].provider_ref == "loopback-1"
    assert rows[registered].provider_ref.startswith("courrier:2026-11-23:")
    assert all(len(rows[i].content_sha256) == 64 for i in (email, letter, registered, sms))
    assert {e.document_sha256 is not None for e in sent_entry} == {True}
    assert journal_kinds(app, email) == ["action_sending", "action_sent"]
    # The print batch: a cover sheet, then the two letters (the registered one counted).
    assert report.print_batch is not None and report.print_batch.exists()
    assert (report.print_letters, report.print_registered) == (2, 1)
    with pikepdf.open(report.print_batch) as batch:
        tray = Path(app.settings.data_dir) / "courrier" / DAY.isoformat()
        letter_pages = sum(len(pikepdf.open(p).pages) for p in sorted(tray.glob("*.pdf")))
        assert len(batch.pages) > letter_pages
    # Nothing left: a second run sends nothing more.
    again = outbox_sender(app, policy=NO_CAPS, sms=gateway, sms_lookup=gateway.lookup).send(DAY)
    assert again.sent == 0 and len(smtp.messages) == 1 and len(gateway.sent) == 1
    assert app.verify_journal().ok


def test_a_document_missing_a_mention_is_not_sent_and_the_case_says_why(
    app: App, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    with app.engine.begin() as connection:
        connection.execute(creditors.update().values(iban=None))  # no payment details
    email = add_action(app.engine, seeded, "email")
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 1)
    assert smtp.messages == []
    assert statuses(app.engine)[email] == "failed"
    with app.engine.connect() as connection:
        reason = connection.execute(
            sa.select(actions.c.reason).where(actions.c.id == email)
        ).scalar_one()
        shown = connection.execute(
            sa.select(events.c.payload).where(
                events.c.case_id == seeded.case_id, events.c.kind == "action_failed"
            )
        ).scalar_one()
    assert "mention manquante : coordonnées de paiement" in reason or "mention manquante" in reason
    assert json.loads(shown)["reason"] == reason


def test_only_due_actions_whose_moment_has_come_are_sent(app: App, smtp: Inbox) -> None:
    seeded = seed_case(app)
    due = add_action(app.engine, seeded, "email", step="due")
    later = add_action(app.engine, seeded, "email", step="later", due_on=DAY.replace(day=24))
    deferred = add_action(app.engine, seeded, "email", step="deferred")
    awaiting = add_action(app.engine, seeded, "email", step="review", status="awaiting_approval")
    with app.engine.begin() as connection:  # the guard deferred it to 10:30 Paris time
        connection.execute(
            actions.update()
            .where(actions.c.id == deferred)
            .values(not_before="2026-11-23T10:30:00")
        )
    report = outbox_sender(app).send(DAY)  # the clock says 10:00 in Paris
    assert report.sent == 1
    final = statuses(app.engine)
    assert (final[due], final[later], final[deferred], final[awaiting]) == (
        "sent", "queued", "queued", "awaiting_approval",
    )  # fmt: skip


def test_no_email_address_fails_with_a_reason(app: App, smtp: Inbox) -> None:
    seeded = seed_case(app, email="")
    email = add_action(app.engine, seeded, "email")
    report = outbox_sender(app).send(DAY)
    assert report.failures == [(email, "aucune adresse électronique connue pour le débiteur")]


def test_a_refused_connection_requeues_and_stops_the_channel(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECOUVRE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RECOUVRE_SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("RECOUVRE_SMTP_SECURITY", "none")
    seeded = seed_case(app)
    first = add_action(app.engine, seeded, "email", step="a")
    second = add_action(app.engine, seeded, "email", step="b")
    letter = add_action(app.engine, seeded, "letter")
    report = outbox_sender(app).send(DAY)
    assert (report.requeued, report.sent) == (1, 1)  # the letter still went
    assert statuses(app.engine) == {first: "queued", second: "queued", letter: "sent"}


def _dead_worker() -> str:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return f"{socket.gethostname()[:60]}:{child.stdout.strip()}:deadbeef"


def _leave_in_sending(app: App, action_id: int) -> None:
    with app.engine.begin() as connection:
        connection.execute(
            actions.update()
            .where(actions.c.id == action_id)
            .values(status="sending", claimed_by=_dead_worker(), claimed_at="2026-11-23T08:59:00Z")
        )


def test_an_unknown_sms_outcome_is_asked_to_the_provider(app: App) -> None:
    seeded = seed_case(app)
    known = add_action(app.engine, seeded, "sms", step="known")
    unknown = add_action(app.engine, seeded, "sms", step="unknown")
    gateway = LoopbackSmsGateway()
    store = outbox(app.engine)
    # The provider accepted "known" before the sender died; "unknown" never reached it.
    action = store.get(known)
    assert action is not None
    from recouvre.letters.channels import OutgoingSms

    gateway.send(OutgoingSms(action.idempotency_key, "+33612345678", "texte"))
    _leave_in_sending(app, known)
    _leave_in_sending(app, unknown)
    report = outbox_sender(app, policy=NO_CAPS, sms=gateway, sms_lookup=gateway.lookup).send(DAY)
    assert (report.resolved, report.requeued, report.sent) == (1, 1, 1)
    assert statuses(app.engine) == {known: "sent", unknown: "sent"}
    assert len(gateway.sent) == 2  # "known" was not sent a second time


def test_an_unknown_email_outcome_is_quarantined_then_resolved_by_a_person(
    app: App, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    first = add_action(app.engine, seeded, "email", step="a")
    second = add_action(app.engine, seeded, "email", step="b")
    _leave_in_sending(app, first)
    _leave_in_sending(app, second)
    live = add_action(app.engine, seeded, "email", step="c")
    with app.engine.begin() as connection:  # a live sender (this process) holds "live"
        connection.execute(
            actions.update()
            .where(actions.c.id == live)
            .values(status="sending", claimed_by=f"{socket.gethostname()[:60]}:{os.getpid()}:x",
                    claimed_at="2026-11-23T08:59:00Z")
        )  # fmt: skip
    report = outbox_sender(app, policy=NO_CAPS).send(DAY)
    assert report.quarantined == 2 and smtp.messages == []
    assert statuses(app.engine) == {first: "quarantined", second: "quarantined", live: "sending"}
    store = outbox(app.engine, "cli:agent")
    assert store.resolve(first, DAY, sent=True, note="vu dans les journaux SMTP").status.value == (
        "sent"
    )
    assert store.resolve(second, DAY, sent=False, note="absent des journaux").status.value == (
        "queued"
    )
    with pytest.raises(ValueError, match="quarantaine"):
        store.resolve(first, DAY, sent=True, note="deux fois")
    report = outbox_sender(app, policy=NO_CAPS).send(DAY)
    assert report.sent == 1 and len(smtp.messages) == 1
    assert journal_kinds(app, second)[-3:] == ["action_resolved", "action_sending", "action_sent"]


def test_channel_filter(app: App, smtp: Inbox) -> None:
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email")
    letter = add_action(app.engine, seeded, "letter")
    report = outbox_sender(app).send(DAY, (Channel.LETTER,))
    assert report.sent == 1 and report.print_letters == 1
    assert statuses(app.engine) == {email: "queued", letter: "sent"}
    assert replace(report).print_registered == 0


def test_who_counts_as_gone() -> None:
    from datetime import UTC, datetime, timedelta

    from recouvre.adapters.db.stores.outbox import claimer_gone

    now, lease = datetime(2026, 11, 23, 9, 0, tzinfo=UTC), timedelta(minutes=15)
    me = f"{socket.gethostname()[:60]}:{os.getpid()}:abc"
    assert not claimer_gone(me, "2026-11-23T08:59:00.000000Z", now, lease)  # alive, recent
    assert claimer_gone(me, "2026-11-23T08:30:00.000000Z", now, lease)  # alive but past lease
    assert claimer_gone(_dead_worker(), "2026-11-23T08:59:00.000000Z", now, lease)
    assert not claimer_gone("autre-machine:12:x", "2026-11-23T08:50:00.000000Z", now, lease)
    assert claimer_gone("autre-machine:12:x", "2026-11-23T08:40:00.000000Z", now, lease)
