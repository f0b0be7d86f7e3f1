"""A machine token of the REST API and a kept answer, as plain frozen records.

A token acts as one web user (``services.web_accounts``): its role and its creditor scope. Its
secret is 256 random bits shown once; only its SHA-256 is kept (a random secret of that length
needs no slow hash: there is nothing to guess), so that a copy of the database opens nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from recouvre.services.web_accounts.model import User


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_login: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def as_json(self) -> dict[str, object]:
        def iso(at: datetime | None) -> str | None:
            return None if at is None else at.isoformat()

        return {
            "id": self.id,
            "user": self.user_login,
            "name": self.name,
            "created_at": iso(self.created_at),
            "last_used_at": iso(self.last_used_at),
            "revoked_at": iso(self.revoked_at),
        }


@dataclass(frozen=True, slots=True)
class NewToken:
    """A token just created, with its secret: the only time the secret exists outside the
    caller's hands."""

    token: ApiToken
    secret: str


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """The answer given to a POST under an ``Idempotency-Key``; ``status`` 0 while the first
    request carrying the key is still under way."""

    request_sha256: str
    status: int
    body: str


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """Who a request's token acts as."""

    token_id: int
    user: User
    last_used_at: datetime | None = None
