"""Delivery status notifications (RFC 3464) dropped in a folder: which addresses bounced.

A DSN is a ``multipart/report; report-type=delivery-status`` message whose
``message/delivery-status`` part holds one block of per-message fields, then one block per
recipient with ``Final-Recipient``, ``Action`` (failed, delayed, delivered, relayed, expanded)
and ``Status`` (RFC 3463: 5.x.x permanent, 4.x.x transient). Only ``Action: failed`` with a
5.x.x status makes an address unreachable; a delay is not a bounce. The original Message-ID
(from the returned headers) ties the bounce back to the outbox action that sent it.

Files that are not DSNs are reported as skipped, never deleted: the caller decides what to move.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path

from recouvre.services.outbox.bounces import BounceNotice


@dataclass(frozen=True, slots=True)
class Bounce:
    recipient: str
    status: str  # "5.1.1"
    action: str  # "failed"
    diagnostic: str
    original_message_id: str | None
    source: Path

    @property
    def permanent(self) -> bool:
        return self.action == "failed" and self.status.startswith("5")


def bounce_notices(raw: bytes, name: str) -> tuple[BounceNotice, ...]:
    """The outbox's notices for the message ``raw`` found at ``name`` (a file name or an IMAP
    URL), with the message's SHA-256 so that the same notification is recorded once; empty when
    it is not a DSN."""
    digest = hashlib.sha256(raw).hexdigest()
    return tuple(
        BounceNotice(
            file_name=name,
            file_sha256=digest,
            address=b.recipient,
            permanent=b.permanent,
            status=b.status,
            diagnostic=b.diagnostic,
            message_id=b.original_message_id,
        )
        for b in parse_dsn(raw, Path(name))
    )


def parse_dsn(raw: bytes, source: Path) -> list[Bounce]:
    """The per-recipient results of one DSN; empty when ``raw`` is not a DSN."""
    msg = message_from_bytes(raw, policy=policy.default)
    if msg.get_content_type() != "multipart/report":
        return []
    if msg.get_param("report-type", header="content-type") != "delivery-status":
        return []
    status_part = next(
        (p for p in msg.walk() if p.get_content_type() == "message/delivery-status"), None
    )
    if status_part is None:
        return []
    original = _original_message_id(msg)
    out: list[Bounce] = []
    for block in _status_blocks(status_part)[1:]:
        recipient = _address_field(block.get("Final-Recipient") or block.get("Original-Recipient"))
        if not recipient:
            continue
        out.append(
            Bounce(
                recipient=recipient,
                status=str(block.get("Status", "")).strip(),
                action=str(block.get("Action", "")).strip().lower(),
                diagnostic=" ".join(str(block.get("Diagnostic-Code", "")).split()),
                original_message_id=original,
                source=source,
            )
        )
    return out


def _status_blocks(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status part (the email package parses each
    block as a sub-message; some producers leave it as text, which we parse ourselves)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    text = payload if isinstance(payload, str) else ""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return [message_from_bytes(b.encode() + b"\n", policy=policy.default) for b in blocks]


def _address_field(value: object) -> str:
    """``rfc822; user@example.org`` -> ``user@example.org``."""
    text = str(value or "").strip()
    _, _, address = text.partition(";")
    return (address or text).strip().strip("<>")


def _original_message_id(msg: Message) -> str | None:
    for part in msg.walk():
        match part.get_content_type():
            case "message/rfc822":
                inner = part.get_payload()
                if isinstance(inner, list) and inner and isinstance(inner[0], Message):
                    mid = inner[0].get("Message-ID")
                    if mid:
                        return str(mid).strip()
            case "text/rfc822-headers":
                assert isinstance(part, EmailMessage)
                content = part.get_content()
                headers = content if isinstance(content, str) else content.decode(errors="replace")
                mid = message_from_bytes(headers.encode(), policy=policy.default).get("Message-ID")
                if mid:
                    return str(mid).strip()
    return None
