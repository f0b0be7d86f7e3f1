"""The conditions of each judicial route: what excludes it, what makes it risky, what to say.

Why: each route has its own legal conditions: the injonction de payer needs a
contractual or statutory claim of a determined amount against a debtor domiciled in France
(CPC 1405, 1406), and only its service interrupts prescription (CPC 1411, C. civ. 2241); the petites
créances procedure has a ceiling and needs the debtor's acceptance (CPCE L125-1, R125-1,
R125-2); the référé-provision is closed by a serious dispute (CPC 835 al. 2, 873 al. 2); the
saisie conservatoire needs circumstances threatening recovery (CPCE L511-1) and, without a title,
proceedings within a month of its execution (R511-7); the claim declaration has its deadline
from the BODACC publication (C. com. L622-24, R622-24) and then the relief from foreclosure
(L622-26). Above them all: a time-barred claim (C. civ. 2229), collective proceedings
(L622-21) and a title already held (CPCE L111-4).

``assess_conditions(route, context, lookup, deadlines)`` returns an ``Assessment``: blockers
(the route is impossible), risks and notes, each a French sentence citing its article. Money
and ranking are ``recouvre.law.routes.recommendation``' business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from recouvre.law.calendar import format_date_fr
from recouvre.law.deadlines.collective import CollectiveDeadlines, collective_deadlines
from recouvre.law.routes.costs import Lookup
from recouvre.law.routes.rules import Dispute, JudicialContext, Route


def euros(amount: Decimal) -> str:
    """« 5 000,00 € » (French grouping and decimal comma), for reasons."""
    text = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text} €"


@dataclass(slots=True)
class Assessment:
    """What the conditions say about one route: blockers exclude it; risks and notes are
    reasons shown with it (risks also flag it ``risky``)."""

    blockers: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def collective_deadlines_of(context: JudicialContext, lookup: Lookup) -> CollectiveDeadlines | None:
    """The claim declaration and relief deadlines of the case, when the BODACC publication
    date is known (computed by ``recouvre.law.deadlines.collective``, rows noted as used)."""
    collective = context.collective
    if collective is None or collective.publication_date is None:
        return None
    found = collective_deadlines(
        collective.publication_date,
        tables=lookup.tables,
        debtor_seat=context.residence,
        creditor_residence=context.creditor_residence,
    )
    lookup.used.extend(found.rows)
    return found


def _common_blockers(route: Route, context: JudicialContext, found: Assessment) -> None:
    """Time bar, collective proceedings and a title already held (apply to every route)."""
    if route is Route.NO_ACTION:
        return
    if context.time_barred:
        found.blockers.append(
            f"créance prescrite depuis le {format_date_fr(context.prescription_end)} "
            "(dernier jour accompli, C. civ. 2229) : aucune action n'est recevable"
        )
        return
    collective = context.collective
    if collective is not None and route is not Route.CLAIM_DECLARATION:
        found.blockers.append(
            f"procédure de {collective.kind.label_fr} ouverte : arrêt des poursuites "
            "individuelles (C. com. L622-21) ; seule la déclaration de créance est possible"
        )
        return
    if collective is None and route is Route.CLAIM_DECLARATION:
        found.blockers.append("aucune procédure collective ouverte contre le débiteur")
        return
    fresh_title_routes = {
        Route.PAYMENT_ORDER,
        Route.SMALL_CLAIMS,
        Route.INTERIM_PAYMENT,
        Route.SUMMONS_ON_MERITS,
    }
    if context.enforceable_title and route in fresh_title_routes:
        found.blockers.append(
            "un titre exécutoire est déjà détenu : passer à l'exécution (CPCE L111-4)"
        )
    if not context.enforceable_title and route is Route.ENFORCEMENT:
        found.blockers.append("aucun titre exécutoire détenu : il faut d'abord l'obtenir")


def _abroad_risk(context: JudicialContext, found: Assessment) -> None:
    if context.abroad:
        found.risks.append(
            "débiteur domicilié à l'étranger : compétence internationale et signification "
            "à l'étranger à vérifier (non couvertes par recouvre)"
        )


def _payment_order(context: JudicialContext, lookup: Lookup, found: Assessment) -> None:
    if context.abroad:
        found.blockers.append(
            "injonction de payer : le débiteur doit être domicilié en France (CPC 1406)"
        )
        return
    service_days = int(lookup.value("route_delay_payment_order_service_days"))
    service_by = context.on + timedelta(days=service_days)
    if service_by > context.prescription_end:
        found.blockers.append(
            "la requête n'interrompt pas la prescription, seule la signification de "
            f"l'ordonnance le fait : estimée vers le {format_date_fr(service_by)}, elle "
            f"interviendrait après la fin de la prescription "
            f"({format_date_fr(context.prescription_end)})"
        )
        return
    if context.evidence.bill_of_exchange:
        found.notes.append("engagement résultant d'une lettre de change acceptée (CPC 1405 2°)")
    else:
        found.notes.append("créance contractuelle d'un montant déterminé (CPC 1405 1°)")
    if context.evidence.written:
        found.notes.append("pièces écrites à joindre au bordereau de la requête (CPC 1407)")
    else:
        found.risks.append(
            "aucune pièce écrite (commande, devis, bon de livraison, CGV) : risque de rejet "
            "de la requête, sans recours (CPC 1409)"
        )
    match context.dispute:
        case Dispute.SERIOUS:
            found.risks.append(
                "contestation sérieuse : opposition probable, l'affaire repassera au fond "
                "(CPC 1416-1420)"
            )
        case Dispute.MINOR:
            found.risks.append("contestation légère : une opposition reste possible (CPC 1416)")
        case Dispute.NONE:
            found.notes.append("créance non contestée : procédure rapide et non contradictoire")
    found.notes.append(
        "pas de tentative amiable préalable : CPC 750-1 ne s'applique pas à l'injonction de payer"
    )
    threshold = lookup.value("representation_threshold")
    if context.amounts.total > threshold:
        found.notes.append(
            f"requête sans avocat ; au-delà de {euros(threshold)}, avocat obligatoire "
            "en cas d'opposition (CPC 761, 853)"
        )


def _small_claims(context: JudicialContext, lookup: Lookup, found: Assessment) -> None:
    ceiling = lookup.value("small_claims_ceiling")
    measured = context.amounts.principal_and_interest
    if measured > ceiling:
        found.blockers.append(
            f"petites créances : {euros(measured)} en principal et intérêts, au-delà du "
            f"plafond de {euros(ceiling)} (CPCE L125-1, R125-1)"
        )
    if context.abroad:
        found.blockers.append(
            "petites créances : commissaire de justice du ressort de la cour d'appel du "
            "domicile du débiteur, en France"
        )
    if context.small_claims_failed:
        found.blockers.append("une procédure de petites créances a déjà échoué")
    if found.blockers:
        return
    found.notes.append(
        f"créance de {euros(measured)} en principal et intérêts, sous le plafond de "
        f"{euros(ceiling)} (CPCE L125-1)"
    )
    if context.debtor_cooperation_likely:
        found.notes.append(
            "accord du débiteur probable : titre exécutoire délivré par le commissaire de "
            "justice (CPCE L111-3 5°) ; l'accord suspend la prescription (C. civ. 2238)"
        )
    else:
        found.risks.append(
            "le débiteur doit accepter : un mois de silence vaut refus (CPCE R125-2)"
        )
    if context.dispute is Dispute.SERIOUS:
        found.risks.append("contestation sérieuse : un accord sur le montant est improbable")
    found.notes.append("frais à la charge exclusive du créancier (CPCE L125-1)")


def _interim_payment(context: JudicialContext, found: Assessment) -> None:
    match context.dispute:
        case Dispute.SERIOUS:
            found.blockers.append(
                "contestation sérieuse : il n'y a pas lieu à référé (CPC 835 al. 2, 873 al. 2)"
            )
            return
        case Dispute.MINOR:
            found.risks.append("contestation légère : le juge des référés peut la juger sérieuse")
        case Dispute.NONE:
            found.notes.append("obligation non sérieusement contestable (CPC 835 al. 2, 873 al. 2)")
    found.notes.append(
        "ordonnance contradictoire rapide, exécutoire de droit ; la demande interrompt "
        "la prescription (C. civ. 2241)"
    )
    _abroad_risk(context, found)


def _summons_on_merits(context: JudicialContext, found: Assessment) -> None:
    match context.dispute:
        case Dispute.SERIOUS | Dispute.MINOR:
            found.notes.append("créance contestée : le juge du fond tranche la contestation")
        case Dispute.NONE:
            found.notes.append("procédure ordinaire, plus longue que l'injonction de payer")
    found.notes.append(
        "l'assignation interrompt la prescription (C. civ. 2241) ; jugement exécutoire de "
        "droit à titre provisoire (CPC 514)"
    )
    _abroad_risk(context, found)


def _conservatory(context: JudicialContext, found: Assessment) -> None:
    if not context.assets_at_risk:
        found.blockers.append(
            "saisie conservatoire : aucune circonstance menaçant le recouvrement n'est "
            "justifiée (CPCE L511-1)"
        )
        return
    found.notes.append("circonstances menaçant le recouvrement : geler les biens (CPCE L511-1)")
    if context.enforceable_title or context.evidence.negotiable_instrument:
        found.notes.append(
            "sans autorisation préalable du juge : titre, lettre de change acceptée ou "
            "chèque impayé (CPCE L511-2)"
        )
    else:
        found.notes.append(
            "autorisation du juge sur requête (CPCE L511-3, R511-1) ; l'ordonnance est "
            "caduque si elle n'est pas exécutée dans les 3 mois (R511-6)"
        )
    if not context.enforceable_title:
        found.notes.append(
            "dans le mois de l'exécution, engager l'action au fond ou déposer une requête "
            "en injonction de payer, à peine de caducité (CPCE R511-7)"
        )
    if context.dispute is Dispute.SERIOUS:
        found.risks.append(
            "contestation sérieuse : la créance doit paraître fondée en son principe"
        )
    _abroad_risk(context, found)


def _claim_declaration(
    context: JudicialContext, deadlines: CollectiveDeadlines | None, found: Assessment
) -> None:
    if context.collective is None:
        return
    if deadlines is not None:
        declaration, relief = deadlines.declaration, deadlines.relief
        if context.on <= declaration.end:
            found.notes.append(
                "déclarer au mandataire judiciaire au plus tard le "
                f"{format_date_fr(declaration.end)} (C. com. L622-24, R622-24)"
            )
        elif context.on <= relief.end:
            found.risks.append(
                f"délai de déclaration expiré le {format_date_fr(declaration.end)} : action en "
                f"relevé de forclusion possible jusqu'au {format_date_fr(relief.end)} "
                "(C. com. L622-26)"
            )
        else:
            found.blockers.append(
                f"délai de déclaration expiré le {format_date_fr(declaration.end)} et relevé "
                f"de forclusion impossible après le {format_date_fr(relief.end)} : créance "
                "forclose (C. com. L622-26)"
            )
            return
    else:
        found.notes.append(
            "déclarer dans les 2 mois de la publication du jugement d'ouverture au BODACC "
            "(C. com. L622-24, R622-24)"
        )
    found.notes.append(
        "les intérêts s'arrêtent au jugement d'ouverture (L622-28) ; l'indemnité de 40 € "
        "n'est pas déclarable (L441-10 II) ; la déclaration interrompt la prescription"
    )


def assess_conditions(
    route: Route, context: JudicialContext, lookup: Lookup, deadlines: CollectiveDeadlines | None
) -> Assessment:
    found = Assessment()
    _common_blockers(route, context, found)
    if found.blockers:
        return found
    match route:
        case Route.PAYMENT_ORDER:
            _payment_order(context, lookup, found)
        case Route.SMALL_CLAIMS:
            _small_claims(context, lookup, found)
        case Route.INTERIM_PAYMENT:
            _interim_payment(context, found)
        case Route.SUMMONS_ON_MERITS:
            _summons_on_merits(context, found)
        case Route.CONSERVATORY_ATTACHMENT:
            _conservatory(context, found)
        case Route.CLAIM_DECLARATION:
            _claim_declaration(context, deadlines, found)
        case Route.ENFORCEMENT:
            found.notes.append(
                "titre exécutoire : exécution forcée par commissaire de justice pendant "
                "10 ans (CPCE L111-4)"
            )
        case Route.NO_ACTION:
            if context.time_barred:
                found.notes.append("créance prescrite : classer le dossier (prescrit)")
            else:
                found.notes.append("aucune dépense ; la créance peut être passée en perte")
    return found
