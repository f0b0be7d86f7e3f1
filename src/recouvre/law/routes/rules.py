"""The facts of a case that choose a judicial route, and the court each route goes to.

Why: the choice between the judicial routes turns on a few facts: the
amount and its parts, who the debtor is (business or consumer), the nature of the claim
(commercial, civil, consumer credit, residential lease), whether and how seriously it is
disputed, the written evidence held, a bill of exchange or an unpaid cheque, a title already
held, signs that assets are at risk, where the debtor lives, collective proceedings, and the
prescription end date. ``JudicialContext`` holds them, already established by the caller
(the statement and prescription engines compute the amounts and the end date).

The competent court (CPC 1406 for the injonction de payer, CPC 834 and 872 for the référé,
CPCE L511-3 and R511-2 for the saisie conservatoire):

- commercial claim (between traders, or an act of commerce by the debtor): the tribunal de
  commerce (its president for the injonction de payer and the référé, CPC 873); in
  Alsace-Moselle (57, 67, 68) there is no tribunal de commerce, the **chambre commerciale du
  tribunal judiciaire** sits instead [S];
- civil claim (a professional against a consumer included): the tribunal judiciaire;
- consumer credit, residential lease: the juge des contentieux de la protection;
- territorial jurisdiction: the debtor's domicile, public order for the injonction de payer;
- saisie conservatoire: the juge de l'exécution, or before any trial the president of the
  tribunal de commerce for a commercial claim (L511-3).

Worked example: a commercial claim against a company in Metz (57) goes to the chambre
commerciale du tribunal judiciaire::

    >>> from recouvre.law.deadlines.cpc import Residence
    >>> court = court_for(Route.PAYMENT_ORDER, ClaimNature.COMMERCIAL, DebtorKind.COMPANY,
    ...                   Residence.from_departement("57"))
    >>> court.kind.name
    'COMMERCIAL_CHAMBER'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import assert_never

from recouvre.domain.parties import ALSACE_MOSELLE_DEPARTEMENTS, DebtorKind
from recouvre.law.deadlines.cpc import METROPOLITAN, Residence, ResidenceKind


class Route(enum.Enum):
    """The judicial routes, in the order used to break ties (glossary identifiers)."""

    CLAIM_DECLARATION = "claim_declaration"  # déclaration de créance (L622-24)
    ENFORCEMENT = "enforcement"  # exécution forcée d'un titre (L111-4)
    CONSERVATORY_ATTACHMENT = "conservatory_attachment"  # saisie conservatoire (L511-1)
    PAYMENT_ORDER = "payment_order"  # injonction de payer (CPC 1405)
    SMALL_CLAIMS = "small_claims"  # petites créances (CPCE L125-1)
    INTERIM_PAYMENT = "interim_payment"  # référé-provision (CPC 835, 873)
    SUMMONS_ON_MERITS = "summons_on_merits"  # assignation au fond
    NO_ACTION = "no_action"  # aucune action judiciaire : passer en perte

    @property
    def label_fr(self) -> str:
        match self:
            case Route.CLAIM_DECLARATION:
                return "déclaration de créance"
            case Route.ENFORCEMENT:
                return "exécution forcée du titre"
            case Route.CONSERVATORY_ATTACHMENT:
                return "saisie conservatoire"
            case Route.PAYMENT_ORDER:
                return "injonction de payer"
            case Route.SMALL_CLAIMS:
                return "procédure simplifiée de recouvrement des petites créances"
            case Route.INTERIM_PAYMENT:
                return "référé-provision"
            case Route.SUMMONS_ON_MERITS:
                return "assignation au fond"
            case Route.NO_ACTION:
                return "aucune action judiciaire (passage en perte)"
            case _:
                assert_never(self)

    @property
    def order(self) -> int:
        return list(Route).index(self)


class ClaimNature(enum.Enum):
    """What the claim is, which decides the court (CPC 1406)."""

    COMMERCIAL = "commercial"  # between traders or an act of commerce by the debtor
    CIVIL = "civil"  # any other claim, a professional's claim on a consumer included
    CONSUMER_CREDIT = "consumer_credit"  # crédit à la consommation (JCP)
    RESIDENTIAL_LEASE = "residential_lease"  # bail d'habitation (JCP)


class Dispute(enum.Enum):
    """How the debtor contests the claim."""

    NONE = "none"
    MINOR = "minor"  # quibbles, partial or late complaints
    SERIOUS = "serious"  # a « contestation sérieuse » (CPC 835, 873)


class CollectiveKind(enum.Enum):
    """The collective proceedings opened against the debtor (C. com. livre VI)."""

    SAFEGUARD = "safeguard"  # sauvegarde
    RECEIVERSHIP = "receivership"  # redressement judiciaire
    LIQUIDATION = "liquidation"  # liquidation judiciaire

    @property
    def label_fr(self) -> str:
        match self:
            case CollectiveKind.SAFEGUARD:
                return "sauvegarde"
            case CollectiveKind.RECEIVERSHIP:
                return "redressement judiciaire"
            case CollectiveKind.LIQUIDATION:
                return "liquidation judiciaire"
            case _:
                assert_never(self)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The written evidence held for the claim (what a judge reads on a requête)."""

    signed_order: bool = False  # bon de commande signé
    accepted_quote: bool = False  # devis accepté
    delivery_note: bool = False  # bon de livraison signé / procès-verbal de réception
    terms_accepted: bool = False  # conditions générales acceptées
    bill_of_exchange: bool = False  # lettre de change acceptée, billet à ordre (CPC 1405 2°)
    unpaid_cheque: bool = False  # chèque impayé (CPCE L511-2)

    @property
    def written(self) -> bool:
        """True when at least one written document establishes the claim."""
        return (
            self.signed_order
            or self.accepted_quote
            or self.delivery_note
            or self.terms_accepted
            or self.bill_of_exchange
            or self.unpaid_cheque
        )

    @property
    def negotiable_instrument(self) -> bool:
        """A bill, note or cheque: conservatory measure without authorisation (L511-2)."""
        return self.bill_of_exchange or self.unpaid_cheque


