"""Which SMTP server and SMS provider the sender uses, read on demand from the environment.

``RECOUVRE_SMTP_HOST``       SMTP server (no host: emails fail with a French reason)
``RECOUVRE_SMTP_PORT``       default 587 (465 with ``tls``)
``RECOUVRE_SMTP_SECURITY``   ``starttls`` (default), ``tls`` or ``none`` (loopback relays only)
``RECOUVRE_SMTP_USER`` / ``RECOUVRE_SMTP_PASSWORD``   authentication, when required
``RECOUVRE_MAIL_FROM``       the From header, ``Name <address>``
``RECOUVRE_MESSAGE_ID_DOMAIN``  right-hand side of the Message-IDs (default recouvre.invalid)
``RECOUVRE_SMS_URL`` / ``RECOUVRE_SMS_TOKEN`` / ``RECOUVRE_SMS_SENDER``  generic JSON SMS API
``RECOUVRE_TEST_CRASH_AT``   tests only: the sender exits abruptly at that point
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from recouvre.adapters.mail.smtp import SmtpConfig, SmtpSecurity
from recouvre.adapters.sms.http import HttpSmsConfig


class ChannelConfigError(ValueError):
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
