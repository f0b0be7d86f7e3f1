"""Delivery status notifications read from an IMAP mailbox
(``services.outbox.bounces.BounceMailbox``).

The mail server files the bounces itself (the return path of the sender's address is a mailbox);
``recouvre bounces fetch`` reads them over IMAP4rev1 (RFC 3501) with the standard library's
``imaplib`` and hands them to the same parser (``adapters.mail.bounces.bounce_notices``) and the
same use case as a folder of ``*.eml`` files: the same notices, the same idempotence (the SHA-256 of
the message's bytes), the same ``ContactFailed`` event.

Which messages are new. ``UID SEARCH UNKEYWORD $RecouvreTraite``, not ``UNSEEN``: a person
reading the mailbox in a mail client marks messages \\Seen, and a notice they opened would then
never be imported; our own keyword is set only by recouvre, after the notices were committed.
Servers that refuse custom keywords (no ``\\*`` in PERMANENTFLAGS) fall back to \\Seen/UNSEEN.
The search also asks the server for ``Content-Type`` headers containing ``report`` (every
RFC 3464 notification is ``multipart/report``), so ordinary mail is never even downloaded.

What "processed" means. After the use case has committed, the messages that were notifications
get \\Seen and ``$RecouvreTraite`` (``+FLAGS.SILENT``), and, when ``done_mailbox`` is set and the
server has MOVE (RFC 6851), are moved there. A crash between the commit and the flagging leaves
them unmarked: the next fetch reads them again and the store finds them already known, so nothing
is recorded twice. Messages fetched with ``BODY.PEEK[]`` keep their \\Seen flag, and messages that
are not notifications (a read receipt, a reply) are never flagged nor moved: a person may need to
read them.

Security. ``tls`` (port 993, TLS from the first byte) or ``starttls`` (port 143, upgraded before
LOGIN); certificates and host names are verified against the system's authorities, or against
``ca_file`` for a private authority. ``none`` (clear text) is accepted only for a loopback host
(checked where the settings are read, ``recouvre.settings``).

Errors are ``ImapError`` with a French message naming the server and what failed.
"""

from __future__ import annotations

import base64
import enum
import imaplib
import re
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.mail.bounces import bounce_notices
from recouvre.services.outbox.bounces import MailboxMessage

PROCESSED_KEYWORD = "$RecouvreTraite"
BATCH_SIZE = 100


class ImapSecurity(enum.StrEnum):
    TLS = "tls"  # port 993: TLS from the first byte (implicit TLS, RFC 8314)
    STARTTLS = "starttls"  # port 143: plain connection upgraded with STARTTLS before LOGIN
    NONE = "none"  # clear text: loopback servers only


DEFAULT_PORTS = {ImapSecurity.TLS: 993, ImapSecurity.STARTTLS: 143, ImapSecurity.NONE: 143}


@dataclass(frozen=True, slots=True)
class ImapConfig:
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    security: ImapSecurity = ImapSecurity.TLS
    mailbox: str = "INBOX"
    ca_file: Path | None = None
    done_mailbox: str | None = None  # MOVE processed notifications there (RFC 6851)
    timeout: float = 30.0
    batch_size: int = BATCH_SIZE


class ImapError(AdapterError):
    """The mailbox could not be read: connection, TLS, login, mailbox or server refusal. The
    message is French and names the server."""


@contextmanager
def open_bounce_mailbox(config: ImapConfig) -> Iterator[ImapBounceMailbox]:
    """Connect, log in and select ``config.mailbox``; log out at the end."""
    where = f"{config.host}:{config.port}"
    client = _connect(config, where)
    try:
        _login(client, config, where)
        mailbox = ImapBounceMailbox(client, config, where)
        yield mailbox
    finally:
        with suppress(imaplib.IMAP4.error, OSError):  # a connection already gone is fine
            client.logout()


