"""A creditor's legal identity, as its court papers state it (``recouvre creditor legal``).

Why: a requête must name a legal-person creditor by « sa forme, sa dénomination, son siège
social et l'organe qui la représente légalement » (CPC 57, 1407); recouvre refuses to print a
court paper without the legal form rather than write « société » for any creditor. Each change
is journaled (``creditor_updated``) with what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from recouvre.domain.events.parties import CreditorUpdated
from recouvre.domain.legal_identity import LegalIdentity
from recouvre.services.parties.party_changes import UnknownParty
from recouvre.services.ports import Clock, UnitOfWork


class LegalIdentityStore(Protocol):
    def get(self, creditor_id: int) -> LegalIdentity | None: ...

    def set(self, creditor_id: int, identity: LegalIdentity, now: str) -> None: ...


class LegalIdentityUnitOfWork(UnitOfWork, Protocol):
    @property
    def legal_identities(self) -> LegalIdentityStore: ...


class LegalIdentities:
    def __init__(self, uow: Callable[[], LegalIdentityUnitOfWork], clock: Clock) -> None:
        self.uow = uow
        self.clock = clock

    def get(self, siren: str) -> LegalIdentity | None:
        with self.uow() as work:
            return work.legal_identities.get(self._creditor(work, siren))

    def set(
        self,
        siren: str,
        *,
        legal_form: str | None = None,
        rcs_city: str | None = None,
        share_capital: Decimal | None = None,
        representative: str | None = None,
    ) -> LegalIdentity:
        """Change what is given; the legal form is required the first time."""
        with self.uow() as work:
            creditor = self._creditor(work, siren)
            current = work.legal_identities.get(creditor)
            if current is None and legal_form is None:
                raise UnknownParty(
                    "indiquez d'abord la forme juridique du créancier (--forme-juridique SARL)"
                )
            given = {
                "legal_form": legal_form,
                "rcs_city": rcs_city,
                "share_capital": share_capital,
                "representative": representative,
            }
            changes = {k: v for k, v in given.items() if v is not None}
            identity = (
                LegalIdentity(**changes)  # type: ignore[arg-type]
                if current is None
                else replace(current, **changes)  # type: ignore[arg-type]
            )
            now = self.clock.now()
            work.legal_identities.set(creditor, identity, now.isoformat())
            shown = {k: (f"{v:.2f}" if isinstance(v, Decimal) else v) for k, v in changes.items()}
            work.journal.record(CreditorUpdated(None, self._today(), siren, shown))
            work.commit()
            return identity

    def _today(self) -> date:
        return self.clock.today()

    @staticmethod
    def _creditor(work: LegalIdentityUnitOfWork, siren: str) -> int:
        creditor = work.creditors.by_siren(siren)
        if creditor is None or creditor.id is None:
            raise UnknownParty(f"aucun créancier de SIREN {siren}")
        return creditor.id
