"""``Mailer`` over smtplib: STARTTLS or implicit TLS, authentication, one message per call.

The Message-ID is derived from the outbox's idempotency key (case, step, attempt), not drawn at
random: the same attempt always carries the same Message-ID, so an attempt whose outcome is
unknown after a crash can be looked up in the provider's logs or in the bounces, and the journal
can tie a bounce back to its action. ``send`` returns the Message-ID and the SHA-256 of the
exact bytes handed to the server (the evidence journal records both).

Failures map onto ``letters.channels``: authentication refused, 5xx replies and refused
recipients are permanent; 4xx replies, timeouts and lost connections are transient (the outbox
decides whether the outcome is unknown and must be quarantined rather than resent).
"""

from __future__ import annotations

import email.errors
import enum
import hashlib
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from recouvre.letters.channels import (
    OutgoingEmail,
    PermanentFailure,
    SentEmail,
    TransientFailure,
)
from recouvre.services.ports import Clock


class SmtpSecurity(enum.StrEnum):
    STARTTLS = "starttls"  # port 587: plain connection upgraded with STARTTLS
    TLS = "tls"  # port 465: TLS from the first byte (implicit TLS)
    NONE = "none"  # loopback relays only


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    message_id_domain: str = "recouvre.invalid"
    ssl_context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)


_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9.\-_]")


def message_id_for(key: str, domain: str) -> str:
    """``<case-12.step-3.attempt-1.3f2a9c1e@domain>``: readable, unique per key, RFC 5322 safe."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    local = _KEY_UNSAFE.sub("-", key).strip(".-")[:64] or "message"
    return f"<{local}.{digest}@{domain}>"


class SmtpMailer:
    """Send ``OutgoingEmail`` through one SMTP server; a connection per message."""

    def __init__(self, config: SmtpConfig, clock: Clock) -> None:
        self._config = config
        self._clock = clock

    def build(self, message: OutgoingEmail) -> EmailMessage:
        msg = EmailMessage(policy=policy.SMTP)
        msg["From"] = message.sender
        msg["To"] = ", ".join(message.to)
        msg["Subject"] = message.subject
        msg["Date"] = format_datetime(self._clock.now())
        msg["Message-ID"] = message_id_for(message.idempotency_key, self._config.message_id_domain)
        if message.reply_to:
            msg["Reply-To"] = message.reply_to
        msg["Auto-Submitted"] = "auto-generated"
        msg.set_content(message.text)
        msg.add_alternative(message.html, subtype="html")
        for att in message.attachments:
            maintype, _, subtype = att.content_type.partition("/")
            msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.filename)
        # Boundaries from the key, not random: the same attempt gives the same bytes (and digest).
        digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:24]
        for n, part in enumerate(p for p in msg.walk() if p.is_multipart()):
            part.set_boundary(f"=_recouvre_{digest}_{n}")
        return msg

    def send(self, message: OutgoingEmail) -> SentEmail:
        try:  # nothing is connected yet: whatever fails here failed for sure, before sending
            msg = self.build(message)
            data = msg.as_bytes(policy=policy.SMTP)
            sender = _address(message.sender)
            recipients = [_address(r) for r in message.to]
        except (ValueError, TypeError, LookupError, email.errors.MessageError) as exc:
            raise PermanentFailure(f"message impossible à écrire : {exc}") from exc
        try:
            with self._connect() as smtp:
                refused = smtp.sendmail(sender, recipients, data)
        except smtplib.SMTPNotSupportedError as exc:
            raise PermanentFailure(f"le serveur SMTP ne propose pas : {exc}") from exc
        except ssl.SSLCertVerificationError as exc:
            raise PermanentFailure(f"certificat TLS du serveur refusé : {exc}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentFailure(f"authentification SMTP refusée : {_reply(exc)}") from exc
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentFailure(
                "destinataires refusés : " + ", ".join(sorted(exc.recipients))
            ) from exc
        except smtplib.SMTPResponseException as exc:
            failure = TransientFailure if 400 <= exc.smtp_code < 500 else PermanentFailure
            raise failure(f"serveur SMTP : {_reply(exc)}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientFailure(f"connexion SMTP interrompue : {exc}") from exc
        return SentEmail(
            message_id=str(msg["Message-ID"]),
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            refused=tuple(sorted(refused)),
            data=data,
        )

    def _connect(self) -> smtplib.SMTP:
        cfg = self._config
        context = cfg.ssl_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        match cfg.security:
            case SmtpSecurity.TLS:
                smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
            case SmtpSecurity.STARTTLS:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
                smtp.ehlo()
                smtp.starttls(context=context)
                smtp.ehlo()
            case SmtpSecurity.NONE:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        try:
            if cfg.username:
                smtp.login(cfg.username, cfg.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp


def _address(header: str) -> str:
    """The bare address of ``Name <address>`` (for the envelope)."""
    return parseaddr(header)[1]


def _reply(exc: smtplib.SMTPResponseException) -> str:
    text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else ""
    return f"{exc.smtp_code} {text}".strip()
