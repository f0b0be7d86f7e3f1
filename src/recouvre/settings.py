"""Settings, read on demand from the environment (never at import time): the one module of
recouvre that reads ``os.environ``. The composition root (``recouvre.bootstrap``) passes what it
reads down to the adapters.

``RECOUVRE_DATABASE_URL``  SQLAlchemy URL; default: a SQLite file in ``./recouvre-data/``.
``RECOUVRE_DATA_DIR``      the local folder for the embedded database and generated files.
``RECOUVRE_LAW_FILE``      optional TOML file of user rows of the legal tables; unset:
                           ``config/law.toml`` of the data folder, if any (``law update``).
``RECOUVRE_LANG``          ``fr`` (default) or ``en`` for user-facing text.
``RECOUVRE_RUN_PAGE_SIZE`` cases planned per committed page of the daily run (default 5000).
``RECOUVRE_DB_BUSY_TIMEOUT`` seconds a writer waits for SQLite's write lock held by another
                           process, an import (default 30); then exit code 75.
``RECOUVRE_LOG_FORMAT``    ``human`` (default) or ``json``: log lines on stderr (docs/operations.md)

The sender's channels (``load_channel_settings``, read when a sender is built):

``RECOUVRE_SMTP_HOST``       SMTP server (no host: emails fail with a French reason)
``RECOUVRE_SMTP_PORT``       default 587 (465 with ``tls``)
``RECOUVRE_SMTP_SECURITY``   ``starttls`` (default), ``tls`` or ``none`` (loopback relays only)
``RECOUVRE_SMTP_USER`` / ``RECOUVRE_SMTP_PASSWORD``   authentication, when required
``RECOUVRE_MAIL_FROM``       the From header, ``Name <address>``, of a single-creditor install
                             only: elsewhere each creditor and agency has its own identity
                             (``creditor set --mail-from``, ``services.outbox.identities``)
``RECOUVRE_MESSAGE_ID_DOMAIN``  right-hand side of the Message-IDs (default recouvre.invalid)
``RECOUVRE_SMS_URL`` / ``RECOUVRE_SMS_TOKEN`` / ``RECOUVRE_SMS_SENDER``  generic JSON SMS API

The bounce mailbox (``recouvre bounces fetch``, read by ``load_imap_settings`` only, so that a
wrong IMAP setting never stops the sender):

``RECOUVRE_IMAP_HOST``       IMAP server (no host: ``bounces fetch`` says IMAP is not configured)
``RECOUVRE_IMAP_PORT``       default 993 (143 with ``starttls`` or ``none``)
``RECOUVRE_IMAP_SECURITY``   ``tls`` (default), ``starttls`` or ``none`` (loopback hosts only)
``RECOUVRE_IMAP_USER`` / ``RECOUVRE_IMAP_PASSWORD``   LOGIN authentication (required)
``RECOUVRE_IMAP_MAILBOX``    the folder the bounces arrive in (default ``INBOX``)
``RECOUVRE_IMAP_CA_FILE``    PEM certificate of a private authority (self-signed test servers)
``RECOUVRE_IMAP_DONE_MAILBOX``  optional: move processed notifications to this folder (MOVE)

The time-stamping authority of the journal's anchors (``recouvre journal anchor``, read by
``load_tsa_settings`` only; unset: anchors are made without a timestamp, as before):

``RECOUVRE_TSA_URL``         RFC 3161 authority, ``http(s)://...`` (HTTP POST of the request)
``RECOUVRE_TSA_CERT``        optional PEM certificate of the authority: the only signer accepted
``RECOUVRE_TSA_TIMEOUT``     seconds to wait for its answer (default 30)

Every setting above but ``RECOUVRE_DATA_DIR`` can also come from ``recouvre.toml`` in the data
folder (``recouvre.toml.example`` in the docs): a top-level key ``k`` stands for ``RECOUVRE_K``
and a key ``k`` of a table ``[t]`` for ``RECOUVRE_T_K`` (``[smtp] host`` is ``RECOUVRE_SMTP_HOST``,
``[mail] from`` is ``RECOUVRE_MAIL_FROM``). The environment overrides the file; a key the file
cannot hold, or a value of the wrong type, is refused with its name. Relative paths in the file
are read from the data folder.

The configuration folder ``<data folder>/config/`` holds the user's scenarios
(``config/scenarios/*.yaml``, which override the shipped ones of the same id) and contact policy
(``config/policy.toml``); ``recouvre scenarios install`` and ``recouvre policy install`` fill it.
The official rate feeds of ``recouvre law update``, ``RECOUVRE_ECB_URL``,
``RECOUVRE_LEGAL_RATE_URL`` and ``RECOUVRE_RATES_TIMEOUT``, are read by ``rates_feed_settings``,
the debtor portal's ``[portal] url``, ``secret`` and ``days`` by ``portal_settings``.

Crash switches, for the tests that kill a process half-way (``CrashSwitch``):

``RECOUVRE_TEST_CRASH_AT``            the sender exits abruptly at that point of its sequence
``RECOUVRE_RUN_CRASH_AFTER_PAGES``    the daily run exits abruptly after N committed pages
``RECOUVRE_TEST_SEND_NOW``            the instant (ISO 8601 with its offset) the sender takes as
                                      "now" for the hours rule, so that a test in a subprocess
                                      does not depend on the hour it runs at
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from recouvre.hosts import is_loopback as is_loopback
from recouvre.input_limits import InputRefused, check_nesting, decode_utf8, read_limited

DEFAULT_DATA_DIR = "recouvre-data"
SETTINGS_FILE = "recouvre.toml"
CONFIG_DIR = "config"
LAW_FILE = "law.toml"
FILE_VARIABLES: tuple[str, ...] = (
    "RECOUVRE_DATABASE_URL",
    "RECOUVRE_LAW_FILE",
    "RECOUVRE_LANG",
    "RECOUVRE_RUN_PAGE_SIZE",
    "RECOUVRE_DB_BUSY_TIMEOUT",
    "RECOUVRE_LOG_FORMAT",
    "RECOUVRE_SMTP_HOST",
    "RECOUVRE_SMTP_PORT",
    "RECOUVRE_SMTP_SECURITY",
    "RECOUVRE_SMTP_USER",
    "RECOUVRE_SMTP_PASSWORD",
    "RECOUVRE_MAIL_FROM",
    "RECOUVRE_MESSAGE_ID_DOMAIN",
    "RECOUVRE_SMS_URL",
    "RECOUVRE_SMS_TOKEN",
    "RECOUVRE_SMS_SENDER",
    "RECOUVRE_IMAP_HOST",
    "RECOUVRE_IMAP_PORT",
    "RECOUVRE_IMAP_SECURITY",
    "RECOUVRE_IMAP_USER",
    "RECOUVRE_IMAP_PASSWORD",
    "RECOUVRE_IMAP_MAILBOX",
    "RECOUVRE_IMAP_CA_FILE",
    "RECOUVRE_IMAP_DONE_MAILBOX",
    "RECOUVRE_TSA_URL",
    "RECOUVRE_TSA_CERT",
    "RECOUVRE_TSA_TIMEOUT",
    "RECOUVRE_ECB_URL",
    "RECOUVRE_LEGAL_RATE_URL",
    "RECOUVRE_RATES_TIMEOUT",
    "RECOUVRE_PORTAL_URL",
    "RECOUVRE_PORTAL_SECRET",
    "RECOUVRE_PORTAL_DAYS",
)
"""The variables ``recouvre.toml`` may set (the data folder and the test switches excepted)."""
PATH_VARIABLES = frozenset({"RECOUVRE_LAW_FILE", "RECOUVRE_IMAP_CA_FILE", "RECOUVRE_TSA_CERT"})
DEFAULT_RUN_PAGE_SIZE = 5000
DEFAULT_DB_BUSY_TIMEOUT_S = 30
SMTP_SECURITIES = ("starttls", "tls", "none")
IMAP_SECURITIES = ("tls", "starttls", "none")
IMAP_DEFAULT_PORTS = {"tls": 993, "starttls": 143, "none": 143}


class SettingsError(ValueError):
    """A setting has a value recouvre cannot use; the message (French) names the variable."""


@dataclass(frozen=True, slots=True)
class CrashSwitch:
    """Where a test asks the program to die without cleanup, as a killed process would:
    ``send_at`` a point of the sender's sequence, ``run_after_pages`` committed pages of the
    daily run. Both empty outside those tests."""

    send_at: str | None = None
    run_after_pages: int | None = None
    send_now: datetime | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    data_dir: Path
    law_file: Path | None
    language: str
    run_page_size: int = DEFAULT_RUN_PAGE_SIZE
    crash: CrashSwitch = field(default_factory=CrashSwitch)
    # How long a writer waits for SQLite's write lock held by another process (an import).
    db_busy_timeout_s: int = DEFAULT_DB_BUSY_TIMEOUT_S
    log_format: str = "human"  # or "json": one JSON object per line on stderr

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def config_dir(self) -> Path:
        """The user's scenarios and contact policy (``config/`` in the data folder)."""
        return self.data_dir / CONFIG_DIR

    @property
    def user_law_file(self) -> Path:
        """Where the user's legal rows live (``law update`` creates ``config/law.toml``)."""
        return self.law_file or self.config_dir / LAW_FILE


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    username: str | None
    password: str | None = field(repr=False)
    message_id_domain: str


