"""Signing in and out of the web application, and the session behind each request.

Sign-in attempts are limited (the ANSSI's recommendations on authentication, R30: slow down
repeated failures): more than ``MAX_FAILURES_PER_LOGIN`` failures for one login, or
``MAX_FAILURES_PER_ADDRESS`` from one address, within ``FAILURE_WINDOW`` refuses the next
attempts before the password is even checked, until the window has passed. Every attempt is
kept with its outcome, the login typed and the address (never the password): the audit trail
``recouvre user log`` prints. An unknown login, a wrong password and a disabled account get the
same answer and take the same time (a hash is verified in every case), so that the answer does
not tell which logins exist.

A session is a random token of 256 bits in the cookie; the database keeps its SHA-256 only. It
ends after ``IDLE_TIMEOUT`` without a request or ``ABSOLUTE_TIMEOUT`` after sign-in, at sign-out,
and when the account is disabled or its password changed. Each session has its own CSRF token,
which every state-changing request must carry.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from recouvre.services.ports import Clock
from recouvre.services.web_accounts.model import (
    LoginAttempt,
    LoginOutcome,
    SessionRecord,
    User,
)
from recouvre.services.web_accounts.ports import AccountsUnitOfWorkFactory, PasswordHasher

FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 20
IDLE_TIMEOUT = timedelta(hours=2)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
TOUCH_EVERY = timedelta(minutes=1)  # last_seen is written at most once a minute per session


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SignIn:
    outcome: LoginOutcome
    user: User | None = None
    token: str | None = None  # the cookie's value, given once, never stored


@dataclass(frozen=True, slots=True)
class ActiveSession:
    user: User
    csrf_token: str


@dataclass
class Sessions:
    uow: AccountsUnitOfWorkFactory  # writing
    read: AccountsUnitOfWorkFactory  # read-only: a request's lookup takes no writer lock
    hasher: PasswordHasher
    clock: Clock
    _decoy: str | None = field(default=None, init=False, repr=False)

    def _decoy_hash(self) -> str:
        """A hash to verify when the login is unknown, so that it costs the same time."""
        if self._decoy is None:
            self._decoy = self.hasher.hash(secrets.token_urlsafe(16))
        return self._decoy

    def _throttled(self, login: str, address: str) -> bool:
        since = self.clock.now() - FAILURE_WINDOW
        with self.read() as uow:
            store = uow.web_accounts
            return (
                store.failures_since(since, login=login, address=None) >= MAX_FAILURES_PER_LOGIN
                or store.failures_since(since, login=None, address=address)
                >= MAX_FAILURES_PER_ADDRESS
            )

    def _record(self, login: str, address: str, outcome: LoginOutcome) -> None:
        with self.uow() as uow:
            uow.web_accounts.record_attempt(
                LoginAttempt(self.clock.now(), login[:64], address[:64], outcome)
            )
            uow.commit()

    def sign_in(self, login: str, password: str, address: str) -> SignIn:
        login = login.strip().lower()
        if self._throttled(login, address):
            self._record(login, address, LoginOutcome.THROTTLED)
            return SignIn(LoginOutcome.THROTTLED)
        with self.read() as uow:
            stored = uow.web_accounts.user(login)
        if stored is None or len(password) > 1024:
            self.hasher.verify(self._decoy_hash(), password[:1024])
            self._record(login, address, LoginOutcome.FAILED)
            return SignIn(LoginOutcome.FAILED)
        verified = self.hasher.verify(stored.password_hash, password)
        user = stored.user
        if not verified or user.disabled:
            self._record(login, address, LoginOutcome.FAILED)
            return SignIn(LoginOutcome.FAILED)
        token = secrets.token_urlsafe(32)
        now = self.clock.now()
        with self.uow() as uow:
            store = uow.web_accounts
            store.add_session(
                SessionRecord(
                    token_digest(token), user.id, secrets.token_urlsafe(32), now, now, address[:64]
                )
            )
            if self.hasher.needs_rehash(stored.password_hash):
                store.set_password(user.id, self.hasher.hash(password), now)
            store.record_attempt(LoginAttempt(now, login, address[:64], LoginOutcome.SUCCEEDED))
            uow.commit()
        return SignIn(LoginOutcome.SUCCEEDED, user, token)

    def active(self, token: str | None) -> ActiveSession | None:
        """The session a request's cookie names, if it is still open; its idle time restarts."""
        if not token or len(token) > 128:
            return None
        digest = token_digest(token)
        now = self.clock.now()
        with self.read() as uow:
            store = uow.web_accounts
            record = store.session(digest)
            user = None if record is None else store.user_by_id(record.user_id)
        if record is None:
            return None
        expired = (
            now - record.last_seen_at > IDLE_TIMEOUT or now - record.created_at > ABSOLUTE_TIMEOUT
        )
        if expired or user is None or user.disabled:
            with self.uow() as uow:
                uow.web_accounts.delete_session(digest)
                uow.commit()
            return None
        if now - record.last_seen_at > TOUCH_EVERY:
            with self.uow() as uow:
                uow.web_accounts.touch_session(digest, now)
                uow.commit()
        return ActiveSession(user, record.csrf_token)

    def sign_out(self, token: str | None, address: str) -> None:
        if not token or len(token) > 128:
            return
        digest = token_digest(token)
        with self.uow() as uow:
            store = uow.web_accounts
            record = store.session(digest)
            if record is None:
                return
            user = store.user_by_id(record.user_id)
            store.delete_session(digest)
            login = user.login if user is not None else ""
            store.record_attempt(
                LoginAttempt(self.clock.now(), login, address[:64], LoginOutcome.LOGGED_OUT)
            )
            uow.commit()
