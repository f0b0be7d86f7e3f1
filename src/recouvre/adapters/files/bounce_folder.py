"""A folder of delivery status notifications (``*.eml``) as ``services.outbox.bounces`` notices.

The parsing is the mail adapter's (``adapters.mail.bounces.parse_dsn``); this adds the file's
SHA-256, so that importing the same notification twice records it once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from recouvre.adapters.mail.bounces import parse_dsn
from recouvre.services.outbox.bounces import BounceNotice


def read_bounce_folder(folder: Path) -> tuple[list[BounceNotice], list[str]]:
    """The notices of every ``*.eml`` file (sorted by name), and the files that are not DSNs."""
    notices: list[BounceNotice] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("*.eml")):
        raw = path.read_bytes()
        found = parse_dsn(raw, path)
        if not found:
            skipped.append(path.name)
            continue
        digest = hashlib.sha256(raw).hexdigest()
        notices += [
            BounceNotice(
                file_name=path.name,
                file_sha256=digest,
                address=b.recipient,
                permanent=b.permanent,
                status=b.status,
                diagnostic=b.diagnostic,
                message_id=b.original_message_id,
            )
            for b in found
        ]
    return notices, skipped
