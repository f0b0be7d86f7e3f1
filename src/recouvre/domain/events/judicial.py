"""Events of the judicial route: the facts a court weighs, procedures, titles, papers.

Journaled on the case's stream: the facts recorded before choosing a procedure (the nature of
the claim, whether it is disputed, the written evidence: CPC 1405 for an injonction de payer),
each procedure started and each of its events, the enforceable title obtained (C. proc.
exéc. L111-3), a procedure frozen by collective proceedings (C. com. L622-21), and the
digests of the papers and exhibits produced (CPC 1407 bordereau).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from recouvre.domain.events.base import Event, JournalKind


@dataclass(frozen=True, slots=True)
class JudicialFactsRecorded(Event):
    """The facts stored on the case for the choice of a procedure; ``evidence`` sorted."""

    kind: ClassVar[JournalKind] = JournalKind.JUDICIAL_FACTS_RECORDED
    nature: str
    dispute: str
    evidence: tuple[str, ...]
    assets_at_risk: bool
    formal_notice_received_on: date | None

    def payload(self) -> dict[str, Any]:
        received = self.formal_notice_received_on
        return {
            "nature": self.nature,
            "dispute": self.dispute,
            "evidence": sorted(self.evidence),
            "assets_at_risk": self.assets_at_risk,
            "formal_notice_received_on": received.isoformat() if received else None,
        }


@dataclass(frozen=True, slots=True)
class ProcedureStarted(Event):
    """A procedure was started (``forced`` when the advice found it not feasible); the pending
    amicable actions it cancelled are listed."""

    kind: ClassVar[JournalKind] = JournalKind.PROCEDURE_STARTED
    procedure_id: int | None
    route: str
    court: str
    claimed: Decimal
    forced: bool
    cancelled_actions: tuple[int, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "procedure_id": self.procedure_id,
            "route": self.route,
            "court": self.court,
            "claimed": f"{self.claimed:.2f}",
            "forced": self.forced,
            "cancelled_actions": list(self.cancelled_actions),
        }


@dataclass(frozen=True, slots=True)
class TitleSummary:
    """The enforceable title an event of a procedure brought."""

    pronounced_on: date
    amount: Decimal
    served_on: date | None


@dataclass(frozen=True, slots=True)
class ProcedureEventRecorded(Event):
    """An event of a procedure (``event`` a procedure event kind); the optional facts appear in
    the payload only when known."""

    kind: ClassVar[JournalKind] = JournalKind.PROCEDURE_EVENT
    procedure_id: int
    route: str
    event: str
    to_person: bool | None = None
    amount: Decimal | None = None
    reference: str | None = None
    title: TitleSummary | None = None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "procedure_id": self.procedure_id,
            "route": self.route,
            "event": self.event,
        }
        if self.to_person is not None:
            out["to_person"] = self.to_person
        if self.amount is not None:
            out["amount"] = f"{self.amount:.2f}"
        if self.reference:
            out["reference"] = self.reference
        title = self.title
        if title is not None:
            out["title"] = {
                "pronounced_on": title.pronounced_on.isoformat(),
                "amount": f"{title.amount:.2f}",
                "served_on": title.served_on.isoformat() if title.served_on else None,
            }
        return out


@dataclass(frozen=True, slots=True)
class EnforceableTitleRecorded(Event):
    """An enforceable title recorded by hand (a judgment obtained outside the application)."""

    kind: ClassVar[JournalKind] = JournalKind.ENFORCEABLE_TITLE_RECORDED
    pronounced_on: date
    amount: Decimal
    served_on: date | None
    description: str


@dataclass(frozen=True, slots=True)
class ExhibitDigest:
    """One exhibit of a bundle (bordereau de pièces, CPC 1407): number, title, pages, digest."""

    number: int
    title: str
    pages: int
    sha256: str


@dataclass(frozen=True, slots=True)
class JudicialPapersProduced(Event):
    """A procedure's paper and its bundle of exhibits were produced (the paper's digest is the
    entry's ``document_sha256``)."""

    kind: ClassVar[JournalKind] = JournalKind.JUDICIAL_PAPERS_PRODUCED
    procedure_id: int
    paper: str
    bundle_sha256: str
    exhibits: tuple[ExhibitDigest, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "procedure_id": self.procedure_id,
            "paper": self.paper,
            "bundle_sha256": self.bundle_sha256,
            "exhibits": [
                {"number": x.number, "title": x.title, "pages": x.pages, "sha256": x.sha256}
                for x in self.exhibits
            ],
        }


@dataclass(frozen=True, slots=True)
class AmicableScenarioClosed(Event):
    """The amicable collection ended for good (a judicial liquidation, C. com. L641-3)."""

    kind: ClassVar[JournalKind] = JournalKind.AMICABLE_SCENARIO_CLOSED
    reason: str


@dataclass(frozen=True, slots=True)
class ProcedureFrozen(Event):
    """A procedure of the case stopped by the opening judgment of collective proceedings
    (C. com. L622-21: individual actions and enforcement are stayed); ``reason`` says so in
    French, with the judgment's date and the article."""

    kind: ClassVar[JournalKind] = JournalKind.PROCEDURE_FROZEN
    procedure_id: int
    route: str
    proceedings: str
    judgment_on: date
    reason: str
