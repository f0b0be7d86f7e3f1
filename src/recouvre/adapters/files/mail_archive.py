"""The emails as sent, byte for byte: one RFC 5322 file per action, next to the letters.

Layout in the data folder (the letters' tray is ``courrier/``, ``adapters.files.letter_tray``)::

    courriels/2026-11-23/000000042.eml    the message of action 42, the exact bytes handed
                                          to the SMTP server (headers, body, attached PDF)

Why: the journal keeps the SHA-256 of the message (``action_sent``, ``content_sha256``); a
court is shown the message itself (C. civ. 1366: an electronic writing is evidence when its
integrity is kept), and the digest proves it is the one sent. Written to a temporary name and
renamed: a crash leaves the whole message or nothing. A file is never overwritten by other
bytes: the evidence stays as first written.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

from recouvre.adapters.errors import AdapterError
from recouvre.services.outbox.model import OutboxAction

FOLDER = "courriels"


class ArchiveConflict(AdapterError):
    """An archived message already holds other bytes for this action: never overwritten."""


class FolderMailArchive:
    """``services.outbox.archive.MailArchive`` in the data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.root = data_dir / FOLDER

    def keep(self, on: date, action: OutboxAction, data: bytes) -> str:
        """Store ``data`` as the message of ``action`` sent on ``on``; the path relative to the
        data folder (what the journal entry names)."""
        folder = self.root / on.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{action.id:09d}.eml"
        if path.exists():
            if path.read_bytes() != data:
                raise ArchiveConflict(
                    f"courriel archivé {path} : contenu différent déjà présent, non remplacé"
                )
        else:
            temporary = path.with_suffix(".eml.tmp")
            with open(temporary, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        return path.relative_to(self.data_dir).as_posix()

    def find(self, action_id: int) -> Path | None:
        """The archived message of an action, on any day."""
        found = sorted(self.root.glob(f"*/{action_id:09d}.eml")) if self.root.exists() else []
        return found[-1] if found else None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
