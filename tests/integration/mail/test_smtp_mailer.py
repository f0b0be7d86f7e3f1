"""The email channel against a real SMTP server on 127.0.0.1: what arrives is what was sent."""

from __future__ import annotations

import hashlib
import ssl
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from recouvre.adapters.mail.compose import email_from_document
from recouvre.adapters.mail.smtp import SmtpConfig, SmtpMailer, SmtpSecurity, message_id_for
from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.letters.channels import Appearance, PermanentFailure, TransientFailure
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.samples import sample_context


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 11, 3, 9, 30, tzinfo=UTC)

    def today(self) -> date:
        return date(2026, 11, 3)


@pytest.fixture(scope="module")
def reminder() -> tuple[object, bytes]:
    ctx = sample_context(DocumentKind.REMINDER_EMAIL)
    document = build(DocumentKind.REMINDER_EMAIL, ctx)
    pdf = TypstLetterRenderer().render(document, Appearance())
    return document, pdf


USER, PASSWORD = "relances", "s3cret-mot-de-passe"  # as the server fixture expects


def _mailer(port: int, security: SmtpSecurity, tls: ssl.SSLContext, password: str = PASSWORD):
    config = SmtpConfig(
        host="127.0.0.1",
        port=port,
        security=security,
        username=USER,
        password=password,
        timeout=10,
        message_id_domain="relances.menuiseries-durand.fr",
        ssl_context=tls,
    )
    return SmtpMailer(config, FixedClock())


def _email(reminder, key: str = "case-17.step-2.attempt-1"):
    document, pdf = reminder
    return email_from_document(
        document,
        idempotency_key=key,
        sender="Menuiseries Durand <relances@menuiseries-durand.fr>",
        to=("Émile Ménard <emile@boulangerie-menard.fr>",),
        pdf=pdf,
    )


def _parse(data: bytes) -> EmailMessage:
    msg = message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def test_starttls_with_authentication_delivers_text_html_and_pdf(
    starttls_server, client_tls: ssl.SSLContext, reminder
) -> None:
    mailer = _mailer(starttls_server.port, SmtpSecurity.STARTTLS, client_tls)
    sent = mailer.send(_email(reminder))

    [received] = starttls_server.collector.messages
    assert received.login == USER
    assert received.tls
    assert received.mail_from == "relances@menuiseries-durand.fr"
    assert received.rcpt_tos == ["emile@boulangerie-menard.fr"]
    msg = _parse(received.data)
    assert msg["Message-ID"].strip() == sent.message_id
    assert sent.message_id == message_id_for(
        "case-17.step-2.attempt-1", "relances.menuiseries-durand.fr"
    )
    assert msg["Subject"] == "Relance : factures FA-2026-0412, FA-2026-0413 — dossier D-2026-00017"
    assert msg["To"] == "Émile Ménard <emile@boulangerie-menard.fr>"
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert "6\u202f216,55\u00a0€" in text.get_content()
    assert "FA-2026-0412" in html.get_content() and "<table" in html.get_content()
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "reminder_email-D-2026-00017.pdf"
    assert attachment.get_content() == reminder[1]
    # The digest recorded in the journal is the digest of the bytes the server received.
    assert sent.sha256 == hashlib.sha256(received.data).hexdigest()
    assert sent.size == len(received.data)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls(implicit_tls_server, client_tls: ssl.SSLContext, reminder) -> None:
    sent = _mailer(implicit_tls_server.port, SmtpSecurity.TLS, client_tls).send(_email(reminder))
    [received] = implicit_tls_server.collector.messages
    assert received.tls and received.login == USER
    assert _parse(received.data)["Message-ID"].strip() == sent.message_id


def test_same_key_same_message_id_different_key_different_id(
    starttls_server, client_tls: ssl.SSLContext, reminder
) -> None:
    mailer = _mailer(starttls_server.port, SmtpSecurity.STARTTLS, client_tls)
    first = mailer.send(_email(reminder, "case-17.step-2.attempt-1"))
    again = mailer.send(_email(reminder, "case-17.step-2.attempt-1"))
    other = mailer.send(_email(reminder, "case-17.step-2.attempt-2"))
    assert first.message_id == again.message_id != other.message_id
    assert first.sha256 == again.sha256  # same clock, same content: same bytes
    ids = [_parse(m.data)["Message-ID"].strip() for m in starttls_server.collector.messages]
    assert ids == [first.message_id, first.message_id, other.message_id]


def test_wrong_password_is_a_permanent_failure_and_nothing_arrives(
    starttls_server, client_tls: ssl.SSLContext, reminder
) -> None:
    mailer = _mailer(starttls_server.port, SmtpSecurity.STARTTLS, client_tls, password="faux")
    with pytest.raises(PermanentFailure, match="authentification SMTP refusée"):
        mailer.send(_email(reminder))
    assert starttls_server.collector.messages == []


def test_untrusted_certificate_is_refused(starttls_server, reminder) -> None:
    mailer = _mailer(starttls_server.port, SmtpSecurity.STARTTLS, ssl.create_default_context())
    with pytest.raises(PermanentFailure, match="certificat TLS"):
        mailer.send(_email(reminder))
    assert starttls_server.collector.messages == []


def test_no_server_is_a_transient_failure(
    unused_port: int, client_tls: ssl.SSLContext, reminder
) -> None:
    mailer = _mailer(unused_port, SmtpSecurity.STARTTLS, client_tls)
    with pytest.raises(TransientFailure, match="connexion SMTP"):
        mailer.send(_email(reminder))


@pytest.mark.parametrize(
    "subject", ["Relance facture FA-1\r\nBcc: tiers@example.org", "Relance FA-1\nX: y"]
)
def test_a_header_that_cannot_be_written_fails_before_any_connection(
    starttls_server, client_tls: ssl.SSLContext, reminder, subject: str
) -> None:
    """A CR/LF in a header (an invoice number pasted with its line break) is refused while the
    message is built: nothing reached the server, so the outcome is known — a plain failure
    with its reason, never the quarantine of an unknown outcome."""
    import dataclasses

    mailer = _mailer(starttls_server.port, SmtpSecurity.STARTTLS, client_tls)
    email = dataclasses.replace(_email(reminder), subject=subject)
    with pytest.raises(PermanentFailure, match="message impossible à écrire"):
        mailer.send(email)
    assert starttls_server.collector.messages == []