@dataclass(frozen=True, slots=True)
class SmsSettings:
    url: str
    token: str = field(repr=False)
    sender_id: str


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    smtp: SmtpSettings | None
    mail_from: str
    sms: SmsSettings | None


@dataclass(frozen=True, slots=True)
class ImapSettings:
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    security: str
    mailbox: str
    ca_file: Path | None
    done_mailbox: str | None


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    """The environment over the settings file of its data folder: a variable set (not empty)
    in the environment wins, the file gives the others."""
    env = os.environ if environ is None else environ
    from_file = read_settings_file(_data_dir(env) / SETTINGS_FILE)
    if not from_file:
        return env
    merged = dict(from_file)
    merged.update({name: value for name, value in env.items() if value != ""})
    return merged


def _data_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("RECOUVRE_DATA_DIR") or DEFAULT_DATA_DIR)


def read_settings_file(path: Path) -> dict[str, str]:
    """The variables ``path`` (a ``recouvre.toml``) sets, as environment strings; ``{}`` when
    there is no such file. ``SettingsError`` names the file and the key of any problem."""
    try:
        text = decode_utf8(read_limited(path)).removeprefix("\ufeff")  # Notepad's BOM
        check_nesting(text)
        data = tomllib.loads(text)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SettingsError(f"{path} : lecture impossible ({error.strerror})") from None
    except InputRefused as error:
        raise SettingsError(f"{path} : {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path} : TOML illisible ({error})") from None
    except ValueError as error:  # an integer beyond Python's conversion limit
        raise SettingsError(f"{path} : nombre illisible ({error})") from None
    values: dict[str, str] = {}
    problems: list[str] = []
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, item in value.items():
                _file_value(f"{key}.{inner}", item, path.parent, values, problems)
        else:
            _file_value(key, value, path.parent, values, problems)
    if problems:
        raise SettingsError(f"{path} :\n  " + "\n  ".join(problems))
    return values


