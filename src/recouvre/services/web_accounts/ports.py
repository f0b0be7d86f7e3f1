"""What the accounts use cases need from the outside: a store on a unit of work (the tables of
``adapters.db.tables.web``), a password hasher (``adapters.passwords``) and the clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from recouvre.services.web_accounts.model import (
    LoginAttempt,
    Role,
    SessionRecord,
    StoredUser,
    User,
)


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` is the one hashed; False otherwise (never raises for it)."""
        ...

    def needs_rehash(self, password_hash: str) -> bool: ...


class AccountStore(Protocol):
    def add_user(
        self,
        login: str,
        name: str,
        role: Role,
        password_hash: str,
        creditor_sirens: Sequence[str],
        at: datetime,
    ) -> User: ...

    def user(self, login: str) -> StoredUser | None: ...

    def user_by_id(self, user_id: int) -> User | None: ...

    def users(self) -> list[User]: ...

    def known_creditors(self, sirens: Sequence[str]) -> set[str]:
        """Those of ``sirens`` a creditor carries."""
        ...

    def set_disabled(self, user_id: int, disabled: bool) -> None: ...

    def set_password(self, user_id: int, password_hash: str, at: datetime) -> None: ...

    def add_session(self, session: SessionRecord) -> None: ...

    def session(self, token_sha256: str) -> SessionRecord | None: ...

    def touch_session(self, token_sha256: str, at: datetime) -> None: ...

    def delete_session(self, token_sha256: str) -> None: ...

    def delete_user_sessions(self, user_id: int) -> None: ...

    def record_attempt(self, attempt: LoginAttempt) -> None: ...

    def failures_since(self, since: datetime, *, login: str | None, address: str | None) -> int:
        """Failed (and throttled) attempts since ``since`` for that login or that address."""
        ...

    def attempts(self, limit: int) -> list[LoginAttempt]:
        """The latest attempts, newest first (``recouvre user log``)."""
        ...


class AccountsUnitOfWork(Protocol):
    @property
    def web_accounts(self) -> AccountStore: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...


AccountsUnitOfWorkFactory = Callable[[], AccountsUnitOfWork]