class ImapBounceMailbox:
    """One selected mailbox of one IMAP session (UIDs are only valid within it)."""

    def __init__(self, client: imaplib.IMAP4, config: ImapConfig, where: str) -> None:
        self._client = client
        self._config = config
        self._where = where
        data: list[Any]
        try:
            typ, data = client.select(quote_mailbox(config.mailbox))
        except (imaplib.IMAP4.error, OSError) as error:
            typ, data = "NO", [_reason(error)]
        if typ != "OK":
            raise ImapError(
                f"serveur IMAP {where} : dossier « {config.mailbox} » inaccessible "
                f"({_text(data)}) ; vérifiez RECOUVRE_IMAP_MAILBOX"
            )
        permanent = _text(client.response("PERMANENTFLAGS")[1])
        self.uses_keyword = "\\*" in permanent or PROCESSED_KEYWORD in permanent
        self.uidvalidity = _text(client.response("UIDVALIDITY")[1]) or "0"
        self._capabilities = _capabilities(client)
        if config.done_mailbox and "MOVE" not in self._capabilities:
            raise ImapError(
                f"serveur IMAP {where} : pas de commande MOVE (RFC 6851) pour ranger les avis "
                f"dans « {config.done_mailbox} » ; retirez RECOUVRE_IMAP_DONE_MAILBOX"
            )

    # --- BounceMailbox ------------------------------------------------------------------------

    def batches(self) -> Iterator[list[MailboxMessage]]:
        uids = self.pending_uids()
        size = max(1, self._config.batch_size)
        for start in range(0, len(uids), size):
            yield self._fetch(uids[start : start + size])

    def mark_processed(self, messages: Sequence[MailboxMessage]) -> None:
        if not messages:
            return
        uid_set = ",".join(m.handle for m in messages)
        flags = f"(\\Seen {PROCESSED_KEYWORD})" if self.uses_keyword else "(\\Seen)"
        self._uid("marquage", "STORE", uid_set, "+FLAGS.SILENT", flags)
        target = self._config.done_mailbox
        if target:
            moved = f"déplacement vers « {target} »"
            answer = self._uid(moved, "MOVE", uid_set, quote_mailbox(target), check=False)
            if answer[0] != "OK" and "TRYCREATE" in _text(answer[1]).upper():
                self._create(target)
                answer = self._uid(moved, "MOVE", uid_set, quote_mailbox(target), check=False)
            self._check(answer, moved)

    # --- details ------------------------------------------------------------------------------

    def pending_uids(self) -> list[str]:
        """UIDs of the messages not yet processed that may be notifications, ascending."""
        unprocessed = ("UNKEYWORD", PROCESSED_KEYWORD) if self.uses_keyword else ("UNSEEN",)
        answer = self._uid("recherche", "SEARCH", *unprocessed, "HEADER", "Content-Type", "report")
        found = b" ".join(d for d in answer[1] if isinstance(d, bytes)).split()
        return [uid.decode() for uid in sorted(found, key=int)]

    def _fetch(self, uids: Sequence[str]) -> list[MailboxMessage]:
        answer = self._uid("lecture des messages", "FETCH", ",".join(uids), "(UID BODY.PEEK[])")
        raw_by_uid: dict[str, bytes] = {}
        for item in answer[1]:
            if isinstance(item, tuple) and len(item) == 2:
                found = _UID.search(item[0])
                if found is not None:
                    raw_by_uid[found.group(1).decode()] = item[1]
        return [
            self._message(uid, raw_by_uid[uid]) for uid in uids if uid in raw_by_uid
        ]  # a UID expunged meanwhile by another client is simply absent

    def _message(self, uid: str, raw: bytes) -> MailboxMessage:
        name = self.message_url(uid)
        return MailboxMessage(handle=uid, name=name, notices=bounce_notices(raw, name))

    def message_url(self, uid: str) -> str:
        """The message's IMAP URL (RFC 5092): where the evidence came from, for a person."""
        c = self._config
        return (
            f"imap://{c.username}@{c.host}:{c.port}/{c.mailbox}"
            f";UIDVALIDITY={self.uidvalidity}/;UID={uid}"
        )

    def _uid(self, what: str, *args: str, check: bool = True) -> tuple[str, list[Any]]:
        """``UID <command> ...``; a refusal (when ``check``) or a lost connection is an
        ``ImapError`` naming what was being done."""
        try:
            answer = self._client.uid(*args)
        except (imaplib.IMAP4.error, OSError) as error:
            raise ImapError(
                f"serveur IMAP {self._where} : {what} impossible ({_reason(error)})"
            ) from error
        if check:
            self._check(answer, what)
        return answer

    def _create(self, name: str) -> None:
        what = f"création du dossier « {name} »"
        try:
            answer = self._client.create(quote_mailbox(name))
        except (imaplib.IMAP4.error, OSError) as error:
            raise ImapError(f"serveur IMAP {self._where} : {what} impossible ({error})") from error
        self._check(answer, what)

    def _check(self, answer: tuple[str, list[Any]], what: str) -> None:
        if answer[0] != "OK":
            raise ImapError(f"serveur IMAP {self._where} : {what} refusé(e) ({_text(answer[1])})")


