"""The debtor portal's links: a token signed with the portal key (itsdangerous, HMAC-SHA256),
holding the case reference and the day the link was issued (the letter's date, so that a letter
renders the same on every run). It opens that one case only, until ``days`` after that day; a
changed character, another key or an expired date reads as nothing (the page answers 404, like
a case that does not exist). Changing the key (``RECOUVRE_PORTAL_SECRET`` or ``portal.key``)
revokes every link at once.

The key file is created once with 256 random bits, mode 0600 (only the owner of the data folder
reads it): a copy of the database alone opens no portal."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import date
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

_SALT = "recouvre-portal"


class PortalTokens:
    def __init__(self, key: bytes, days: int) -> None:
        self.days = days
        self._serializer = URLSafeSerializer(
            key, salt=_SALT, signer_kwargs={"digest_method": hashlib.sha256}
        )
        self._csrf = URLSafeSerializer(
            key, salt=_SALT + "-form", signer_kwargs={"digest_method": hashlib.sha256}
        )

    def issue(self, reference: str, on: date) -> str:
        return str(self._serializer.dumps([reference, on.toordinal()]))

    def read(self, token: str, today: date) -> str | None:
        """The case reference ``token`` opens on ``today``, or ``None``."""
        try:
            reference, issued = self._serializer.loads(token[:300])
        except (BadSignature, ValueError, TypeError):
            return None
        if not isinstance(reference, str) or not isinstance(issued, int):
            return None
        if not 0 <= today.toordinal() - issued <= self.days:
            return None
        return reference

    def form_token(self, token: str, nonce: str) -> str:
        """The forms' CSRF field: the browser's cookie nonce bound to this link."""
        return str(self._csrf.dumps([token, nonce]))

    def form_valid(self, given: str, token: str, nonce: str) -> bool:
        try:
            return bool(self._csrf.loads(given[:600]) == [token, nonce])
        except (BadSignature, ValueError, TypeError):
            return False


def portal_key(configured: str, key_file: Path) -> bytes:
    """The configured secret, else the key file's, created on first use."""
    if configured:
        return configured.encode()
    try:
        return key_file.read_bytes().strip()
    except FileNotFoundError:
        pass
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return key_file.read_bytes().strip()
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def store_attachment(folder: Path, reference: str, data: bytes, suffix: str) -> Path:
    """A debtor's attachment kept under ``portal/<case>/`` of the data folder, named by its
    SHA-256 (the journal quotes it, so the file proves itself)."""
    digest = hashlib.sha256(data).hexdigest()
    target = folder / "portal" / reference / f"{digest}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        partial = target.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(target)
    return target
