"""``SentCopies`` on the data folder: the copies of what the outbox sent, as sent.

A letter is the PDF the print tray filed for its action (``courrier/<date>/<action>.pdf``,
``adapters.files.letter_tray``); the caller checks each copy against the digest the journal
holds, so that a file changed since sending is refused rather than produced.
"""

from __future__ import annotations

from pathlib import Path

LETTER_CHANNELS = frozenset({"letter", "registered_letter"})


class FolderSentCopies:
    def __init__(self, data_dir: Path) -> None:
        self.letters = data_dir / "courrier"

    def copy_of(self, action_id: int, channel: str) -> bytes | None:
        if channel in LETTER_CHANNELS:
            for path in sorted(self.letters.glob(f"*/{action_id:09d}.pdf")):
                return path.read_bytes()
        return None
