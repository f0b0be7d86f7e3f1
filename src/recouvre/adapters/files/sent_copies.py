"""``SentCopies`` on the data folder: the copies of what the outbox sent, as sent.

A letter is the PDF the print tray filed for its action (``courrier/<date>/<action>.pdf``,
``adapters.files.letter_tray``), an email the RFC 5322 message archived when it was handed to
the SMTP server (``courriels/<date>/<action>-<digest>.eml``, ``adapters.files.mail_archive``);
the caller checks each copy against the digest the journal holds, so that a file changed since
sending is refused rather than produced. The scans of signed acknowledgements are kept in
``preuves/<tracking number>-<sha256>.pdf``: the name holds the digest, so a scan changed
afterwards is not taken for the one journaled.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.files.atomic import write_atomic

LETTER_CHANNELS = frozenset({"letter", "registered_letter"})


class ProofFileError(AdapterError):
    """A proof cannot be written to the data folder."""


class FolderSentCopies:
    def __init__(self, data_dir: Path) -> None:
        self.letters = data_dir / "courrier"
        self.emails = data_dir / "courriels"  # adapters.files.mail_archive
        self.proofs = data_dir / "preuves"

    def store_acknowledgement(self, tracking_number: str, sha256: str, content: bytes) -> str:
        target = self.proofs / f"{tracking_number}-{sha256}.pdf"
        if target.is_file():
            return target.name
        try:
            write_atomic(target, content)
        except OSError as error:
            raise ProofFileError(f"{target} : écriture impossible ({error.strerror})") from None
        return target.name

    def acknowledgement_of(self, tracking_number: str) -> tuple[bytes, str] | None:
        """The latest scan kept for the letter whose content still matches its name."""
        found = None
        for path in sorted(self.proofs.glob(f"{tracking_number}-*.pdf"), key=_mtime):
            content = path.read_bytes()
            digest = hashlib.sha256(content).hexdigest()
            if path.stem.endswith(digest):
                found = (content, digest)
        return found

    def copy_of(self, action_id: int, channel: str) -> bytes | None:
        if channel in LETTER_CHANNELS:
            for path in sorted(self.letters.glob(f"*/{action_id:09d}.pdf")):
                return path.read_bytes()
        if channel == "email":
            # Several messages when one was resent after a quarantine: the last one kept.
            found = sorted(self.emails.glob(f"*/{action_id:09d}-*.eml"), key=_mtime)
            return found[-1].read_bytes() if found else None
        return None


def _mtime(path: Path) -> float:
    return path.stat().st_mtime
