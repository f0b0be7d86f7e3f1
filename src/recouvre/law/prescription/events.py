"""The vocabulary of prescription: kinds of claim and the events that act on the period.

Why (C. civ. 2219-2254): the period depends on the kind of claim (C. com. L110-4 and
C. civ. 2224: 5 years; C. conso L218-2: 2 years from the completion of the work; C. com.
L133-6: 1 year; loi 89-462 art. 7-1: 3 years; CPCE L111-4: 10 years for an enforceable
title). Some events **interrupt** it (a new full period starts, C. civ. 2231), others
**suspend** it (the elapsed time is kept, C. civ. 2230), others have no effect (a formal
notice, the filing of an injonction de payer requête). An enforceable title (a judgment, an
injonction de payer order declared enforceable: CPCE L111-3 1° to 3°) **changes the period**:
from the day it can be executed, its execution is prescribed by ten years, unless the claim's
own period is longer (CPCE L111-4 al. 1). Each kind says so in one ``match``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import assert_never


class ClaimKind(enum.Enum):
    """Kind of claim, deciding the period and its starting point (values: file names)."""

    COMMERCIAL = "commerciale"
    CIVIL = "civile"
    CONSUMER = "consommateur"
    CARRIAGE = "transport"
    RESIDENTIAL_RENT = "bail-habitation"
    COMMERCIAL_RENT = "bail-commercial"
    ENFORCEABLE_TITLE = "titre-executoire"

    @property
    def period_key(self) -> str:
        """The legal row holding the period (read on the starting date)."""
        match self:
            case ClaimKind.COMMERCIAL:
                return "prescription_commercial_years"
            case ClaimKind.CIVIL:
                return "prescription_civil_years"
            case ClaimKind.CONSUMER:
                return "prescription_consumer_years"
            case ClaimKind.CARRIAGE:
                return "prescription_carriage_years"
            case ClaimKind.RESIDENTIAL_RENT:
                return "prescription_residential_rent_years"
            case ClaimKind.COMMERCIAL_RENT:
                return "prescription_commercial_rent_years"
            case ClaimKind.ENFORCEABLE_TITLE:
                return "prescription_enforceable_title_years"
            case _:
                assert_never(self)

    @property
    def label_fr(self) -> str:
        match self:
            case ClaimKind.COMMERCIAL:
                return "créance entre professionnels (C. com. L110-4, C. civ. 2224)"
            case ClaimKind.CIVIL:
                return "créance civile (C. civ. 2224)"
            case ClaimKind.CONSUMER:
                return "créance d'un professionnel contre un consommateur (C. conso L218-2)"
            case ClaimKind.CARRIAGE:
                return "contrat de transport de marchandises (C. com. L133-6)"
            case ClaimKind.RESIDENTIAL_RENT:
                return "bail d'habitation (loi n° 89-462, art. 7-1)"
            case ClaimKind.COMMERCIAL_RENT:
                return "loyers d'un bail commercial (C. civ. 2224)"
            case ClaimKind.ENFORCEABLE_TITLE:
                return "exécution d'un titre exécutoire (CPCE L111-4)"
            case _:
                assert_never(self)

    @property
    def start_label_fr(self) -> str:
        """What the starting date must be (C. civ. 2224, 2233; L218-2 case law)."""
        match self:
            case ClaimKind.COMMERCIAL | ClaimKind.CIVIL | ClaimKind.COMMERCIAL_RENT:
                return "date d'exigibilité, C. civ. 2233"
            case ClaimKind.CONSUMER:
                return "achèvement des travaux ou exécution de la prestation (non la facture)"
            case ClaimKind.CARRIAGE:
                return "livraison de la marchandise"
            case ClaimKind.RESIDENTIAL_RENT:
                return "date d'exigibilité du loyer ou des charges"
            case ClaimKind.ENFORCEABLE_TITLE:
                return "date à laquelle le titre peut être exécuté (signification)"
            case _:
                assert_never(self)

    def invoice_start(self, due_date: date, completed_on: date | None) -> date:
        """The starting point of an invoice's claim: against a consumer, the completion of
        the work or service when known (C. conso L218-2, Cass. 3e civ., 1 March 2023); else
        the due date (C. civ. 2233)."""
        if self is ClaimKind.CONSUMER and completed_on is not None:
            return completed_on
        return due_date

    @property
    def long_stop_applies(self) -> bool:
        """C. civ. 2232 caps extensions at 20 years, except for titles (CPCE L111-4)."""
        return self is not ClaimKind.ENFORCEABLE_TITLE


class Effect(enum.Enum):
    INTERRUPTION = "interruption"
    SUSPENSION = "suspension"
    TITLE = "titre"  # the period becomes the title's (CPCE L111-4)
    NONE = "aucun"


class EventKind(enum.Enum):
    """An event that may act on prescription (values: the names used in input files)."""

    ACKNOWLEDGEMENT = "reconnaissance"
    PARTIAL_PAYMENT = "paiement-partiel"
    PAYMENT_ORDER_SERVED = "signification-injonction"
    PAYMENT_ORDER_FILED = "requete-injonction"
    LEGAL_ACTION = "action-en-justice"
    ENFORCEMENT = "mesure-execution"
    CONSERVATORY_MEASURE = "mesure-conservatoire"
    CLAIM_DECLARATION = "declaration-creance"
    FORMAL_NOTICE = "mise-en-demeure"
    MEDIATION = "mediation"
    CONCILIATION = "conciliation"
    SMALL_CLAIMS_AGREEMENT = "accord-petites-creances"
    ENFORCEABLE_TITLE = "titre-executoire"  # the day the title can be executed

    @property
    def effect(self) -> Effect:
        match self:
            case (
                EventKind.ACKNOWLEDGEMENT
                | EventKind.PARTIAL_PAYMENT
                | EventKind.PAYMENT_ORDER_SERVED
                | EventKind.LEGAL_ACTION
                | EventKind.ENFORCEMENT
                | EventKind.CONSERVATORY_MEASURE
                | EventKind.CLAIM_DECLARATION
            ):
                return Effect.INTERRUPTION
            case EventKind.MEDIATION | EventKind.CONCILIATION | EventKind.SMALL_CLAIMS_AGREEMENT:
                return Effect.SUSPENSION
            case EventKind.ENFORCEABLE_TITLE:
                return Effect.TITLE
            case EventKind.PAYMENT_ORDER_FILED | EventKind.FORMAL_NOTICE:
                return Effect.NONE
            case _:
                assert_never(self)

    @property
    def lasts_until_end_of_proceedings(self) -> bool:
        """A legal action interrupts until the proceedings end (C. civ. 2242); a claim
        declaration until the closure of the collective proceedings [S]."""
        return self in (EventKind.LEGAL_ACTION, EventKind.CLAIM_DECLARATION)

    @property
    def escapes_long_stop(self) -> bool:
        """C. civ. 2232 al. 2: the 20-year cap does not apply after a legal action (2241
        al. 1) or an enforcement or conservatory measure (2244), nor to the execution of a
        title (CPCE L111-4: ten years from the title, whatever its age)."""
        return self in (
            EventKind.ENFORCEABLE_TITLE,
            EventKind.LEGAL_ACTION,
            EventKind.PAYMENT_ORDER_SERVED,
            EventKind.ENFORCEMENT,
            EventKind.CONSERVATORY_MEASURE,
            EventKind.CLAIM_DECLARATION,
        )

    @property
    def label_fr(self) -> str:
        match self:
            case EventKind.ACKNOWLEDGEMENT:
                return "reconnaissance de dette par le débiteur (C. civ. 2240)"
            case EventKind.PARTIAL_PAYMENT:
                return "paiement partiel, valant reconnaissance (C. civ. 2240)"
            case EventKind.PAYMENT_ORDER_SERVED:
                return "signification de l'ordonnance d'injonction de payer (C. civ. 2241)"
            case EventKind.PAYMENT_ORDER_FILED:
                return "dépôt de la requête en injonction de payer"
            case EventKind.LEGAL_ACTION:
                return "demande en justice, même en référé (C. civ. 2241)"
            case EventKind.ENFORCEMENT:
                return "acte d'exécution forcée (C. civ. 2244)"
            case EventKind.CONSERVATORY_MEASURE:
                return "mesure conservatoire (C. civ. 2244)"
            case EventKind.CLAIM_DECLARATION:
                return "déclaration de créance à la procédure collective"
            case EventKind.FORMAL_NOTICE:
                return "mise en demeure"
            case EventKind.MEDIATION:
                return "médiation (C. civ. 2238)"
            case EventKind.CONCILIATION:
                return "conciliation (C. civ. 2238)"
            case EventKind.SMALL_CLAIMS_AGREEMENT:
                return (
                    "accord du débiteur à la procédure des petites créances "
                    "(C. civ. 2238, CPCE L125-1)"
                )
            case EventKind.ENFORCEABLE_TITLE:
                return "titre exécutoire (jugement, ordonnance d'injonction de payer exécutoire)"
            case _:
                assert_never(self)

    @property
    def no_effect_reason_fr(self) -> str:
        match self:
            case EventKind.PAYMENT_ORDER_FILED:
                return (
                    "la requête n'interrompt pas la prescription ; seule la signification de "
                    "l'ordonnance l'interrompt (Cass. 10 juill. 1990, n° 89-13.345)"
                )
            case EventKind.FORMAL_NOTICE:
                return "une mise en demeure, même en LRAR, n'interrompt pas la prescription"
            case _:
                return "sans effet sur la prescription"


@dataclass(frozen=True, slots=True)
class PrescriptionEvent:
    """A dated event. ``end`` closes a suspension (end of the mediation or conciliation, the
    debtor's refusal recorded by the commissaire) or, for a legal action or a claim
    declaration, the end of the proceedings (C. civ. 2242). ``void``: the action was
    withdrawn, lapsed or finally rejected, so its interruption is « non avenue » (2243)."""

    kind: EventKind
    on: date
    end: date | None = None
    void: bool = False
