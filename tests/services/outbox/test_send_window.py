"""The hours rule holds at the moment of sending (issue 11, item 9): the sender checks the
channel's window, the debtor's public holidays and the caps at the instant it sends, and leaves
what falls outside queued with its next moment and a ``contact_deferred`` journal entry.

The messages are counted on a real SMTP server on 127.0.0.1 (aiosmtpd); the sender's clock is
the test's fixed clock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, journal_entries
from recouvre.bootstrap import App, outbox_sender
from support.outbox_seed import FixedClock, Inbox, add_action, seed_case, statuses


def at(app: App, moment: datetime) -> None:
    """Sets the sender's clock (the app's fixed test clock)."""
    assert isinstance(app.clock, FixedClock)
    app.clock.moment = moment


def not_before(app: App, action_id: int) -> str | None:
    with app.engine.connect() as connection:
        return connection.execute(
            sa.select(actions.c.not_before).where(actions.c.id == action_id)
        ).scalar_one()


def deferrals(app: App, case_id: int) -> list[dict[str, object]]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(journal_entries.c.payload)
            .where(
                journal_entries.c.case_id == case_id,
                journal_entries.c.kind == "contact_deferred",
            )
            .order_by(journal_entries.c.id)
        ).scalars()
        return [json.loads(r) for r in rows]


def test_a_send_started_at_22_30_waits_for_the_morning(app: App, smtp: Inbox) -> None:
    friday = date(2026, 11, 27)
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email", due_on=friday)
    at(app, datetime(2026, 11, 27, 21, 30, tzinfo=UTC))  # 22:30 in Paris

    report = outbox_sender(app).send(friday)

    assert len(smtp.messages) == 0
    assert (report.sent, report.deferred, report.failed) == (0, 1, 0)
    assert statuses(app.engine)[email] == "queued"
    assert not_before(app, email) == "2026-11-28T08:00:00"  # Saturday, the email window
    [entry] = deferrals(app, seeded.case_id)
    assert entry["until"] == "2026-11-28T08:00:00" and entry["step_id"] == "email-1"
    assert "hors plage pour le canal email" in str(entry["reasons"])
    # A second run the same evening sends nothing either: not yet its moment.
    assert outbox_sender(app).send(friday).sent == 0 and len(smtp.messages) == 0

    at(app, datetime(2026, 11, 28, 7, 0, tzinfo=UTC))  # Saturday 08:00 in Paris
    report = outbox_sender(app).send(date(2026, 11, 28))
    assert report.sent == 1 and len(smtp.messages) == 1
    assert statuses(app.engine)[email] == "sent"
    assert app.verify_journal().ok


def test_a_sunday_send_waits_for_monday(app: App, smtp: Inbox) -> None:
    sunday = date(2026, 11, 29)
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email", due_on=sunday)
    letter_case = seed_case(app, email="compta@autre.example", name="Autre SARL", siren="")
    letter = add_action(app.engine, letter_case, "letter", due_on=sunday)
    at(app, datetime(2026, 11, 29, 9, 0, tzinfo=UTC))  # Sunday 10:00 in Paris

    report = outbox_sender(app).send(sunday)

    assert (report.sent, report.deferred) == (0, 2) and len(smtp.messages) == 0
    assert not_before(app, email) == "2026-11-30T08:00:00"
    assert not_before(app, letter) == "2026-11-30T00:00:00"  # letters: working days
    assert report.print_batch is None  # nothing filed in Sunday's tray

    at(app, datetime(2026, 11, 30, 7, 0, tzinfo=UTC))  # Monday 08:00 in Paris
    report = outbox_sender(app).send(date(2026, 11, 30))
    assert report.sent == 2 and len(smtp.messages) == 1
    assert statuses(app.engine) == {email: "sent", letter: "sent"}


def test_the_debtors_own_public_holidays_count(app: App, smtp: Inbox) -> None:
    """The debtor is in Metz (Moselle): 26 December is a public holiday there (C. trav.
    L3134-13), so the Christmas email waits until Monday 28."""
    christmas = date(2026, 12, 25)
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email", due_on=christmas)
    at(app, datetime(2026, 12, 25, 9, 0, tzinfo=UTC))  # Friday 10:00 in Paris, Christmas

    assert outbox_sender(app).send(christmas).deferred == 1
    assert len(smtp.messages) == 0
    assert not_before(app, email) == "2026-12-28T08:00:00"
    assert "jour férié" in str(deferrals(app, seeded.case_id)[0]["reasons"])


def test_the_caps_count_what_was_already_sent_to_the_debtor(app: App, smtp: Inbox) -> None:
    monday = date(2026, 11, 23)
    seeded = seed_case(app)
    first = add_action(app.engine, seeded, "email", step="e1", due_on=monday)
    second = add_action(app.engine, seeded, "email", step="e2", due_on=monday)
    at(app, datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # Monday 10:00 in Paris

    report = outbox_sender(app).send(monday)

    assert (report.sent, report.deferred) == (1, 1) and len(smtp.messages) == 1
    assert statuses(app.engine) == {first: "sent", second: "queued"}
    assert not_before(app, second) == "2026-11-24T08:00:00"
    assert "déjà 1 contact(s) aujourd'hui" in str(deferrals(app, seeded.case_id)[0]["reasons"])
