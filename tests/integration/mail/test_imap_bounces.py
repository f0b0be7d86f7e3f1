"""Bounces read from a real IMAP mailbox (dovecot on 127.0.0.1): the same notices, the same
idempotence and the same ``ContactFailed`` as a dropped folder; ordinary mail is left alone."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator, Sequence
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from dsn_messages import ADDRESS, PROCESSED, READ_RECEIPT, REPLY, dsn
from imap_server import Dovecot, running_dovecot
from stdnum import luhn

from recouvre.adapters.db.tables import actions, bounces, debtors, events
from recouvre.adapters.mail.imap_bounces import (
    ImapBounceMailbox,
    ImapConfig,
    ImapError,
    ImapSecurity,
    open_bounce_mailbox,
)
from recouvre.bootstrap import App, bounce_store, build, case_events, fetch_mail_bounces
from recouvre.services.outbox.bounces import MailboxMessage, fetch_bounces
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, Seeded, add_action, seed_case

_users = count(1)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dovecot(certificate: tuple[Path, Path]) -> Iterator[Dovecot]:
    with running_dovecot(*certificate) as server:
        yield server


@pytest.fixture
def user(dovecot: Dovecot) -> str:
    """A fresh, empty mail account for each test."""
    name = f"retours{next(_users)}"
    dovecot.add_user(name, "mot-de-passe-imap")
    return name


def config(
    dovecot: Dovecot, user: str, security: ImapSecurity = ImapSecurity.TLS, **extra: object
) -> ImapConfig:
    port = dovecot.tls_port if security is ImapSecurity.TLS else dovecot.plain_port
    return ImapConfig(
        host="127.0.0.1",
        port=port,
        username=user,
        password=dovecot.users[user],
        security=security,
        ca_file=dovecot.ca_file,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def app(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """The app on the test database, with an SMTP sink to send the reminder that bounces."""
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


def sent_reminder(app: App) -> tuple[Seeded, int, str]:
    """A case whose reminder email went out: (case, action id, its Message-ID)."""
    from recouvre.bootstrap import outbox_sender

    seeded = seed_case(app, email=ADDRESS)
    email = add_action(app.engine, seeded, "email")
    assert outbox_sender(app).send(DAY).sent == 1
    with app.engine.connect() as connection:
        message_id = connection.execute(
            sa.select(actions.c.provider_ref).where(actions.c.id == email)
        ).scalar_one()
    return seeded, email, message_id


def contact_failures(app: App, case_id: int) -> list[dict[str, str]]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(events.c.payload).where(
                events.c.case_id == case_id, events.c.kind == "contact_failed"
            )
        ).scalars()
        return [json.loads(p) for p in rows]


def debtor_emails(app: App, debtor_id: int) -> str:
    with app.engine.connect() as connection:
        return str(
            connection.execute(
                sa.select(debtors.c.emails).where(debtors.c.id == debtor_id)
            ).scalar_one()
        )


# --- the mailbox as a bounce source -----------------------------------------------------------


def test_permanent_bounce_over_tls_makes_the_address_unreachable(
    app: App, dovecot: Dovecot, user: str
) -> None:
    seeded, email, message_id = sent_reminder(app)
    dovecot.deliver(user, REPLY)
    dovecot.deliver(user, dsn(ADDRESS.title(), "failed", "5.1.1", message_id))
    dovecot.deliver(user, READ_RECEIPT)

    report = fetch_mail_bounces(app, DAY, config(dovecot, user))

    assert report.unreachable == [ADDRESS]
    assert report.cases == [seeded.reference]
    assert (report.notices, report.already_known, report.transient) == (1, 0, 0)
    assert len(report.skipped_files) == 1 and report.skipped_files[0].endswith(";UID=3")
    assert debtor_emails(app, seeded.debtor_id) == ""
    assert contact_failures(app, seeded.case_id) == [
        {"channel": "email", "failure": "bounced_email"}
    ]
    with app.engine.connect() as connection:
        stored = connection.execute(sa.select(bounces)).one()
        evidence = json.loads(
            connection.execute(
                sa.select(events.c.payload).where(events.c.kind == "email_bounced")
            ).scalar_one()
        )
    assert (stored.address, stored.permanent, stored.action_id) == (ADDRESS, True, email)
    assert stored.file_name.startswith(f"imap://{user}@127.0.0.1:{dovecot.tls_port}/INBOX;")
    assert stored.file_name.endswith(";UID=2")
    assert evidence["message_id"] == message_id and evidence["status"] == "5.1.1"
    # The notice is marked processed; the reply and the read receipt are untouched (not even read).
    assert dovecot.flags(user) == [set(), PROCESSED, set()]

    again = fetch_mail_bounces(app, DAY, config(dovecot, user))
    assert (again.notices, again.already_known, again.unreachable, again.cases) == (0, 0, [], [])
    assert len(contact_failures(app, seeded.case_id)) == 1
    assert dovecot.flags(user) == [set(), PROCESSED, set()]
    assert app.verify_journal().ok


def test_a_transient_failure_changes_nothing(app: App, dovecot: Dovecot, user: str) -> None:
    seeded = seed_case(app, email=ADDRESS)
    dovecot.deliver(user, dsn(ADDRESS, "delayed", "4.4.1"))

    report = fetch_mail_bounces(app, DAY, config(dovecot, user, ImapSecurity.STARTTLS))

    assert (report.notices, report.transient, report.unreachable, report.cases) == (1, 1, [], [])
    assert debtor_emails(app, seeded.debtor_id) == ADDRESS
    assert contact_failures(app, seeded.case_id) == []
    assert dovecot.flags(user) == [PROCESSED]  # recorded, so not read again


def test_a_crash_before_flagging_records_once(app: App, dovecot: Dovecot, user: str) -> None:
    """The notices are committed, then the process dies before flagging the messages: the
    next fetch reads them again and the store recognises them (same message digest)."""
    seeded = seed_case(app, email=ADDRESS)
    dovecot.deliver(user, dsn(ADDRESS, "failed", "5.1.1"))

    class FlaggingLost:
        def __init__(self, inner: ImapBounceMailbox) -> None:
            self.inner = inner

        def batches(self) -> Iterator[Sequence[MailboxMessage]]:
            return self.inner.batches()

        def mark_processed(self, messages: Sequence[MailboxMessage]) -> None:
            pass  # the crash: never reached

    with open_bounce_mailbox(config(dovecot, user)) as mailbox:
        first = fetch_bounces(FlaggingLost(mailbox), bounce_store(app), case_events(app), DAY)
    assert (first.notices, first.cases) == (1, [seeded.reference])
    assert dovecot.flags(user) == [set()]

    second = fetch_mail_bounces(app, DAY, config(dovecot, user))

    assert (second.notices, second.already_known, second.cases) == (0, 1, [])
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(bounces)).scalar() == 1
    assert len(contact_failures(app, seeded.case_id)) == 1
    assert dovecot.flags(user) == [PROCESSED]


def test_processed_notices_move_to_a_folder(app: App, dovecot: Dovecot, user: str) -> None:
    seed_case(app, email=ADDRESS)
    dovecot.deliver(user, dsn(ADDRESS, "failed", "5.1.1"))
    dovecot.deliver(user, REPLY)
    done = "Retours traités"  # created on first use; non-ASCII in modified UTF-7

    report = fetch_mail_bounces(
        app, DAY, config(dovecot, user, ImapSecurity.NONE, done_mailbox=done)
    )

    assert report.unreachable == [ADDRESS]
    assert dovecot.flags(user) == [set()]  # only the reply is left in INBOX
    assert dovecot.flags(user, '"Retours trait&AOk-s"') == [PROCESSED]


def test_batches_cover_every_message(app: App, dovecot: Dovecot, user: str) -> None:
    addresses = [f"client{i}@exemple.fr" for i in range(5)]
    for i, address in enumerate(addresses):
        siren = f"1234567{i}" + luhn.calc_check_digit(f"1234567{i}")
        seed_case(app, email=address, siren=siren, name=f"Client {i}")
        dovecot.deliver(user, dsn(address, "failed", "5.1.1"))

    report = fetch_mail_bounces(app, DAY, config(dovecot, user, batch_size=2))

    assert sorted(report.unreachable) == addresses and len(report.cases) == 5
    assert dovecot.flags(user) == [PROCESSED] * 5


# --- refusals (no database needed) ------------------------------------------------------------


def test_an_untrusted_certificate_is_refused(dovecot: Dovecot, user: str) -> None:
    untrusted = ImapConfig("127.0.0.1", dovecot.tls_port, user, dovecot.users[user])
    with (
        pytest.raises(ImapError, match="certificat refusé") as refused,
        open_bounce_mailbox(untrusted),
    ):
        pass
    assert "RECOUVRE_IMAP_CA_FILE" in str(refused.value)


def test_a_wrong_password_is_a_french_error(dovecot: Dovecot, user: str) -> None:
    wrong = ImapConfig("127.0.0.1", dovecot.tls_port, user, "faux", ca_file=dovecot.ca_file)
    with (
        pytest.raises(ImapError, match=f"connexion refusée pour l'utilisateur « {user} »"),
        open_bounce_mailbox(wrong),
    ):
        pass


def test_a_missing_mailbox_is_named(dovecot: Dovecot, user: str) -> None:
    with (
        pytest.raises(ImapError, match="dossier « Rebonds » inaccessible"),
        open_bounce_mailbox(config(dovecot, user, mailbox="Rebonds")),
    ):
        pass


def test_a_non_ascii_password_logs_in(dovecot: Dovecot) -> None:
    dovecot.add_user("elodie", "mötdepasse-é")
    cfg = ImapConfig(
        "127.0.0.1", dovecot.tls_port, "elodie", "mötdepasse-é", ca_file=dovecot.ca_file
    )
    with open_bounce_mailbox(cfg) as mailbox:
        assert mailbox.uses_keyword and list(mailbox.batches()) == []
