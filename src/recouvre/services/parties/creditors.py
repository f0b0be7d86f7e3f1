"""Creditors' details, their letter settings, and the collection agencies that write for them.

An import creates an unknown creditor from its SIREN alone; a person completes it later
(``recouvre creditor set``): identity (SIRET, VAT number), bank details for the payment block,
address, contacts, the letters' appearance (window side of the DL envelope, colour, logo,
signature, template, signatory) and, for an agency's client, the agency that writes for it
(CPCE L124-1, R124-4) and whose account the debtor pays to.

The changes are validated all at once (``party_changes``); every change is journaled (global
stream) with the old and new values, in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from recouvre.domain.agencies import Agency
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.events.parties import (
    AgencyAdded,
    AgencyUpdated,
    CreditorAdded,
    CreditorUpdated,
)
from recouvre.domain.identifiers import (
    validate_siren,
)
from recouvre.domain.parties import Creditor
from recouvre.scenarios.model import Scenario
from recouvre.services.parties.claim_changes import claim_settings
from recouvre.services.parties.party_changes import (
    NO_AGENCY,
    AgencyChanges,
    CreditorChanges,
    InvalidChanges,
    UnknownParty,
    apply_agency,
    apply_creditor,
    changed_fields,
    checked_siren,
)
from recouvre.services.parties.profiles import CreditorProfile, LetterSettings, agency_json
from recouvre.services.ports import Clock, UnitOfWork

__all__ = ["CreditorProfile", "LetterSettings", "Parties", "PartyStore", "PartyUnitOfWork"]


# --- ports ------------------------------------------------------------------------------------


class PartyStore(Protocol):
    def creditor_profiles(self) -> list[CreditorProfile]: ...

    def creditor_profile(self, siren: str) -> CreditorProfile | None: ...

    def add_creditor(self, profile: CreditorProfile) -> CreditorProfile: ...

    def save_creditor(self, profile: CreditorProfile) -> None:
        """Write every column of the creditor (by id) and its settings; ``via_agency``
        follows the agency."""
        ...

    def agencies(self) -> list[Agency]: ...

    def agency(self, siren: str) -> Agency | None: ...

    def add_agency(self, agency: Agency) -> Agency: ...

    def save_agency(self, agency: Agency) -> None: ...

    def clients_of(self, agency_id: int) -> list[Creditor]: ...


class PartyUnitOfWork(UnitOfWork, Protocol):
    @property
    def parties(self) -> PartyStore: ...


# --- use cases --------------------------------------------------------------------------------


class Parties:
    """Creditor and agency use cases; ``uow`` opens a writing unit of work."""

    def __init__(
        self,
        uow: Callable[[], PartyUnitOfWork],
        clock: Clock,
        scenarios: Callable[[], Sequence[Scenario]] = lambda: (),
    ) -> None:
        self.uow = uow
        self.clock = clock
        self.scenarios = scenarios  # the steps ``--frais-a-partir-de`` may name

    def creditors(self) -> list[CreditorProfile]:
        with self.uow() as uow:
            return uow.parties.creditor_profiles()

    def creditor(self, siren: str) -> CreditorProfile:
        key = checked_siren(siren, "SIREN")
        with self.uow() as uow:
            profile = uow.parties.creditor_profile(key)
        if profile is None:
            raise UnknownParty(f"créancier de SIREN {key} inconnu")
        return profile

    def set_creditor(self, siren: str, changes: CreditorChanges) -> CreditorProfile:
        """Apply ``changes`` to the creditor ``siren`` (created when unknown and ``name`` is
        given); all-or-nothing, journaled as ``creditor_updated``/``creditor_added``."""
        key = checked_siren(siren, "SIREN")
        with self.uow() as uow:
            store = uow.parties
            before = store.creditor_profile(key)
            created = before is None
            if before is None:
                if not changes.name:
                    raise UnknownParty(
                        f"créancier de SIREN {key} inconnu : donnez --name pour le créer, ou "
                        "importez d'abord ses factures"
                    )
                before = CreditorProfile(Creditor(None, changes.name.strip(), key))
            agency = before.agency
            problems: list[str] = []
            if changes.agency is not None:
                agency = None
                if changes.agency != NO_AGENCY:
                    try:
                        agency_siren = validate_siren(changes.agency)
                    except InvalidIdentifier as error:
                        problems.append(f"--agency : {error}")
                    else:
                        agency = store.agency(agency_siren)
                        if agency is None:
                            problems.append(
                                f"--agency : aucune agence de SIREN {agency_siren} "
                                "(« recouvre agency add » d'abord)"
                            )
            after = apply_creditor(before, changes, agency, problems)
            after = self._with_claims(after, changes, problems)
            if problems:
                raise InvalidChanges(problems)
            if created:
                after = store.add_creditor(after)
            else:
                store.save_creditor(after)
            diff = changed_fields(before.as_json(), after.as_json())
            if created or diff:
                made = CreditorAdded if created else CreditorUpdated
                uow.journal.record(made(None, self.clock.today(), key, diff))
            uow.commit()
        return after

    def _with_claims(
        self, profile: CreditorProfile, changes: CreditorChanges, problems: list[str]
    ) -> CreditorProfile:
        """The profile with its courtesy settings changed (``claim_changes``)."""
        if changes.first_reminder_days is None and changes.fees_from is None:
            return profile
        c = profile.creditor
        claims = claim_settings(
            c.claims,
            changes.first_reminder_days,
            changes.fees_from,
            self.scenarios(),
            problems,
        )
        return replace(profile, creditor=replace(c, claims=claims))

    def agencies(self) -> list[tuple[Agency, list[str]]]:
        """Every agency with the SIRENs of the creditors it writes for."""
        with self.uow() as uow:
            return [
                (a, [c.siren for c in uow.parties.clients_of(a.id or 0)])
                for a in uow.parties.agencies()
            ]

    def agency(self, siren: str) -> tuple[Agency, list[Creditor]]:
        key = checked_siren(siren, "SIREN")
        with self.uow() as uow:
            agency = uow.parties.agency(key)
            if agency is None:
                raise UnknownParty(f"agence de SIREN {key} inconnue")
            return agency, uow.parties.clients_of(agency.id or 0)

    def add_agency(self, siren: str, changes: AgencyChanges) -> Agency:
        """Register an agency; ``name`` is required, the rest may come later; refused when the
        SIREN is already an agency's."""
        return self._write_agency(siren, changes, exists=False)

    def set_agency(self, siren: str, changes: AgencyChanges) -> Agency:
        """Change a registered agency."""
        return self._write_agency(siren, changes, exists=True)

    def register_agency(self, siren: str, changes: AgencyChanges) -> Agency:
        """Register the agency, or bring it up to date when it is known."""
        return self._write_agency(siren, changes, exists=None)

    def _write_agency(self, siren: str, changes: AgencyChanges, exists: bool | None) -> Agency:
        """Add or update the agency ``siren`` (``exists``: whether it must already be
        registered; ``None``: either), all-or-nothing, journaled as ``agency_added`` or
        ``agency_updated`` when something changed."""
        key = checked_siren(siren, "SIREN")
        with self.uow() as uow:
            before = uow.parties.agency(key)
            if before is None and exists:
                raise UnknownParty(f"agence de SIREN {key} inconnue (« recouvre agency add »)")
            if before is not None and exists is False:
                raise InvalidChanges([f"une agence de SIREN {key} existe déjà (agency set)"])
            if before is None and not (changes.name or "").strip():
                raise InvalidChanges(["--name : le nom de l'agence est obligatoire"])
            problems: list[str] = []
            after = apply_agency(before or Agency(None, "", key), changes, problems)
            if problems:
                raise InvalidChanges(problems)
            if before is None:
                after = uow.parties.add_agency(after)
                uow.journal.record(AgencyAdded(None, self.clock.today(), key, agency_json(after)))
            elif changes_made := changed_fields(agency_json(before), agency_json(after)):
                uow.parties.save_agency(after)
                uow.journal.record(AgencyUpdated(None, self.clock.today(), key, changes_made))
            uow.commit()
        return after
