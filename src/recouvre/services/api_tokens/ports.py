"""What the API tokens use cases need: a store (``adapters.db.stores.api_tokens``) and the
clock."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from recouvre.services.api_tokens.model import ApiToken, KeptAnswer, TokenHolder
from recouvre.services.web_accounts.model import User


class TokenStore(Protocol):
    def user(self, login: str) -> User | None: ...

    def add(self, user_id: int, name: str, token_sha256: str, at: datetime) -> ApiToken: ...

    def tokens(self) -> list[ApiToken]: ...

    def revoke(self, token_id: int, at: datetime) -> bool:
        """False when no token has that id or it was already revoked."""
        ...

    def holder(self, token_sha256: str, at: datetime) -> TokenHolder | None:
        """The live token's user (not revoked, user not disabled), its use recorded at
        ``at``; else ``None``."""
        ...

    def claim(self, user_id: int, key: str, request_sha256: str, at: datetime) -> KeptAnswer | None:
        """Reserve ``key`` for the request of that digest (an answer of status 0: under way);
        ``None`` when reserved now, else what the key already holds (under way or answered)."""
        ...

    def settle(self, user_id: int, key: str, status: int, body: str) -> None: ...

    def release(self, user_id: int, key: str) -> None:
        """Free a key whose request failed (5xx): a retry may run it again."""
        ...
