"""The web accounts' store (``services.web_accounts.ports.AccountStore``) on a unit of work's
connection: users and their creditors, sessions, sign-in attempts. Instants are stored as the
journal's UTC text (``domain.journal.format_timestamp``), which sorts as time does."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.tables import creditors
from recouvre.adapters.db.tables.web import (
    web_login_attempts,
    web_sessions,
    web_user_creditors,
    web_users,
)
from recouvre.domain.journal import format_timestamp
from recouvre.services.web_accounts.model import (
    LoginAttempt,
    LoginOutcome,
    Role,
    SessionRecord,
    StoredUser,
    User,
)

_COUNTED = (LoginOutcome.FAILED.value, LoginOutcome.THROTTLED.value)


def _instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class SqlAccountStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def _sirens(self, user_id: int) -> tuple[str, ...]:
        rows = self.connection.execute(
            sa.select(creditors.c.siren)
            .select_from(
                web_user_creditors.join(
                    creditors, creditors.c.id == web_user_creditors.c.creditor_id
                )
            )
            .where(web_user_creditors.c.user_id == user_id)
            .order_by(creditors.c.siren)
        )
        return tuple(row.siren for row in rows)

    def _user(self, row: Any) -> User:
        return User(
            id=row.id,
            login=row.login,
            name=row.name,
            role=Role(row.role),
            creditor_sirens=self._sirens(row.id),
            disabled=bool(row.disabled),
            created_at=_instant(row.created_at),
        )

    def add_user(
        self,
        login: str,
        name: str,
        role: Role,
        password_hash: str,
        creditor_sirens: Sequence[str],
        at: datetime,
    ) -> User:
        stamp = format_timestamp(at)
        user_id = self.connection.execute(
            web_users.insert()
            .values(
                login=login,
                name=name,
                role=role.value,
                password_hash=password_hash,
                disabled=False,
                created_at=stamp,
                password_changed_at=stamp,
            )
            .returning(web_users.c.id)
        ).scalar_one()
        if creditor_sirens:
            ids = self.connection.execute(
                sa.select(creditors.c.id).where(creditors.c.siren.in_(list(creditor_sirens)))
            ).scalars()
            self.connection.execute(
                web_user_creditors.insert(),
                [{"user_id": user_id, "creditor_id": cid} for cid in ids],
            )
        user = self.user_by_id(user_id)
        assert user is not None
        return user

    def user(self, login: str) -> StoredUser | None:
        row = self.connection.execute(
            sa.select(web_users).where(web_users.c.login == login)
        ).first()
        return None if row is None else StoredUser(self._user(row), row.password_hash)

    def user_by_id(self, user_id: int) -> User | None:
        row = self.connection.execute(sa.select(web_users).where(web_users.c.id == user_id)).first()
        return None if row is None else self._user(row)

    def users(self) -> list[User]:
        rows = self.connection.execute(sa.select(web_users).order_by(web_users.c.login))
        return [self._user(row) for row in rows]

    def known_creditors(self, sirens: Sequence[str]) -> set[str]:
        rows = self.connection.execute(
            sa.select(creditors.c.siren).where(creditors.c.siren.in_(list(sirens)))
        )
        return {row.siren for row in rows}

    def set_disabled(self, user_id: int, disabled: bool) -> None:
        self.connection.execute(
            web_users.update().where(web_users.c.id == user_id).values(disabled=disabled)
        )

    def set_password(self, user_id: int, password_hash: str, at: datetime) -> None:
        self.connection.execute(
            web_users.update()
            .where(web_users.c.id == user_id)
            .values(password_hash=password_hash, password_changed_at=format_timestamp(at))
        )

    def add_session(self, session: SessionRecord) -> None:
        self.connection.execute(
            web_sessions.insert().values(
                token_sha256=session.token_sha256,
                user_id=session.user_id,
                csrf_token=session.csrf_token,
                created_at=format_timestamp(session.created_at),
                last_seen_at=format_timestamp(session.last_seen_at),
                address=session.address,
            )
        )

    def session(self, token_sha256: str) -> SessionRecord | None:
        row = self.connection.execute(
            sa.select(web_sessions).where(web_sessions.c.token_sha256 == token_sha256)
        ).first()
        if row is None:
            return None
        return SessionRecord(
            token_sha256=row.token_sha256,
            user_id=row.user_id,
            csrf_token=row.csrf_token,
            created_at=_instant(row.created_at),
            last_seen_at=_instant(row.last_seen_at),
            address=row.address,
        )

    def touch_session(self, token_sha256: str, at: datetime) -> None:
        self.connection.execute(
            web_sessions.update()
            .where(web_sessions.c.token_sha256 == token_sha256)
            .values(last_seen_at=format_timestamp(at))
        )

    def delete_session(self, token_sha256: str) -> None:
        self.connection.execute(
            web_sessions.delete().where(web_sessions.c.token_sha256 == token_sha256)
        )

    def delete_user_sessions(self, user_id: int) -> None:
        self.connection.execute(web_sessions.delete().where(web_sessions.c.user_id == user_id))

    def record_attempt(self, attempt: LoginAttempt) -> None:
        self.connection.execute(
            web_login_attempts.insert().values(
                at=format_timestamp(attempt.at),
                login=attempt.login,
                address=attempt.address,
                outcome=attempt.outcome.value,
            )
        )

    def failures_since(self, since: datetime, *, login: str | None, address: str | None) -> int:
        t = web_login_attempts
        query = (
            sa.select(sa.func.count())
            .select_from(t)
            .where(t.c.at >= format_timestamp(since), t.c.outcome.in_(_COUNTED))
        )
        if login is not None:
            query = query.where(t.c.login == login)
        if address is not None:
            query = query.where(t.c.address == address)
        return int(self.connection.execute(query).scalar_one())

    def attempts(self, limit: int) -> list[LoginAttempt]:
        t = web_login_attempts
        rows = self.connection.execute(sa.select(t).order_by(t.c.id.desc()).limit(limit))
        return [
            LoginAttempt(_instant(r.at), r.login, r.address, LoginOutcome(r.outcome)) for r in rows
        ]