_UID = re.compile(rb"\bUID (\d+)")


def _connect(config: ImapConfig, where: str) -> imaplib.IMAP4:
    context = tls_context(config) if config.security is not ImapSecurity.NONE else None
    try:
        match config.security:
            case ImapSecurity.TLS:
                return imaplib.IMAP4_SSL(
                    config.host, config.port, ssl_context=context, timeout=config.timeout
                )
            case ImapSecurity.STARTTLS:
                client = imaplib.IMAP4(config.host, config.port, timeout=config.timeout)
                try:
                    client.starttls(ssl_context=context)
                except imaplib.IMAP4.error as error:
                    client.shutdown()
                    raise ImapError(
                        f"serveur IMAP {where} : STARTTLS impossible ({_reason(error)}) ; "
                        "essayez RECOUVRE_IMAP_SECURITY=tls"
                    ) from error
                except BaseException:
                    client.shutdown()
                    raise
                return client
            case ImapSecurity.NONE:
                return imaplib.IMAP4(config.host, config.port, timeout=config.timeout)
    except ssl.SSLCertVerificationError as error:
        raise ImapError(
            f"serveur IMAP {where} : certificat refusé ({error.verify_message}) ; pour une "
            "autorité privée, donnez son certificat dans RECOUVRE_IMAP_CA_FILE"
        ) from error
    except ssl.SSLError as error:
        raise ImapError(f"serveur IMAP {where} : échec de la négociation TLS ({error})") from error
    except imaplib.IMAP4.error as error:
        raise ImapError(f"serveur IMAP {where} : {_reason(error)}") from error
    except OSError as error:
        raise ImapError(
            f"connexion impossible au serveur IMAP {where} : {error.strerror or error}"
        ) from error


def tls_context(config: ImapConfig) -> ssl.SSLContext:
    """Verify the certificate and the host name, against ``ca_file`` when given."""
    try:
        return ssl.create_default_context(
            cafile=str(config.ca_file) if config.ca_file is not None else None
        )
    except (OSError, ssl.SSLError) as error:
        raise ImapError(
            f"RECOUVRE_IMAP_CA_FILE : certificat d'autorité « {config.ca_file} » illisible "
            f"({error})"
        ) from error


def _login(client: imaplib.IMAP4, config: ImapConfig, where: str) -> None:
    try:
        try:
            client.login(config.username, config.password)
        except UnicodeEncodeError:
            # LOGIN takes ASCII strings only; SASL PLAIN (RFC 4616) carries UTF-8.
            secret = f"\0{config.username}\0{config.password}".encode()
            client.authenticate("PLAIN", lambda _challenge: secret)
    except imaplib.IMAP4.error as error:
        raise ImapError(
            f"serveur IMAP {where} : connexion refusée pour l'utilisateur « {config.username} » "
            f"({_reason(error)}) ; vérifiez RECOUVRE_IMAP_USER et RECOUVRE_IMAP_PASSWORD"
        ) from error
    except OSError as error:
        raise ImapError(f"serveur IMAP {where} : connexion perdue ({error})") from error


def _capabilities(client: imaplib.IMAP4) -> frozenset[str]:
    """The capabilities after login (they may differ from the greeting's)."""
    typ, data = client.capability()
    text = _text(data) if typ == "OK" else ""
    return frozenset(text.upper().split())


def quote_mailbox(name: str) -> str:
    """A mailbox name as an IMAP quoted string, non-ASCII in modified UTF-7 (RFC 3501 5.1.3):
    ``Retours/Non remis`` -> ``"Retours/Non remis"``, ``Échecs`` -> ``"&AMk-checs"``."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).decode()
            out.append("&" + encoded.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    encoded = "".join(out)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reason(error: BaseException) -> str:
    text = str(error)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text.strip() or type(error).__name__


def _text(data: object) -> str:
    if isinstance(data, list | tuple):
        return " ".join(_text(d) for d in data if d is not None)
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return "" if data is None else str(data)
