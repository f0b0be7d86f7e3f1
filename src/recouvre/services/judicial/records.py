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
from dataclasses import dataclass, field, replace
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
        super().__init__(f"événement inconnu « {name} » : attendu l'un de {event_names()}")


def parse_event_kind(name: str) -> ProcedureEventKind:
    text = name.strip().lower()
    for kind in ProcedureEventKind:
        if kind.value == text:
            return kind
    if text in EVENT_ALIASES:
        return EVENT_ALIASES[text]
    raise UnknownEventKind(name)


def route_names() -> str:
    """Every name ``judicial start`` accepts, each route with its French aliases:
    « payment_order (ip, injonction-de-payer), small_claims (petites-creances), … »."""
    routes = [r for r in Route if r is not Route.NO_ACTION]
    return ", ".join(_with_aliases(r.value, [k for k, v in ROUTE_ALIASES.items() if v is r])
                     for r in routes)  # fmt: skip


def event_names() -> str:
    """Every procedure event name accepted, each with its English alias."""
    return ", ".join(_with_aliases(k.value, [n for n, v in EVENT_ALIASES.items() if v is k])
                     for k in ProcedureEventKind)  # fmt: skip


def _with_aliases(name: str, aliases: list[str]) -> str:
    return f"{name} ({', '.join(aliases)})" if aliases else name


class UnknownRoute(ServiceError):
    def __init__(self, name: str) -> None:
        super().__init__(f"voie inconnue « {name} » : attendu l'une de {route_names()}")


# French names accepted by ``judicial start`` beside the glossary identifiers.
ROUTE_ALIASES: dict[str, Route] = {
    "ip": Route.PAYMENT_ORDER,
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


class InterestBasis(enum.Enum):
    """Which of the sums a decision orders bear interest, as the decision states it (values:
    the CLI's French names)."""

    PRINCIPAL = "principal"  # « avec intérêts au taux légal sur la somme de … (principal) »
    PRINCIPAL_AND_ACCESSORIES = "principal-et-accessoires"  # on every sum ordered

    @property
    def label_fr(self) -> str:
        match self:
            case InterestBasis.PRINCIPAL:
                return "le principal seul"
            case InterestBasis.PRINCIPAL_AND_ACCESSORIES:
                return "le principal et les accessoires"
            case _:
                assert_never(self)


class UnknownInterestBasis(ServiceError):
    def __init__(self, name: str) -> None:
        known = ", ".join(b.value for b in InterestBasis)
        super().__init__(f"assiette des intérêts inconnue « {name} » : attendu l'une de {known}")


def parse_interest_basis(name: str) -> InterestBasis:
    text = name.strip().lower()
    for basis in InterestBasis:
        if basis.value == text:
            return basis
    raise UnknownInterestBasis(name)


@dataclass(frozen=True, slots=True)
class EnforceableTitle:
    """A judgment or order that can be executed (CPCE L111-3), with what it orders.

    ``amount``: the principal ordered; ``accessories``: the other sums ordered (penalties,
    the 40 € indemnity, CPC 700, costs), which bear interest only when the decision says so
    (``interest_basis``); ``interest_from``: the day interest runs from as the decision states
    it (default: the decision's date, C. civ. 1231-7). ``enforceable_on``: the day the
    decision became enforceable against the debtor, from which the +5 points run two months
    later (CMF L313-3): for an injonction de payer order the end of the opposition period
    (CPC 1422), for a judgment its service when not given (CPC 503, 514).
    """

    id: int | None
    case_id: int
    procedure_id: int | None
    pronounced_on: date
    amount: Decimal
    served_on: date | None
    description: str
    enforceable_on: date | None = None
    accessories: Decimal = Decimal("0.00")
    interest_basis: InterestBasis = InterestBasis.PRINCIPAL
    interest_from: date | None = None

    @property
    def became_enforceable_on(self) -> date | None:
        """The day the two months of CMF L313-3 count from: the enforceable date, never
        before the service (CPC 503: no execution against a debtor not notified)."""
        dates = [d for d in (self.enforceable_on, self.served_on) if d is not None]
        return max(dates) if dates else None

    @property
    def interest_bearing(self) -> Decimal:
        """The sums the decision orders interest on."""
        if self.interest_basis is InterestBasis.PRINCIPAL_AND_ACCESSORIES:
            return self.amount + self.accessories
        return self.amount

    @property
    def not_interest_bearing(self) -> Decimal:
        return self.amount + self.accessories - self.interest_bearing


@dataclass(frozen=True, slots=True)
class TitleTerms:
    """What a decision orders beside its principal, as the creditor reads it from the text."""

    enforceable_on: date | None = None
    accessories: Decimal = Decimal("0.00")
    interest_basis: InterestBasis = InterestBasis.PRINCIPAL
    interest_from: date | None = None

    def applied_to(self, title: EnforceableTitle) -> EnforceableTitle:
        if self.accessories < 0:
            raise ServiceError("accessoires négatifs : montant attendu positif ou nul")
        return replace(
            title,
            enforceable_on=self.enforceable_on,
            accessories=self.accessories,
            interest_basis=self.interest_basis,
            interest_from=self.interest_from,
        )


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