@dataclass(frozen=True, slots=True)
class CollectiveProceedings:
    """Collective proceedings opened against the debtor, as published in the BODACC."""

    kind: CollectiveKind
    publication_date: date | None = None  # BODACC publication of the opening judgment


@dataclass(frozen=True, slots=True)
class ClaimAmounts:
    """The amount claimed and its parts (euros, two decimals), from the statement engine."""

    principal: Decimal
    interest: Decimal = Decimal("0.00")
    indemnity: Decimal = Decimal("0.00")  # 40 € per invoice (D441-5), B2B only
    costs: Decimal = Decimal("0.00")  # other recoverable costs already incurred

    def __post_init__(self) -> None:
        parts = {
            "principal": self.principal,
            "intérêts": self.interest,
            "indemnité": self.indemnity,
            "frais": self.costs,
        }
        for label, amount in parts.items():
            if not amount.is_finite() or amount < 0:
                raise ValueError(f"montant de la créance invalide ({label}) : {amount}")

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.indemnity + self.costs

    @property
    def principal_and_interest(self) -> Decimal:
        """The amount the petites créances ceiling is measured on (R125-1)."""
        return self.principal + self.interest


@dataclass(frozen=True, slots=True)
class JudicialContext:
    """Everything the route recommendation reads about one case, on one date."""

    on: date
    amounts: ClaimAmounts
    debtor_kind: DebtorKind
    nature: ClaimNature
    residence: Residence
    prescription_end: date
    dispute: Dispute = Dispute.NONE
    evidence: Evidence = Evidence()
    enforceable_title: bool = False
    assets_at_risk: bool = False
    debtor_cooperation_likely: bool = False  # the debtor is expected to accept (L125-1)
    small_claims_failed: bool = False  # a petites créances procedure already failed
    collective: CollectiveProceedings | None = None
    creditor_residence: Residence = METROPOLITAN  # for the R622-24 extension

    @property
    def time_barred(self) -> bool:
        """Prescription is acquired once its last day is over (C. civ. 2229)."""
        return self.on > self.prescription_end

    @property
    def abroad(self) -> bool:
        return self.residence.kind is ResidenceKind.ABROAD


class CourtKind(enum.Enum):
    """Who decides (or acts) on a route."""

    COMMERCIAL_COURT = "tribunal_de_commerce"
    COMMERCIAL_CHAMBER = "chambre_commerciale_tj"  # Alsace-Moselle
    JUDICIAL_COURT = "tribunal_judiciaire"
    PROTECTION_JUDGE = "juge_des_contentieux_de_la_protection"
    ENFORCEMENT_JUDGE = "juge_de_l_execution"
    BAILIFF = "commissaire_de_justice"
    MANDATARY = "mandataire_judiciaire"
    NONE = "aucune"


