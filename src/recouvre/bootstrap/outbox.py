"""Wiring of the outbox (``services.outbox``): the sender and its channels, the outbox rows,
phone calls, registered mail, bounced emails and the retry of failed actions.

The SMTP server, the SMS provider and the bounce mailbox come from ``recouvre.settings``, read
when the piece that needs them is built; this module turns them into the adapters' own
configuration.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from recouvre.adapters.clock import FixedInstantClock
from recouvre.adapters.db.stores.outbox import local_worker
from recouvre.adapters.errors import AdapterError
from recouvre.adapters.files.bounce_folder import read_bounce_folder
from recouvre.adapters.files.letter_tray import FolderLetterTray
from recouvre.adapters.files.mail_archive import FolderMailArchive, sha256_of
from recouvre.adapters.files.sent_copies import FolderSentCopies, ProofFileError
from recouvre.adapters.importers.tracking_csv import read_tracking_csv
from recouvre.adapters.mail.compose import email_from_document
from recouvre.adapters.mail.imap_bounces import (
    ImapConfig,
    ImapSecurity,
    open_bounce_mailbox,
)
from recouvre.adapters.mail.smtp import SmtpConfig, SmtpMailer, SmtpSecurity
from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.adapters.sms.http import HttpSmsConfig, JsonHttpSmsGateway
from recouvre.bootstrap.app import App
from recouvre.bootstrap.cases import case_events
from recouvre.bootstrap.portal import letter_portal_link
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.parties import Channel, SenderIdentity
from recouvre.letters.channels import OutgoingEmail, SmsGateway
from recouvre.letters.document import Document
from recouvre.services.judicial.case_file import letter_statement, load_case_file
from recouvre.services.outbox.acknowledgements import attach_acknowledgement
from recouvre.services.outbox.bounces import (
    BounceReport,
    BounceUnitOfWorkFactory,
    fetch_bounces,
    import_bounces,
)
from recouvre.services.outbox.calls import Calls
from recouvre.services.outbox.claim_statement import ClaimStatement, claim_statement
from recouvre.services.outbox.dispatch import Channels, Sender, SmsLookup
from recouvre.services.outbox.model import SENDABLE, OutboxAction, SendReport
from recouvre.services.outbox.registered_mail import (
    RegisteredItem,
    RegisteredMailUnitOfWorkFactory,
    TrackingReport,
    import_tracking,
)
from recouvre.services.outbox.retry import OutboxRetry
from recouvre.services.outbox.sent_documents import CaseDocuments, case_documents
from recouvre.services.outbox.transactions import OutboxTransactions
from recouvre.settings import (
    ChannelSettings,
    ImapSettings,
    load_channel_settings,
    load_imap_settings,
)

SEND_CRASHED = 75  # the exit code of a sender killed by the crash switch


class BounceMailboxNotConfigured(AdapterError):
    """``RECOUVRE_IMAP_HOST`` is not set: there is no mailbox to fetch bounces from."""

    def __init__(self) -> None:
        super().__init__(
            "boîte IMAP des retours non configurée : définissez RECOUVRE_IMAP_HOST, "
            "RECOUVRE_IMAP_USER et RECOUVRE_IMAP_PASSWORD (voir « recouvre bounces fetch --help » "
            "et docs/outbox.md)"
        )


def letter_statements(app: App) -> Callable[[int, date, frozenset[str]], ClaimStatement]:
    """The statement a letter claims, from the legal engine on the case as stored
    (``services.judicial.case_file.letter_statement``)."""
    tables = app.tables

    def compute(case_id: int, on: date, left_out: frozenset[str]) -> ClaimStatement:
        with app.snapshot() as uow:
            case = uow.cases.get(case_id)
            assert case is not None
            file = load_case_file(uow, case)
        return claim_statement(letter_statement(file, on, tables, left_out))

    return compute


def fixed_indemnity(app: App) -> Callable[[date], Decimal]:
    """The D441-5 fixed indemnity (C. com.) in force on a date, from the legal tables."""
    tables = app.tables
    return lambda on: tables.value_on("fixed_indemnity", on)


def _smtp_config(channels: ChannelSettings) -> SmtpConfig | None:
    s = channels.smtp
    if s is None:
        return None
    return SmtpConfig(
        host=s.host,
        port=s.port,
        security=SmtpSecurity(s.security),
        username=s.username,
        password=s.password,
        message_id_domain=s.message_id_domain,
    )


def _sms_gateway(channels: ChannelSettings) -> SmsGateway | None:
    s = channels.sms
    if s is None:
        return None
    return JsonHttpSmsGateway(HttpSmsConfig(url=s.url, token=s.token, sender_id=s.sender_id))


def _compose(
    document: Document, key: str, identity: SenderIdentity, to: tuple[str, ...], pdf: bytes
) -> OutgoingEmail:
    return email_from_document(
        document,
        idempotency_key=key,
        sender=identity.mail_from or "",
        to=to,
        pdf=pdf,
        reply_to=identity.reply_to,
        signature=identity.signature,
    )


def outbox_sender(
    app: App,
    *,
    sms: SmsGateway | None = None,
    sms_lookup: SmsLookup | None = None,
    policy: ContactPolicy | None = None,
) -> Sender:
    """The outbox sender wired to the configured SMTP server, SMS provider, typst renderer and
    the data folder's letter tray. ``sms``/``sms_lookup`` replace the configured SMS provider
    (tests, demo: the loopback provider); ``policy`` the contact policy whose windows and caps
    the sender checks at the instant it sends (default: the application's). The settings' crash
    switch (``crash.send_at``) makes the process exit at once at that point of the sequence;
    ``crash.send_now`` stops the sender's clock at one instant (tests in a subprocess)."""
    channels = load_channel_settings()
    templates = app.settings.data_dir / "modeles"
    renderer = TypstLetterRenderer(templates if templates.is_dir() else None)
    smtp = _smtp_config(channels)
    wired = Channels(
        renderer=renderer,
        tray=FolderLetterTray(app.settings.data_dir, renderer),
        indemnity=fixed_indemnity(app),
        statement=letter_statements(app),
        mailer=SmtpMailer(smtp, app.clock) if smtp is not None else None,
        compose_email=_compose,
        mail_from=channels.mail_from,
        sms=sms if sms is not None else _sms_gateway(channels),
        sms_lookup=sms_lookup,
        archive=FolderMailArchive(app.settings.data_dir),
    )
    crash_at = app.settings.crash.send_at

    def crash(point: str) -> None:
        if crash_at == point:
            os._exit(SEND_CRASHED)

    # The hours rule reads the sender's clock; a test in a subprocess stops it at one instant.
    now = app.settings.crash.send_now
    clock = FixedInstantClock(now) if now is not None else app.clock
    policy = policy or app.contact_policy
    portal = letter_portal_link(app)  # None: no portal address set, letters print no link
    return Sender(
        outbox_store(app), wired, clock, local_worker(), crash=crash, policy=policy,
        portal_link=portal,
    )  # fmt: skip


def send_outbox(
    app: App,
    on: date,
    channels: tuple[Channel, ...] = SENDABLE,
    limit: int | None = None,
    run_id: int | None = None,
) -> SendReport:
    """Drain the outbox for ``on`` (the daily run calls this after planning, with its record's
    ``run_id`` for the log events)."""
    return outbox_sender(app).send(on, channels, limit, run_id=run_id)


def outbox_store(app: App, actor: str | None = None) -> OutboxTransactions:
    """The outbox rows (``services.outbox.model.OutboxStore``) in short units of work:
    listing and resolving quarantine, journaled as ``actor``."""
    return OutboxTransactions(lambda: app.uow(actor), app.clock, read=app.snapshot)


def sent_documents(app: App, case_key: str) -> CaseDocuments:
    """The documents a case sent, with their kept copies (``services.outbox.sent_documents``):
    emails from the archive (``courriels/``), letters from the tray (``courrier/``)."""
    archive = FolderMailArchive(app.settings.data_dir)
    tray_root = FolderLetterTray(app.settings.data_dir, TypstLetterRenderer())

    def locate(action: OutboxAction) -> Path | None:
        match action.channel:
            case Channel.EMAIL:
                return archive.find(action)
            case Channel.LETTER | Channel.REGISTERED_LETTER:
                return tray_root.pdf_of(action.id)
            case _:
                return None

    return case_documents(app.snapshot, case_key, locate, sha256_of)


def call_store(app: App) -> Calls:
    """Phone-call tasks and outcomes (``services.outbox.calls.Calls``)."""
    return Calls(app.uow)


def registered_mail_store(app: App) -> RegisteredMailUnitOfWorkFactory:
    """Registered letters and their tracking (``services.outbox.registered_mail``)."""
    return app.uow


def bounce_store(app: App) -> BounceUnitOfWorkFactory:
    """Bounced emails (``services.outbox.bounces``)."""
    return app.uow


def outbox_retry(app: App, actor: str | None = None) -> OutboxRetry:
    """Retry of failed actions (``services.outbox.retry.OutboxRetry``), journaled as ``actor``."""
    return OutboxRetry(lambda: app.uow(actor), app.clock)


def imap_settings() -> ImapSettings:
    """The bounce mailbox's settings; raises ``BounceMailboxNotConfigured`` when there is
    none, ``settings.SettingsError`` when one is wrong (before any database is opened)."""
    settings = load_imap_settings()
    if settings is None:
        raise BounceMailboxNotConfigured()
    return settings


def _imap_config(s: ImapSettings) -> ImapConfig:
    return ImapConfig(
        host=s.host,
        port=s.port,
        username=s.username,
        password=s.password,
        security=ImapSecurity(s.security),
        mailbox=s.mailbox,
        ca_file=s.ca_file,
        done_mailbox=s.done_mailbox,
    )


def fetch_mail_bounces(app: App, on: date, config: ImapConfig | None = None) -> BounceReport:
    """Read the bounce mailbox (``config``, default: ``RECOUVRE_IMAP_*`` read by
    ``settings.load_imap_settings``) and record its notifications
    (``services.outbox.bounces.fetch_bounces``). Raises ``BounceMailboxNotConfigured``,
    ``settings.SettingsError`` or ``adapters.mail.imap_bounces.ImapError``, each with a French
    message."""
    imap = config if config is not None else _imap_config(imap_settings())
    with open_bounce_mailbox(imap) as mailbox:
        return fetch_bounces(mailbox, bounce_store(app), case_events(app), on)


def import_bounce_folder(app: App, folder: Path) -> BounceReport:
    """Record the delivery status notifications of a folder of ``*.eml`` files
    (``services.outbox.bounces.import_bounces``)."""
    notices, skipped = read_bounce_folder(folder)
    return import_bounces(bounce_store(app), case_events(app), notices, skipped, app.clock.today())


def attach_acknowledgement_scan(
    app: App, number: str, path: Path, on: date
) -> tuple[RegisteredItem, str]:
    """Keep the scan of a signed avis de réception with its letter and journal it
    (``services.outbox.acknowledgements``)."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ProofFileError(f"{path} : lecture impossible ({error.strerror})") from None
    files = FolderSentCopies(app.settings.data_dir)
    return attach_acknowledgement(registered_mail_store(app), files, number, content, path.name, on)


def import_tracking_file(app: App, path: Path) -> TrackingReport:
    """Record the registered-mail tracking events of a CSV file, all or nothing
    (``services.outbox.registered_mail.import_tracking``)."""
    lines, errors = read_tracking_csv(path)
    return import_tracking(registered_mail_store(app), case_events(app), path.name, lines, errors)


def preview_action(app: App, action_id: int, on: date) -> bytes:
    """The PDF an action will send (``services.outbox.preview``), rendered by the sender."""
    from recouvre.services.outbox.preview import preview

    return preview(outbox_sender(app), action_id, on)
