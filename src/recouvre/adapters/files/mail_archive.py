"""The emails as sent, byte for byte: one RFC 5322 file per action, next to the letters.

Layout in the data folder (the letters' tray is ``courrier/``, ``adapters.files.letter_tray``)::

    courriels/2026-11-23/000000042-3f2a9c1e5b7d0a44.eml
        the message of action 42, the exact bytes handed to the SMTP server (headers, body,
        attached PDF); the name ends with the start of its SHA-256, so that an action resent
        after a person resolved its quarantine (``outbox resolve --resend``: a new Date header,
        other bytes) keeps both messages, each under its own name

Why: the journal keeps the SHA-256 of the message (``action_sent``, ``content_sha256``); a
court is shown the message itself (C. civ. 1366: an electronic writing is evidence when its
integrity is kept), and the digest proves it is the one sent. Written to a temporary name and
renamed: a crash leaves the whole message or nothing. A file is never overwritten: the
evidence stays as first written.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from recouvre.adapters.files.atomic import write_atomic
from recouvre.services.outbox.model import OutboxAction

FOLDER = "courriels"


class FolderMailArchive:
    """``services.outbox.dispatch.MailArchive`` in the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.root = data_dir / FOLDER

    def keep(self, on: date, action: OutboxAction, data: bytes) -> str:
        """Store ``data`` as the message of ``action`` sent on ``on``; the path relative to the
        data folder (what the journal entry names)."""
        folder = self.root / on.isoformat()
        path = folder / f"{action.id:09d}-{hashlib.sha256(data).hexdigest()[:16]}.eml"
        if not path.exists():  # the same bytes again (same name): already kept
            write_atomic(path, data)
        return path.relative_to(self.data_dir).as_posix()

    def find(self, action: OutboxAction) -> Path | None:
        """The archived message of an action, on any day: the one its recorded digest names,
        else the latest kept (whose digest then differs: shown as altered)."""
        pattern = f"*/{action.id:09d}-*.eml"
        found = sorted(self.root.glob(pattern)) if self.root.exists() else []
        digest = action.content_sha256 or ""
        named = [p for p in found if digest and p.stem.endswith(digest[:16])]
        chosen = named or found
        return chosen[-1] if chosen else None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