def _file_value(
    key: str, value: object, folder: Path, values: dict[str, str], problems: list[str]
) -> None:
    name = "RECOUVRE_" + key.replace(".", "_").upper()
    table, dot, inner = key.partition(".")
    shown = f"[{table}] {inner}" if dot else key
    if name not in FILE_VARIABLES:
        problems.append(f"« {shown} » : réglage inconnu ({_known_keys()})")
        return
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.append(f"« {shown} » : texte ou nombre entier attendu")
        return
    text = str(value)
    if name in PATH_VARIABLES and text and not Path(text).is_absolute():
        text = str(folder / text)
    values[name] = text


def _known_keys() -> str:
    """The keys of ``recouvre.toml``, as a user writes them."""
    keys = []
    for name in FILE_VARIABLES:
        short = name.removeprefix("RECOUVRE_").lower()
        table, _, rest = short.partition("_")
        tables = ("database", "law", "run", "smtp", "mail", "sms", "imap", "tsa", "portal")
        keys.append(f"[{table}] {rest}" if table in tables else short)
    return "réglages possibles : " + ", ".join(keys)


def _positive(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) == 0:
        raise SettingsError(f"{name} : « {raw} » n'est pas un nombre entier positif")
    return int(raw)


def load_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user-facing text (``RECOUVRE_LANG``), alone: the command line reads
    it when it starts, before any other setting is needed. A settings file recouvre cannot read
    is reported by the command that needs it, in the language of the environment."""
    env = os.environ if environ is None else environ
    with contextlib.suppress(SettingsError):
        env = _environ(env)
    return env.get("RECOUVRE_LANG", "fr")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = _environ(environ)
    data_dir = _data_dir(env)
    # The path is percent-encoded: a folder named ``a?b`` or ``a#b`` would otherwise end the
    # URL's path there and put the database somewhere else.
    default_url = f"sqlite:///{quote(str(data_dir / 'recouvre.sqlite3'))}"
    url = env.get("RECOUVRE_DATABASE_URL") or default_url
    law_file = env.get("RECOUVRE_LAW_FILE")
    in_config = data_dir / CONFIG_DIR / LAW_FILE  # the file ``recouvre law update`` writes
    return Settings(
        database_url=url,
        data_dir=data_dir,
        law_file=Path(law_file) if law_file else (in_config if in_config.is_file() else None),
        language=load_language(env),
        run_page_size=_positive(env, "RECOUVRE_RUN_PAGE_SIZE") or DEFAULT_RUN_PAGE_SIZE,
        crash=CrashSwitch(
            send_at=env.get("RECOUVRE_TEST_CRASH_AT") or None,
            run_after_pages=_positive(env, "RECOUVRE_RUN_CRASH_AFTER_PAGES"),
            send_now=_instant(env, "RECOUVRE_TEST_SEND_NOW"),
        ),
        db_busy_timeout_s=_positive(env, "RECOUVRE_DB_BUSY_TIMEOUT") or DEFAULT_DB_BUSY_TIMEOUT_S,
        log_format=_choice(env, "RECOUVRE_LOG_FORMAT", ("human", "json")),
    )


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    if (raw := env.get(name, "").strip().lower() or choices[0]) not in choices:
        raise SettingsError(f"{name} : « {raw} » inconnu ({' ou '.join(choices)} attendu)")
    return raw


def _instant(env: Mapping[str, str], name: str) -> datetime | None:
    """A timezone-aware ISO 8601 instant, or ``None`` when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"{name} : instant ISO 8601 illisible « {raw} »") from None
    if moment.tzinfo is None:
        raise SettingsError(f"{name} : instant sans fuseau « {raw} » (ex. 2026-11-23T10:00+01:00)")
    return moment


