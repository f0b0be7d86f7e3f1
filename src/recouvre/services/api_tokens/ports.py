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

    def kept(self, user_id: int, key: str) -> KeptAnswer | None: ...

    def keep(self, user_id: int, key: str, answer: KeptAnswer, at: datetime) -> None:
        """Keep ``answer``; a key kept meanwhile by a concurrent request is left as it is."""
        ...
