"""The accounts use cases of ``recouvre user``: add, list, disable, change a password.

A login is short, lower-case ASCII (letters, digits, ``.``, ``-``, ``_``), so that it is typed
the same way on any keyboard and cannot be confused with another by case. A password has at
least ``MIN_PASSWORD_LENGTH`` characters (ANSSI's recommendation for a password alone is a
length, not a mix of character classes); it is stored only as its argon2id hash. Disabling an
account or changing its password ends its open sessions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_siren
from recouvre.services.errors import ServiceError
from recouvre.services.ports import Clock
from recouvre.services.web_accounts.model import LoginAttempt, Role, User
from recouvre.services.web_accounts.ports import AccountsUnitOfWorkFactory, PasswordHasher

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # argon2 hashes anything, but a megabyte "password" is an attack
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ServiceError):
    """An account cannot be created or changed as asked (the message says why, in French)."""


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"mot de passe trop court : au moins {MIN_PASSWORD_LENGTH} caractères")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"mot de passe trop long : au plus {MAX_PASSWORD_LENGTH} caractères")


def _sirens(role: Role, creditors: Sequence[str]) -> tuple[str, ...]:
    try:
        sirens = tuple(dict.fromkeys(validate_siren(c) for c in creditors))
    except InvalidIdentifier as error:
        raise AccountError(f"créancier : {error}") from error
    if role is Role.CREDITOR_CLIENT and len(sirens) != 1:
        raise AccountError("un client créancier est rattaché à un seul créancier (--creditor)")
    if role in (Role.ADMINISTRATOR, Role.MANAGER) and sirens:
        raise AccountError("un administrateur ou un responsable voit tous les créanciers")
    return sirens


@dataclass(frozen=True, slots=True)
class Accounts:
    uow: AccountsUnitOfWorkFactory
    hasher: PasswordHasher
    clock: Clock

    def add(
        self, login: str, name: str, role: Role, password: str, creditors: Sequence[str] = ()
    ) -> User:
        login = login.strip()
        if not _LOGIN.match(login):
            raise AccountError(
                f"identifiant « {login} » refusé : 2 à 64 caractères parmi a-z, 0-9, « . », "
                "« - » et « _ », en minuscules"
            )
        check_password(password)
        sirens = _sirens(role, creditors)
        with self.uow() as uow:
            store = uow.web_accounts
            if store.user(login) is not None:
                raise AccountError(f"l'identifiant « {login} » existe déjà")
            unknown = [s for s in sirens if s not in store.known_creditors(sirens)]
            if unknown:
                raise AccountError(f"aucun créancier de SIREN {', '.join(unknown)}")
            user = store.add_user(
                login,
                name.strip() or login,
                role,
                self.hasher.hash(password),
                sirens,
                self.clock.now(),
            )
            uow.commit()
        return user

    def users(self) -> list[User]:
        with self.uow() as uow:
            return uow.web_accounts.users()

    def attempts(self, limit: int = 50) -> list[LoginAttempt]:
        """The latest sign-ins, failures, refusals and sign-outs, newest first."""
        with self.uow() as uow:
            return uow.web_accounts.attempts(limit)

    def _existing(self, login: str) -> User:
        with self.uow() as uow:
            stored = uow.web_accounts.user(login)
        if stored is None:
            raise AccountError(f"aucun compte « {login} »")
        return stored.user

    def disable(self, login: str, disabled: bool = True) -> User:
        user = self._existing(login)
        with self.uow() as uow:
            uow.web_accounts.set_disabled(user.id, disabled)
            if disabled:
                uow.web_accounts.delete_user_sessions(user.id)
            uow.commit()
        return user

    def set_password(self, login: str, password: str) -> User:
        check_password(password)
        user = self._existing(login)
        with self.uow() as uow:
            uow.web_accounts.set_password(user.id, self.hasher.hash(password), self.clock.now())
            uow.web_accounts.delete_user_sessions(user.id)
            uow.commit()
        return user