@dataclass(frozen=True, slots=True)
class Court:
    """The competent court or officer, and where (by the debtor's domicile)."""

    kind: CourtKind
    label_fr: str
    place_fr: str

    @property
    def is_judicial_court(self) -> bool:
        """Before the tribunal judiciaire (JCP included): CPC 750-1 may apply."""
        return self.kind in {CourtKind.JUDICIAL_COURT, CourtKind.PROTECTION_JUDGE}


def _place(residence: Residence) -> str:
    match residence.kind:
        case ResidenceKind.METROPOLITAN | ResidenceKind.OVERSEAS:
            where = f" ({residence.departement})" if residence.departement else ""
            return f"du ressort du domicile du débiteur{where}"
        case ResidenceKind.ABROAD:
            return "à déterminer : débiteur domicilié à l'étranger (compétence internationale)"
        case _:
            assert_never(residence.kind)


def _commercial(nature: ClaimNature, debtor_kind: DebtorKind) -> bool:
    """A commercial court hears the claim only against a trader (an act of commerce by the
    debtor); a consumer is sued before the civil courts [K: mixed acts]."""
    return nature is ClaimNature.COMMERCIAL and debtor_kind is DebtorKind.COMPANY


def _merits_court(nature: ClaimNature, debtor_kind: DebtorKind, residence: Residence) -> Court:
    place = _place(residence)
    alsace = (
        residence.kind is ResidenceKind.METROPOLITAN
        and residence.departement in ALSACE_MOSELLE_DEPARTEMENTS
    )
    if _commercial(nature, debtor_kind):
        if alsace:
            return Court(
                CourtKind.COMMERCIAL_CHAMBER,
                "chambre commerciale du tribunal judiciaire (Alsace-Moselle)",
                place,
            )
        if residence.kind is ResidenceKind.OVERSEAS:
            return Court(
                CourtKind.COMMERCIAL_COURT,
                "tribunal de commerce (outre-mer : tribunal mixte de commerce, à vérifier [K])",
                place,
            )
        return Court(CourtKind.COMMERCIAL_COURT, "tribunal de commerce", place)
    match nature:
        case ClaimNature.CONSUMER_CREDIT | ClaimNature.RESIDENTIAL_LEASE:
            return Court(
                CourtKind.PROTECTION_JUDGE,
                "juge des contentieux de la protection du tribunal judiciaire",
                place,
            )
        case ClaimNature.COMMERCIAL | ClaimNature.CIVIL:
            return Court(CourtKind.JUDICIAL_COURT, "tribunal judiciaire", place)
        case _:
            assert_never(nature)


def court_for(
    route: Route, nature: ClaimNature, debtor_kind: DebtorKind, residence: Residence
) -> Court:
    """The court or officer competent for ``route`` (see the module docstring)."""
    place = _place(residence)
    match route:
        case Route.PAYMENT_ORDER | Route.SUMMONS_ON_MERITS:
            return _merits_court(nature, debtor_kind, residence)
        case Route.INTERIM_PAYMENT:
            court = _merits_court(nature, debtor_kind, residence)
            return Court(court.kind, f"président (juge des référés) — {court.label_fr}", place)
        case Route.CONSERVATORY_ATTACHMENT:
            court = _merits_court(nature, debtor_kind, residence)
            if court.kind in {CourtKind.COMMERCIAL_COURT, CourtKind.COMMERCIAL_CHAMBER}:
                return Court(
                    court.kind,
                    f"président — {court.label_fr} (avant tout procès, CPCE L511-3), "
                    "ou juge de l'exécution",
                    place,
                )
            return Court(
                CourtKind.ENFORCEMENT_JUDGE,
                "juge de l'exécution du tribunal judiciaire (CPCE L511-3, R511-2)",
                place,
            )
        case Route.SMALL_CLAIMS:
            return Court(
                CourtKind.BAILIFF,
                "commissaire de justice du ressort de la cour d'appel du domicile du débiteur",
                place,
            )
        case Route.ENFORCEMENT:
            return Court(CourtKind.BAILIFF, "commissaire de justice", place)
        case Route.CLAIM_DECLARATION:
            return Court(
                CourtKind.MANDATARY,
                "mandataire judiciaire ou liquidateur désigné par le jugement d'ouverture",
                "désigné dans l'annonce BODACC",
            )
        case Route.NO_ACTION:
            return Court(CourtKind.NONE, "aucune juridiction", "")
        case _:
            assert_never(route)
