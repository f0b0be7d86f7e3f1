"""Roles, users, sessions and login attempts of the web application: plain frozen records.

Four roles (issue 14): the administrator runs the installation, the manager and the agent work
the cases, the creditor client follows its own creditor's files. A creditor client is tied to
exactly one creditor (by SIREN); an agent to the creditors the agency assigned to them. A
password is kept only as its argon2id hash (``ports.PasswordHasher``); a session only as the
SHA-256 of the random token its cookie carries, so that a copy of the database opens no session.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    MANAGER = "manager"
    AGENT = "agent"
    CREDITOR_CLIENT = "creditor_client"

    @property
    def label_fr(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ADMINISTRATOR: "administrateur",
    Role.MANAGER: "responsable",
    Role.AGENT: "chargé de recouvrement",
    Role.CREDITOR_CLIENT: "client créancier",
}


class LoginOutcome(enum.StrEnum):
    """What became of one sign-in attempt (or sign-out); every one is kept (the audit trail)."""

    SUCCEEDED = "succeeded"
    FAILED = "failed"  # unknown login, wrong password or disabled account (said the same way)
    THROTTLED = "throttled"  # refused before the password was checked: too many failures
    LOGGED_OUT = "logged_out"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    login: str
    name: str
    role: Role
    creditor_sirens: tuple[str, ...]  # the creditor client's one creditor, the agent's assigned
    disabled: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StoredUser:
    """A user with its password hash, as the store gives it to the sign-in use case only."""

    user: User
    password_hash: str


@dataclass(frozen=True, slots=True)
class SessionRecord:
    token_sha256: str
    user_id: int
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    address: str


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    at: datetime
    login: str
    address: str
    outcome: LoginOutcome