def load_channel_settings(environ: Mapping[str, str] | None = None) -> ChannelSettings:
    """The SMTP server and SMS provider the sender uses."""
    env = _environ(environ)
    smtp: SmtpSettings | None = None
    host = env.get("RECOUVRE_SMTP_HOST")
    if host:
        security = env.get("RECOUVRE_SMTP_SECURITY", "starttls").lower()
        if security not in SMTP_SECURITIES:
            raise SettingsError(
                f"RECOUVRE_SMTP_SECURITY : « {security} » inconnu (starttls, tls ou none)"
            )
        port = env.get("RECOUVRE_SMTP_PORT", "465" if security == "tls" else "587")
        if not port.isdigit():
            raise SettingsError(f"RECOUVRE_SMTP_PORT : « {port} » n'est pas un numéro de port")
        smtp = SmtpSettings(
            host=host,
            port=int(port),
            security=security,
            username=env.get("RECOUVRE_SMTP_USER") or None,
            password=env.get("RECOUVRE_SMTP_PASSWORD") or None,
            message_id_domain=env.get("RECOUVRE_MESSAGE_ID_DOMAIN", "recouvre.invalid"),
        )
    sms: SmsSettings | None = None
    if env.get("RECOUVRE_SMS_URL"):
        sms = SmsSettings(
            url=env["RECOUVRE_SMS_URL"],
            token=env.get("RECOUVRE_SMS_TOKEN", ""),
            sender_id=env.get("RECOUVRE_SMS_SENDER", ""),
        )
    return ChannelSettings(
        smtp=smtp,
        mail_from=env.get("RECOUVRE_MAIL_FROM", "recouvre <recouvre@localhost>"),
        sms=sms,
    )


