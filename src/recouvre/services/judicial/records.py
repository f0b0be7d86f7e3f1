"""The records of the judicial phase: procedures, their dated events, titles, evidence facts.

Why: a procedure before a court is a sequence of dated facts (CPC 1405-1425 for the
injonction de payer; CPCE R511-6, R511-7 for the saisie conservatoire; C. com. L622-24 for the
claim declaration). recouvre stores the facts only; every deadline is computed from them by the
law engine (``services.judicial.agenda``), so a corrected date corrects every deadline.

The event kinds are a closed enum; their French names are those the command line accepts
(``recouvre judicial event PROCEDURE depose --on 2026-09-14``), with English aliases.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import assert_never

from recouvre.law.routes.rules import ClaimNature, Dispute, Evidence, Route
from recouvre.services.errors import ServiceError


class ProcedureStatus(enum.StrEnum):
    OPEN = "open"
    FROZEN = "frozen"  # stayed by collective proceedings (C. com. L622-21)
    CLOSED = "closed"


class ProcedureEventKind(enum.Enum):
    """What happened in a procedure (values: the CLI's French names)."""

    FILED = "depose"  # requête déposée / assignation délivrée / demande envoyée
    ORDER_RENDERED = "ordonnance-rendue"  # ordonnance (IP) or authorisation (saisie)
    ORDER_REJECTED = "ordonnance-rejetee"
    SERVED = "signifie"  # signification (to the person or not)
    OPPOSITION = "opposition"
    ENFORCEABLE = "executoire"
    EXECUTED = "execute"  # measure executed (saisie) / enforcement act
    PAID = "paye"
    ABANDONED = "abandonne"

    @property
    def label_fr(self) -> str:
        match self:
            case ProcedureEventKind.FILED:
                return "dépôt de la requête ou de la demande"
            case ProcedureEventKind.ORDER_RENDERED:
                return "ordonnance rendue"
            case ProcedureEventKind.ORDER_REJECTED:
                return "requête rejetée"
            case ProcedureEventKind.SERVED:
                return "signification"
            case ProcedureEventKind.OPPOSITION:
                return "opposition reçue"
            case ProcedureEventKind.ENFORCEABLE:
                return "titre exécutoire"
            case ProcedureEventKind.EXECUTED:
                return "mesure exécutée"
            case ProcedureEventKind.PAID:
                return "paiement"
            case ProcedureEventKind.ABANDONED:
                return "abandon"
            case _:
                assert_never(self)

    @property
    def closes(self) -> bool:
        """The procedure is over after this event."""
        return self in {
            ProcedureEventKind.ORDER_REJECTED,
            ProcedureEventKind.PAID,
            ProcedureEventKind.ABANDONED,
        }


EVENT_ALIASES: dict[str, ProcedureEventKind] = {
    "filed": ProcedureEventKind.FILED,
    "order-rendered": ProcedureEventKind.ORDER_RENDERED,
    "order-rejected": ProcedureEventKind.ORDER_REJECTED,
    "served": ProcedureEventKind.SERVED,
    "enforceable": ProcedureEventKind.ENFORCEABLE,
    "executed": ProcedureEventKind.EXECUTED,
    "paid": ProcedureEventKind.PAID,
    "abandoned": ProcedureEventKind.ABANDONED,
}


class UnknownEventKind(ServiceError):
    def __init__(self, name: str) -> None:
        known = ", ".join(k.value for k in ProcedureEventKind)
        super().__init__(f"événement inconnu « {name} » : attendu l'un de {known}")


def parse_event_kind(name: str) -> ProcedureEventKind:
    text = name.strip().lower()
    for kind in ProcedureEventKind:
        if kind.value == text:
            return kind
    if text in EVENT_ALIASES:
        return EVENT_ALIASES[text]
    raise UnknownEventKind(name)


class UnknownRoute(ServiceError):
    def __init__(self, name: str) -> None:
        known = ", ".join(r.value for r in Route if r is not Route.NO_ACTION)
        super().__init__(f"voie inconnue « {name} » : attendu l'une de {known}")


# French names accepted by ``judicial start`` beside the glossary identifiers.
ROUTE_ALIASES: dict[str, Route] = {
    "injonction-de-payer": Route.PAYMENT_ORDER,
    "petites-creances": Route.SMALL_CLAIMS,
    "refere-provision": Route.INTERIM_PAYMENT,
    "assignation-au-fond": Route.SUMMONS_ON_MERITS,
    "saisie-conservatoire": Route.CONSERVATORY_ATTACHMENT,
    "declaration-de-creance": Route.CLAIM_DECLARATION,
    "execution": Route.ENFORCEMENT,
}


def parse_route(name: str) -> Route:
    text = name.strip().lower().replace("_", "-")
    for route in Route:
        if route.value.replace("_", "-") == text and route is not Route.NO_ACTION:
            return route
    if text in ROUTE_ALIASES:
        return ROUTE_ALIASES[text]
    raise UnknownRoute(name)


@dataclass(frozen=True, slots=True)
class ProcedureEvent:
    id: int | None
    procedure_id: int
    kind: ProcedureEventKind
    on: date
    to_person: bool | None = None
    amount: Decimal | None = None
    reference: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Procedure:
    id: int | None
    case_id: int
    route: Route
    court_kind: str
    court: str
    status: ProcedureStatus
    started_on: date
    claimed: Decimal
    outcome: str | None = None
    closed_on: date | None = None


@dataclass(frozen=True, slots=True)
class JudicialFacts:
    """What the creditor told recouvre about the claim, for the route and the papers."""

    nature: ClaimNature = ClaimNature.COMMERCIAL
    dispute: Dispute = Dispute.NONE
    evidence: Evidence = field(default_factory=Evidence)
    assets_at_risk: bool = False
    cooperation_likely: bool = False
    small_claims_failed: bool = False
    formal_notice_sent_on: date | None = None
    formal_notice_received_on: date | None = None


@dataclass(frozen=True, slots=True)
class EnforceableTitle:
    """A judgment or order that can be executed (CPCE L111-3): the sum it awards, its date
    and the date of its service, from which the +5 points run two months later (CMF L313-3)."""

    id: int | None
    case_id: int
    procedure_id: int | None
    pronounced_on: date
    amount: Decimal
    served_on: date | None
    description: str


@dataclass(frozen=True, slots=True)
class CollectiveRecord:
    """An announcement of collective proceedings matched to a case by the debtor's SIREN."""

    id: int | None
    case_id: int
    siren: str
    announcement_id: str
    judgment_kind: str
    judgment_on: date | None
    published_on: date
    court: str
    mandatary: str
    declaration_due_on: date | None
    relief_due_on: date | None
