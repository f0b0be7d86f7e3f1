"""Creating, listing, revoking and checking the REST API's machine tokens (``recouvre token``),
and keeping the answers of POSTs sent with an ``Idempotency-Key``.

A token is ``rcv_`` followed by 43 URL-safe characters (256 random bits, ``secrets``); the
store keeps its SHA-256 only. A revoked token, or the token of a disabled user, opens nothing.
A token's last use is written at most once a minute: every request reads it, few need write.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from recouvre.services.api_tokens.model import ApiToken, KeptAnswer, NewToken, TokenHolder
from recouvre.services.api_tokens.ports import ApiTokensUnitOfWorkFactory
from recouvre.services.errors import ApiTokenError
from recouvre.services.ports import Clock

PREFIX = "rcv_"
MAX_NAME = 100
TOUCH_EVERY = timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class ApiTokens:
    uow: ApiTokensUnitOfWorkFactory  # writing
    read: ApiTokensUnitOfWorkFactory  # read-only: a request's check takes no writer lock
    clock: Clock

    def create(self, login: str, name: str) -> NewToken:
        name = name.strip()
        if not name or len(name) > MAX_NAME:
            raise ApiTokenError(f"nom de jeton vide ou trop long ({MAX_NAME} caractères au plus)")
        secret = PREFIX + secrets.token_urlsafe(32)
        with self.uow() as uow:
            user = uow.api_tokens.user(login)
            if user is None:
                raise ApiTokenError(f"aucun compte « {login} »")
            if user.disabled:
                raise ApiTokenError(f"le compte « {login} » est désactivé")
            token = uow.api_tokens.add(user.id, name, digest(secret), self.clock.now())
            uow.commit()
        return NewToken(token, secret)

    def listing(self) -> list[ApiToken]:
        with self.read() as uow:
            return uow.api_tokens.tokens()

    def revoke(self, token_id: int) -> None:
        with self.uow() as uow:
            if not uow.api_tokens.revoke(token_id, self.clock.now()):
                raise ApiTokenError(f"aucun jeton actif n° {token_id}")
            uow.commit()

    def holder(self, secret: str | None) -> TokenHolder | None:
        if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
            return None
        with self.read() as uow:
            found = uow.api_tokens.holder(digest(secret))
        now = self.clock.now()
        if found is not None and (
            found.last_used_at is None or now - found.last_used_at >= TOUCH_EVERY
        ):
            with self.uow() as uow:
                uow.api_tokens.touch(found.token_id, now)
                uow.commit()
        return found

    def claim(self, user_id: int, key: str, request_sha256: str) -> KeptAnswer | None:
        """``None`` when ``key`` is now reserved for this request; else what it holds."""
        with self.uow() as uow:
            if uow.api_tokens.reserve(user_id, key, request_sha256, self.clock.now()):
                uow.commit()
                return None
            return uow.api_tokens.kept(user_id, key)

    def settle(self, user_id: int, key: str, status: int, body: str) -> None:
        with self.uow() as uow:
            uow.api_tokens.settle(user_id, key, status, body)
            uow.commit()

    def release(self, user_id: int, key: str) -> None:
        with self.uow() as uow:
            uow.api_tokens.release(user_id, key)
            uow.commit()