def load_imap_settings(environ: Mapping[str, str] | None = None) -> ImapSettings | None:
    """The bounce mailbox's settings; ``None`` when ``RECOUVRE_IMAP_HOST`` is not set."""
    env = _environ(environ)
    host = env.get("RECOUVRE_IMAP_HOST", "").strip()
    if not host:
        return None
    security = env.get("RECOUVRE_IMAP_SECURITY", "tls").strip().lower()
    if security not in IMAP_SECURITIES:
        raise SettingsError(
            f"RECOUVRE_IMAP_SECURITY : « {security} » inconnu (tls, starttls ou none)"
        )
    if security == "none" and not is_loopback(host):
        raise SettingsError(
            f"RECOUVRE_IMAP_SECURITY : « none » (mot de passe en clair) refusé pour « {host} », "
            "réservé à un serveur local (127.0.0.1, ::1, localhost) ; choisissez tls ou starttls"
        )
    port = env.get("RECOUVRE_IMAP_PORT", "").strip() or str(IMAP_DEFAULT_PORTS[security])
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise SettingsError(f"RECOUVRE_IMAP_PORT : « {port} » n'est pas un numéro de port")
    user = env.get("RECOUVRE_IMAP_USER", "")
    password = env.get("RECOUVRE_IMAP_PASSWORD", "")
    pairs = (("RECOUVRE_IMAP_USER", user), ("RECOUVRE_IMAP_PASSWORD", password))
    missing = [name for name, value in pairs if not value]
    if missing:
        raise SettingsError(
            f"{' et '.join(missing)} manquant(s) : le serveur IMAP {host} demande un identifiant "
            "et un mot de passe"
        )
    ca_file: Path | None = None
    if env.get("RECOUVRE_IMAP_CA_FILE"):
        ca_file = Path(env["RECOUVRE_IMAP_CA_FILE"])
        if not ca_file.is_file():
            raise SettingsError(f"RECOUVRE_IMAP_CA_FILE : fichier « {ca_file} » introuvable")
    return ImapSettings(
        host=host,
        port=int(port),
        username=user,
        password=password,
        security=security,
        mailbox=env.get("RECOUVRE_IMAP_MAILBOX", "").strip() or "INBOX",
        ca_file=ca_file,
        done_mailbox=env.get("RECOUVRE_IMAP_DONE_MAILBOX", "").strip() or None,
    )


@dataclass(frozen=True, slots=True)
class TsaSettings:
    url: str
    certificate: Path | None
    timeout: int


def load_tsa_settings(environ: Mapping[str, str] | None = None) -> TsaSettings | None:
    """The time-stamping authority's settings; ``None`` when ``RECOUVRE_TSA_URL`` is unset."""
    env = _environ(environ)
    url = env.get("RECOUVRE_TSA_URL", "").strip()
    if not url:
        return None
    if not url.lower().startswith(("http://", "https://")):
        raise SettingsError(f"RECOUVRE_TSA_URL : « {url} » n'est pas une adresse http(s)://")
    certificate = None
    if env.get("RECOUVRE_TSA_CERT"):
        certificate = Path(env["RECOUVRE_TSA_CERT"])
        if not certificate.is_file():
            raise SettingsError(f"RECOUVRE_TSA_CERT : fichier « {certificate} » introuvable")
    return TsaSettings(
        url=url, certificate=certificate, timeout=_positive(env, "RECOUVRE_TSA_TIMEOUT") or 30
    )
