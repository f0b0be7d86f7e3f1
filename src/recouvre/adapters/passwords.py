"""Password hashes of the web accounts: argon2id (RFC 9106), through argon2-cffi.

The parameters are OWASP's argon2id profile (m = 19 MiB, t = 2, p = 1): 95 to 250 ms a hash
on this shared 2-core machine under load, slow for an attacker holding a copy of the table,
quick enough for a person signing in; argon2-cffi's defaults (64 MiB, t = 3, p = 4) took 0.3 to
0.9 s here, which a sign-in rate limit does not need and a busy agency would feel. The hash is
a PHC string carrying its own parameters, so that raising them later re-hashes each password
at its next sign-in (``needs_rehash``).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    """``services.web_accounts.ports.PasswordHasher``."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
