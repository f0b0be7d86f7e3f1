"""Events of the parties: creditors and agencies completed, debtors' details and wishes.

Journaled because they change what the documents say and whom they reach: the identity and
mentions of a creditor or of the agency writing for it (CPCE R124-4), a debtor's address, or
a debtor's request to be contacted on one channel only or not at all (C. conso L121-6 would
make ignoring it an aggressive practice). ``changes`` is ``{field: [old, new]}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from recouvre.domain.events.base import Event, JournalKind


@dataclass(frozen=True, slots=True)
class CreditorAdded(Event):
    kind: ClassVar[JournalKind] = JournalKind.CREDITOR_ADDED
    siren: str
    changes: Mapping[str, Any]

    def payload(self) -> dict[str, Any]:
        return {"siren": self.siren, "changes": dict(self.changes)}


@dataclass(frozen=True, slots=True)
class CreditorUpdated(Event):
    kind: ClassVar[JournalKind] = JournalKind.CREDITOR_UPDATED
    siren: str
    changes: Mapping[str, Any]

    def payload(self) -> dict[str, Any]:
        return {"siren": self.siren, "changes": dict(self.changes)}


@dataclass(frozen=True, slots=True)
class AgencyAdded(Event):
    """An agency registered to write for creditors; ``agency`` its whole record as JSON."""

    kind: ClassVar[JournalKind] = JournalKind.AGENCY_ADDED
    siren: str
    agency: Mapping[str, Any]

    def payload(self) -> dict[str, Any]:
        return {"siren": self.siren, "agency": dict(self.agency)}


@dataclass(frozen=True, slots=True)
class AgencyUpdated(Event):
    kind: ClassVar[JournalKind] = JournalKind.AGENCY_UPDATED
    siren: str
    changes: Mapping[str, Any]

    def payload(self) -> dict[str, Any]:
        return {"siren": self.siren, "changes": dict(self.changes)}


@dataclass(frozen=True, slots=True)
class DebtorPreferencesChanged(Event):
    """A debtor's contact wishes changed (do not contact, one channel only, language)."""

    kind: ClassVar[JournalKind] = JournalKind.DEBTOR_PREFERENCES_CHANGED
    debtor_id: int
    debtor: str
    siren: str | None
    changes: Mapping[str, Any]
    reason: str

    def payload(self) -> dict[str, Any]:
        return {
            "debtor_id": self.debtor_id,
            "debtor": self.debtor,
            "siren": self.siren,
            "changes": dict(self.changes),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class DebtorDetailsChanged(Event):
    """A debtor's contact details changed (address, e-mails, phones...)."""

    kind: ClassVar[JournalKind] = JournalKind.DEBTOR_DETAILS_CHANGED
    debtor_id: int
    debtor: str
    siren: str | None
    changes: Mapping[str, Any]
    reason: str

    def payload(self) -> dict[str, Any]:
        return {
            "debtor_id": self.debtor_id,
            "debtor": self.debtor,
            "siren": self.siren,
            "changes": dict(self.changes),
            "reason": self.reason,
        }
