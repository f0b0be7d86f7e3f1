"""The API tokens' store (``services.api_tokens.ports.TokenStore``) on a unit of work's
connection: tokens by the SHA-256 of their secret, and the answers kept for
``Idempotency-Key``. Instants are the journal's UTC text, as for the web accounts. A key is
reserved with ``INSERT … ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL alike), so that of
two requests racing on one key exactly one reserves it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from recouvre.adapters.db.stores.web_accounts import SqlAccountStore, _instant
from recouvre.adapters.db.tables.api import api_idempotency, api_tokens
from recouvre.adapters.db.tables.web import web_users
from recouvre.domain.journal import format_timestamp
from recouvre.services.api_tokens.model import ApiToken, KeptAnswer, TokenHolder
from recouvre.services.web_accounts.model import User


def _maybe(text: str | None) -> datetime | None:
    return None if text is None else _instant(text)


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=row.id,
        user_login=row.login,
        name=row.name,
        created_at=_instant(row.created_at),
        last_used_at=_maybe(row.last_used_at),
        revoked_at=_maybe(row.revoked_at),
    )


_LISTED = sa.select(api_tokens, web_users.c.login).select_from(
    api_tokens.join(web_users, web_users.c.id == api_tokens.c.user_id)
)


def _key(user_id: int, key: str) -> Any:
    return sa.and_(api_idempotency.c.user_id == user_id, api_idempotency.c.key == key)


class SqlApiTokenStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def user(self, login: str) -> User | None:
        found = SqlAccountStore(self.connection).user(login)
        return None if found is None else found.user

    def add(self, user_id: int, name: str, token_sha256: str, at: datetime) -> ApiToken:
        inserted = self.connection.execute(
            api_tokens.insert().values(
                token_sha256=token_sha256, user_id=user_id, name=name,
                created_at=format_timestamp(at),
            )
        ).inserted_primary_key  # fmt: skip
        assert inserted is not None
        return _token(self.connection.execute(_LISTED.where(api_tokens.c.id == inserted[0])).one())

    def tokens(self) -> list[ApiToken]:
        return [_token(row) for row in self.connection.execute(_LISTED.order_by(api_tokens.c.id))]

    def revoke(self, token_id: int, at: datetime) -> bool:
        done = self.connection.execute(
            api_tokens.update()
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=format_timestamp(at))
        )
        return bool(done.rowcount)

    def holder(self, token_sha256: str) -> TokenHolder | None:
        row = self.connection.execute(
            sa.select(api_tokens).where(
                api_tokens.c.token_sha256 == token_sha256, api_tokens.c.revoked_at.is_(None)
            )
        ).first()
        if row is None:
            return None
        user = SqlAccountStore(self.connection).user_by_id(row.user_id)
        if user is None or user.disabled:
            return None
        return TokenHolder(row.id, user, _maybe(row.last_used_at))

    def touch(self, token_id: int, at: datetime) -> None:
        self.connection.execute(
            api_tokens.update()
            .where(api_tokens.c.id == token_id)
            .values(last_used_at=format_timestamp(at))
        )

    def reserve(self, user_id: int, key: str, request_sha256: str, at: datetime) -> bool:
        dialect = postgresql if self.connection.dialect.name == "postgresql" else sqlite
        done = self.connection.execute(
            dialect.insert(api_idempotency)
            .values(
                user_id=user_id, key=key, request_sha256=request_sha256, status=0, body="",
                created_at=format_timestamp(at),
            )
            .on_conflict_do_nothing(index_elements=["user_id", "key"])
            .returning(api_idempotency.c.key)
        )  # fmt: skip
        return done.first() is not None  # (rowcount says 1 on PostgreSQL even on a conflict)

    def kept(self, user_id: int, key: str) -> KeptAnswer | None:
        row = self.connection.execute(sa.select(api_idempotency).where(_key(user_id, key))).first()
        return None if row is None else KeptAnswer(row.request_sha256, row.status, row.body)

    def settle(self, user_id: int, key: str, status: int, body: str) -> None:
        self.connection.execute(
            api_idempotency.update().where(_key(user_id, key)).values(status=status, body=body)
        )

    def release(self, user_id: int, key: str) -> None:
        self.connection.execute(api_idempotency.delete().where(_key(user_id, key)))
