"""What the API tokens use cases need: a store on a unit of work
(``adapters.db.stores.api_tokens``) and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from recouvre.services.api_tokens.model import ApiToken, KeptAnswer, TokenHolder
from recouvre.services.web_accounts.model import User


class TokenStore(Protocol):
    def user(self, login: str) -> User | None: ...

    def add(self, user_id: int, name: str, token_sha256: str, at: datetime) -> ApiToken: ...

    def tokens(self) -> list[ApiToken]: ...

    def revoke(self, token_id: int, at: datetime) -> bool:
        """False when no token has that id or it was already revoked."""
        ...

    def holder(self, token_sha256: str) -> TokenHolder | None:
        """The live token's user (not revoked, user not disabled); else ``None``."""
        ...

    def touch(self, token_id: int, at: datetime) -> None: ...

    def reserve(self, user_id: int, key: str, request_sha256: str, at: datetime) -> bool:
        """Reserve ``key`` for the request of that digest (an answer of status 0: under way);
        False when the key is already held (under way or answered)."""
        ...

    def kept(self, user_id: int, key: str) -> KeptAnswer | None: ...

    def settle(self, user_id: int, key: str, status: int, body: str) -> None: ...

    def release(self, user_id: int, key: str) -> None:
        """Free a key whose request failed (5xx): a retry may run it again."""
        ...


class ApiTokensUnitOfWork(Protocol):
    @property
    def api_tokens(self) -> TokenStore: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


ApiTokensUnitOfWorkFactory = Callable[[], ApiTokensUnitOfWork]
