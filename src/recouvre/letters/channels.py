"""The three narrow ports documents leave through, and the values they exchange.

One method each: ``LetterRenderer.render``, ``Mailer.send``, ``SmsGateway.send``.
The outbox (services) calls them with an idempotency key built from (case, step, attempt); the
key travels with the message (the email's Message-ID, the SMS provider's ``Idempotency-Key``)
so that an attempt whose outcome is unknown after a crash can be looked up instead of resent.

The values live here, in the pure letters package, so that services and adapters share them
without services importing adapters; ``services.ports`` re-exports the protocols.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Protocol

from recouvre.letters.document import Document
from recouvre.letters.sms import SmsEncoding


class WindowSide(enum.StrEnum):
    """Where the DL envelope's window is: the address block follows it (per creditor)."""

    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Appearance:
    """How a creditor's letters look: from the creditor's settings, never from the letter.

    ``template`` names a .typ file (without extension) looked up first in the user's templates
    folder, then among the shipped ones. Paths are absolute; colours are ``#rrggbb``."""

    window: WindowSide = WindowSide.RIGHT
    colour: str = "#16488c"
    logo_path: str | None = None
    signature_path: str | None = None
    template: str = "letter"


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    """An email ready to send. ``idempotency_key`` becomes the Message-ID."""

    idempotency_key: str
    sender: str  # "Name <address>"
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class SentEmail:
    """What the journal records: the Message-ID and the SHA-256 of the bytes sent; ``data``
    are those bytes (the RFC 5322 message as handed to the server), archived as evidence."""

    message_id: str
    sha256: str
    size: int
    refused: tuple[str, ...] = ()
    data: bytes = field(default=b"", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class OutgoingSms:
    idempotency_key: str
    to: str  # E.164, "+33612345678"
    text: str
    sender_id: str = ""


@dataclass(frozen=True, slots=True)
class SmsReceipt:
    provider_id: str
    segments: int
    encoding: SmsEncoding


class LetterRenderer(Protocol):
    def render(self, document: Document, appearance: Appearance) -> bytes:
        """The PDF of ``document``, laid out with ``appearance``; deterministic bytes."""
        ...


class Mailer(Protocol):
    def send(self, message: OutgoingEmail) -> SentEmail:
        """Send once; raise ``ChannelError`` subclasses on failure."""
        ...


class SmsGateway(Protocol):
    def send(self, message: OutgoingSms) -> SmsReceipt:
        """Send once; raise ``ChannelError`` subclasses on failure."""
        ...


class ChannelError(Exception):
    """A channel refused or failed a send.

    ChannelError
    ├── PermanentFailure    the message will never go through as it is (bad address,
    │                       authentication refused, provider rejected): mark failed
    └── TransientFailure    may succeed later (connection lost, 4xx): retry with the
                            same idempotency key; unknown outcome -> quarantine
    """


class PermanentFailure(ChannelError):
    pass


class TransientFailure(ChannelError):
    pass
