"""Bounced emails: the notification ties back to the action by its Message-ID, the address is
dropped from the debtor (the scenario switches to letters) and the case records why."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from recouvre.adapters.db.tables import actions, bounces, debtors, events
from recouvre.adapters.files.bounce_folder import read_bounce_folder
from recouvre.bootstrap import App, build, case_events, outbox_sender
from recouvre.domain.parties import Channel
from recouvre.services.outbox.bounces import import_bounces
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, add_action, seed_case, units_of_work

DSN = """\
From: MAILER-DAEMON@mx.schmitt.example (Mail Delivery System)
To: relances@durand.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.schmitt.example

Final-Recipient: rfc822; Compta@Schmitt.example
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown

Final-Recipient: rfc822; direction@schmitt.example
Action: delayed
Status: 4.4.1
Diagnostic-Code: smtp; 451 4.4.1 try again later

--B1
Content-Type: text/rfc822-headers

From: Menuiserie Durand <relances@durand.example>
Message-ID: {message_id}

--B1--
"""


@pytest.fixture
def app(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            return "250 OK"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("RECOUVRE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RECOUVRE_SMTP_PORT", str(port))
    monkeypatch.setenv("RECOUVRE_SMTP_SECURITY", "none")
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()
    controller.stop()


def test_a_bounce_drops_the_address_and_tells_the_case(app: App, tmp_path: Path) -> None:
    seeded = seed_case(app, email="compta@schmitt.example")
    email = add_action(app.engine, seeded, "email")
    assert outbox_sender(app).send(DAY).sent == 1
    with app.engine.connect() as connection:
        message_id = connection.execute(
            sa.select(actions.c.provider_ref).where(actions.c.id == email)
        ).scalar_one()
    folder = tmp_path / "retours"
    folder.mkdir()
    (folder / "0001.eml").write_text(DSN.format(message_id=message_id))
    (folder / "0002.eml").write_text("From: quelqu'un\nSubject: bonjour\n\nRien à voir.\n")
    bounce_store = units_of_work(app.engine)
    notices, skipped = read_bounce_folder(folder)
    report = import_bounces(bounce_store, case_events(app), notices, skipped, DAY)

    assert report.unreachable == ["compta@schmitt.example"]
    assert report.cases == [seeded.reference]
    assert (report.transient, report.skipped_files) == (1, ["0002.eml"])
    with app.engine.connect() as connection:
        emails = connection.execute(
            sa.select(debtors.c.emails).where(debtors.c.id == seeded.debtor_id)
        ).scalar_one()
        stored = connection.execute(sa.select(bounces).order_by(bounces.c.id)).all()
        failed = connection.execute(
            sa.select(events.c.payload).where(
                events.c.case_id == seeded.case_id, events.c.kind == "contact_failed"
            )
        ).scalar_one()
        evidence = connection.execute(
            sa.select(events.c.payload).where(events.c.kind == "email_bounced")
        ).scalar_one()
    assert emails == ""  # the daily run no longer sees an email channel
    assert [(b.address, b.permanent, b.action_id) for b in stored] == [
        ("compta@schmitt.example", True, email),
        ("direction@schmitt.example", False, email),
    ]
    assert json.loads(failed) == {"channel": Channel.EMAIL.value, "failure": "bounced_email"}
    assert json.loads(evidence)["message_id"] == message_id
    # The same folder again: nothing new.
    again = import_bounces(bounce_store, case_events(app), *read_bounce_folder(folder), DAY)
    assert (again.notices, again.already_known, again.unreachable) == (0, 2, [])
    assert app.verify_journal().ok


def test_a_bounce_without_message_id_finds_the_debtor_by_address(app: App, tmp_path: Path) -> None:
    seeded = seed_case(app, email="compta@schmitt.example")
    folder = tmp_path / "retours"
    folder.mkdir()
    (folder / "a.eml").write_text(DSN.format(message_id="<inconnu@ailleurs.example>"))
    report = import_bounces(
        units_of_work(app.engine),
        case_events(app),
        *read_bounce_folder(folder),
        DAY,
    )
    assert report.cases == [seeded.reference] and report.unmatched == []


class CrashingCaseEvents:
    """The plan's reaction dies after the notices are recorded, before ``ContactFailed``."""

    def within(self, uow: object) -> CrashingCaseEvents:
        return self

    def unreachable(self, case_key: str, channel: object, on: object) -> object:
        raise RuntimeError("coupure entre le retour et la réaction du plan")


def test_a_bounce_and_its_contact_failure_commit_together(app: App, tmp_path: Path) -> None:
    seeded = seed_case(app, email="compta@schmitt.example")
    folder = tmp_path / "retours"
    folder.mkdir()
    (folder / "a.eml").write_text(DSN.format(message_id="<inconnu@ailleurs.example>"))
    with pytest.raises(RuntimeError, match="coupure"):
        import_bounces(
            units_of_work(app.engine),
            CrashingCaseEvents(),
            *read_bounce_folder(folder),
            DAY,  # type: ignore[arg-type]
        )
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(bounces)).all() == []
        emails = connection.execute(
            sa.select(debtors.c.emails).where(debtors.c.id == seeded.debtor_id)
        ).scalar_one()
        kinds = list(connection.execute(sa.select(events.c.kind)).scalars())
    assert "compta@schmitt.example" in emails and "email_bounced" not in kinds
    report = import_bounces(
        units_of_work(app.engine), case_events(app), *read_bounce_folder(folder), DAY
    )
    assert report.cases == [seeded.reference] and report.problems == []
    with app.engine.connect() as connection:
        kinds = list(connection.execute(sa.select(events.c.kind).order_by(events.c.id)).scalars())
    assert kinds.index("email_bounced") < kinds.index("contact_failed")
