"""Creating, listing, revoking and checking the REST API's machine tokens (``recouvre token``),
and keeping the answers of POSTs sent with an ``Idempotency-Key``.

A token is ``rcv_`` followed by 43 URL-safe characters (256 random bits, ``secrets``); the
store keeps its SHA-256 only. A revoked token, or the token of a disabled user, opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets

from recouvre.services.api_tokens.model import ApiToken, KeptAnswer, NewToken, TokenHolder
from recouvre.services.api_tokens.ports import TokenStore
from recouvre.services.errors import ApiTokenError
from recouvre.services.ports import Clock

PREFIX = "rcv_"
MAX_NAME = 100


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokens:
    def __init__(self, store: TokenStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def create(self, login: str, name: str) -> NewToken:
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise ApiTokenError(f"nom de jeton vide ou trop long ({MAX_NAME} caractères au plus)")
        user = self.store.user(login)
        if user is None:
            raise ApiTokenError(f"aucun compte « {login} »")
        if user.disabled:
            raise ApiTokenError(f"le compte « {login} » est désactivé")
        secret = PREFIX + secrets.token_urlsafe(32)
        token = self.store.add(user.id, name, digest(secret), self.clock.now())
        return NewToken(token, secret)

    def listing(self) -> list[ApiToken]:
        return self.store.tokens()

    def revoke(self, token_id: int) -> None:
        if not self.store.revoke(token_id, self.clock.now()):
            raise ApiTokenError(f"aucun jeton actif n° {token_id}")

    def holder(self, secret: str | None) -> TokenHolder | None:
        if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        return self.store.holder(digest(secret), self.clock.now())

    def claim(self, user_id: int, key: str, request_sha256: str) -> KeptAnswer | None:
        return self.store.claim(user_id, key, request_sha256, self.clock.now())

    def settle(self, user_id: int, key: str, status: int, body: str) -> None:
        self.store.settle(user_id, key, status, body)

    def release(self, user_id: int, key: str) -> None:
        self.store.release(user_id, key)
