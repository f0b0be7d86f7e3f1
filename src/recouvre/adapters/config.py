"""Which SMTP server and SMS provider the sender uses, read on demand from the environment.

``RECOUVRE_SMTP_HOST``       SMTP server (no host: emails fail with a French reason)
``RECOUVRE_SMTP_PORT``       default 587 (465 with ``tls``)
``RECOUVRE_SMTP_SECURITY``   ``starttls`` (default), ``tls`` or ``none`` (loopback relays only)
``RECOUVRE_SMTP_USER`` / ``RECOUVRE_SMTP_PASSWORD``   authentication, when required
``RECOUVRE_MAIL_FROM``       the From header, ``Name <address>``
``RECOUVRE_MESSAGE_ID_DOMAIN``  right-hand side of the Message-IDs (default recouvre.invalid)
``RECOUVRE_SMS_URL`` / ``RECOUVRE_SMS_TOKEN`` / ``RECOUVRE_SMS_SENDER``  generic JSON SMS API
``RECOUVRE_TEST_CRASH_AT``   tests only: the sender exits abruptly at that point

The bounce mailbox (``recouvre bounces fetch``, read by ``load_imap_config`` only, so that a
wrong IMAP setting never stops the sender):

``RECOUVRE_IMAP_HOST``       IMAP server (no host: ``bounces fetch`` says IMAP is not configured)
``RECOUVRE_IMAP_PORT``       default 993 (143 with ``starttls`` or ``none``)
``RECOUVRE_IMAP_SECURITY``   ``tls`` (default), ``starttls`` or ``none`` (loopback hosts only)
``RECOUVRE_IMAP_USER`` / ``RECOUVRE_IMAP_PASSWORD``   LOGIN authentication (required)
``RECOUVRE_IMAP_MAILBOX``    the folder the bounces arrive in (default ``INBOX``)
``RECOUVRE_IMAP_CA_FILE``    PEM certificate of a private authority (self-signed test servers)
``RECOUVRE_IMAP_DONE_MAILBOX``  optional: move processed notifications to this folder (MOVE)
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.mail.imap_bounces import DEFAULT_PORTS, ImapConfig, ImapSecurity
from recouvre.adapters.mail.smtp import SmtpConfig, SmtpSecurity
from recouvre.adapters.sms.http import HttpSmsConfig


class ChannelConfigError(AdapterError):
    pass


@dataclass(frozen=True, slots=True)
class ChannelConfig:
    smtp: SmtpConfig | None
    mail_from: str
    sms: HttpSmsConfig | None
    crash_at: str | None


def load_channel_config(environ: Mapping[str, str] | None = None) -> ChannelConfig:
    env = os.environ if environ is None else environ
    smtp: SmtpConfig | None = None
    host = env.get("RECOUVRE_SMTP_HOST")
    if host:
        raw_security = env.get("RECOUVRE_SMTP_SECURITY", "starttls").lower()
        try:
            security = SmtpSecurity(raw_security)
        except ValueError:
            raise ChannelConfigError(
                f"RECOUVRE_SMTP_SECURITY : « {raw_security} » inconnu (starttls, tls ou none)"
            ) from None
        default_port = "465" if security is SmtpSecurity.TLS else "587"
        port = env.get("RECOUVRE_SMTP_PORT", default_port)
        if not port.isdigit():
            raise ChannelConfigError(f"RECOUVRE_SMTP_PORT : « {port} » n'est pas un numéro de port")
        smtp = SmtpConfig(
            host=host,
            port=int(port),
            security=security,
            username=env.get("RECOUVRE_SMTP_USER") or None,
            password=env.get("RECOUVRE_SMTP_PASSWORD") or None,
            message_id_domain=env.get("RECOUVRE_MESSAGE_ID_DOMAIN", "recouvre.invalid"),
        )
    sms: HttpSmsConfig | None = None
    if env.get("RECOUVRE_SMS_URL"):
        sms = HttpSmsConfig(
            url=env["RECOUVRE_SMS_URL"],
            token=env.get("RECOUVRE_SMS_TOKEN", ""),
            sender_id=env.get("RECOUVRE_SMS_SENDER", ""),
        )
    return ChannelConfig(
        smtp=smtp,
        mail_from=env.get("RECOUVRE_MAIL_FROM", "recouvre <recouvre@localhost>"),
        sms=sms,
        crash_at=env.get("RECOUVRE_TEST_CRASH_AT") or None,
    )


def load_imap_config(environ: Mapping[str, str] | None = None) -> ImapConfig | None:
    """The bounce mailbox's settings; ``None`` when ``RECOUVRE_IMAP_HOST`` is not set."""
    env = os.environ if environ is None else environ
    host = env.get("RECOUVRE_IMAP_HOST", "").strip()
    if not host:
        return None
    raw_security = env.get("RECOUVRE_IMAP_SECURITY", "tls").strip().lower()
    try:
        security = ImapSecurity(raw_security)
    except ValueError:
        raise ChannelConfigError(
            f"RECOUVRE_IMAP_SECURITY : « {raw_security} » inconnu (tls, starttls ou none)"
        ) from None
    if security is ImapSecurity.NONE and not is_loopback(host):
        raise ChannelConfigError(
            f"RECOUVRE_IMAP_SECURITY : « none » (mot de passe en clair) refusé pour « {host} », "
            "réservé à un serveur local (127.0.0.1, ::1, localhost) ; choisissez tls ou starttls"
        )
    port = env.get("RECOUVRE_IMAP_PORT", "").strip() or str(DEFAULT_PORTS[security])
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ChannelConfigError(f"RECOUVRE_IMAP_PORT : « {port} » n'est pas un numéro de port")
    user = env.get("RECOUVRE_IMAP_USER", "")
    password = env.get("RECOUVRE_IMAP_PASSWORD", "")
    missing = [
        name
        for name, value in (("RECOUVRE_IMAP_USER", user), ("RECOUVRE_IMAP_PASSWORD", password))
        if not value
    ]
    if missing:
        raise ChannelConfigError(
            f"{' et '.join(missing)} manquant(s) : le serveur IMAP {host} demande un identifiant "
            "et un mot de passe"
        )
    ca_file: Path | None = None
    if env.get("RECOUVRE_IMAP_CA_FILE"):
        ca_file = Path(env["RECOUVRE_IMAP_CA_FILE"])
        if not ca_file.is_file():
            raise ChannelConfigError(f"RECOUVRE_IMAP_CA_FILE : fichier « {ca_file} » introuvable")
    return ImapConfig(
        host=host,
        port=int(port),
        username=user,
        password=password,
        security=security,
        mailbox=env.get("RECOUVRE_IMAP_MAILBOX", "").strip() or "INBOX",
        ca_file=ca_file,
        done_mailbox=env.get("RECOUVRE_IMAP_DONE_MAILBOX", "").strip() or None,
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (clear text never leaves it)."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
