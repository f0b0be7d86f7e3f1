"""Which cases a user may read: the one rule every page and query goes through.

- administrators and managers read every case;
- a creditor client reads the cases of its one creditor, nothing else;
- an agent reads the cases of the creditors assigned to them; an agent assigned to no creditor
  reads none (least privilege: an agency gives each agent its clients explicitly, with
  ``recouvre user add --creditor SIREN``).

A case outside the scope is answered as if it did not exist (404), so that its reference cannot
be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from recouvre.services.queries import CaseDetail
from recouvre.services.web_accounts.model import Role, User


@dataclass(frozen=True, slots=True)
class Scope:
    """``creditor_sirens is None``: every creditor; else only those (possibly none)."""

    creditor_sirens: frozenset[str] | None

    @property
    def everything(self) -> bool:
        return self.creditor_sirens is None

    def admits(self, creditor_siren: str) -> bool:
        return self.creditor_sirens is None or creditor_siren in self.creditor_sirens


EVERYTHING = Scope(None)


def scope_of(user: User) -> Scope:
    match user.role:
        case Role.ADMINISTRATOR | Role.MANAGER:
            return EVERYTHING
        case Role.AGENT | Role.CREDITOR_CLIENT:
            return Scope(frozenset(user.creditor_sirens))
        case _:
            assert_never(user.role)


def visible(detail: CaseDetail | None, scope: Scope) -> CaseDetail | None:
    """The case if ``scope`` admits its creditor, else ``None`` (shown as « not found »)."""
    if detail is None or not scope.admits(detail.creditor.siren):
        return None
    return detail
