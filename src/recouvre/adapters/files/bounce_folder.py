"""A folder of delivery status notifications (``*.eml``) as ``services.outbox.bounces`` notices.

The parsing is the mail adapter's (``adapters.mail.bounces.bounce_notices``); each notice carries
the file's SHA-256, so that importing the same notification twice records it once.
"""

from __future__ import annotations

from pathlib import Path

from recouvre.adapters.mail.bounces import bounce_notices
from recouvre.services.outbox.bounces import BounceNotice


def read_bounce_folder(folder: Path) -> tuple[list[BounceNotice], list[str]]:
    """The notices of every ``*.eml`` file (sorted by name), and the files that are not DSNs."""
    notices: list[BounceNotice] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("*.eml")):
        found = bounce_notices(path.read_bytes(), path.name)
        if found:
            notices += found
        else:
            skipped.append(path.name)
    return notices, skipped
