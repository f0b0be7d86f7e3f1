"""The API tokens' store (``services.api_tokens.ports.TokenStore``) on the engine: each call is
its own short transaction. Instants are the journal's UTC text, as for the web accounts.
A token's last use is written at most once a minute (every request reads it; few need write)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

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


class SqlApiTokenStore:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def user(self, login: str) -> User | None:
        with self.engine.connect() as connection:
            found = SqlAccountStore(connection).user(login)
        return None if found is None else found.user

    def add(self, user_id: int, name: str, token_sha256: str, at: datetime) -> ApiToken:
        with self.engine.begin() as connection:
            inserted = connection.execute(
                api_tokens.insert().values(
                    token_sha256=token_sha256,
                    user_id=user_id,
                    name=name,
                    created_at=format_timestamp(at),
                )
            ).inserted_primary_key
            assert inserted is not None
            token_id = inserted[0]
            row = connection.execute(_LISTED.where(api_tokens.c.id == token_id)).one()
        return _token(row)

    def tokens(self) -> list[ApiToken]:
        with self.engine.connect() as connection:
            rows = connection.execute(_LISTED.order_by(api_tokens.c.id))
            return [_token(row) for row in rows]

    def revoke(self, token_id: int, at: datetime) -> bool:
        with self.engine.begin() as connection:
            done = connection.execute(
                api_tokens.update()
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=format_timestamp(at))
            )
        return bool(done.rowcount)

    def holder(self, token_sha256: str, at: datetime) -> TokenHolder | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(api_tokens).where(
                    api_tokens.c.token_sha256 == token_sha256, api_tokens.c.revoked_at.is_(None)
                )
            ).first()
            user = None if row is None else SqlAccountStore(connection).user_by_id(row.user_id)
        if row is None or user is None or user.disabled:
            return None
        stamp = format_timestamp(at)
        if (row.last_used_at or "")[:16] != stamp[:16]:
            with self.engine.begin() as connection:
                connection.execute(
                    api_tokens.update().where(api_tokens.c.id == row.id).values(last_used_at=stamp)
                )
        return TokenHolder(row.id, user)

    def claim(self, user_id: int, key: str, request_sha256: str, at: datetime) -> KeptAnswer | None:
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    api_idempotency.insert().values(
                        user_id=user_id,
                        key=key,
                        request_sha256=request_sha256,
                        status=0,
                        body="",
                        created_at=format_timestamp(at),
                    )
                )
        except sa.exc.IntegrityError:
            with self.engine.connect() as connection:
                row = connection.execute(
                    sa.select(api_idempotency).where(
                        api_idempotency.c.user_id == user_id, api_idempotency.c.key == key
                    )
                ).one()
            return KeptAnswer(row.request_sha256, row.status, row.body)
        return None

    def settle(self, user_id: int, key: str, status: int, body: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                api_idempotency.update()
                .where(api_idempotency.c.user_id == user_id, api_idempotency.c.key == key)
                .values(status=status, body=body)
            )

    def release(self, user_id: int, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                api_idempotency.delete().where(
                    api_idempotency.c.user_id == user_id, api_idempotency.c.key == key
                )
            )
