"""The stay of individual actions from the opening judgment of collective proceedings.

Why (C. com. L622-21, for the sauvegarde; applied to the redressement judiciaire by L631-14
and to the liquidation judiciaire by L641-3): the opening judgment « interrompt ou interdit
toute action en justice » of the creditors whose claim arose before it, tending to the payment
of a sum of money (I), and « arrête ou interdit également toute procédure d'exécution » (II).
Those creditors may only declare their claim to the mandataire (L622-24, within two months of
the BODACC publication, R622-24), which stays possible.

What recouvre does with it, from the day of the judgment (its date as BODACC gives it, else the
publication's):

- a voie d'exécution (II) is refused: a measure executed on any procedure (``execute``), and
  every act of an enforcement or a conservatory attachment (the request, the authorisation,
  its service); so is an act by which the creditor pursues an action for payment (I): filing,
  service of an order or a judgment, an order declared enforceable; a new procedure other than
  the claim declaration cannot be started;
- facts that are not the creditor's acts stay recordable: an order rendered or rejected, an
  opposition, a payment, the creditor's withdrawal (which closes the procedure);
- acts dated **before** the judgment stay valid and can still be recorded late;
- every procedure of the case not closed but the claim declaration is **frozen** (status
  ``frozen``): journaled with the reason (``ProcedureFrozen``), shown frozen in the agenda, its
  deadlines no longer alerted.

Worked example: liquidation judiciaire opened by judgment of 08/10/2026 (BODACC 14/10/2026):
an injonction de payer of 14/09/2026 is frozen; « execute » on 20/10/2026 is refused naming
L622-21 II, L641-3 and the 08/10/2026; an order served on 01/10/2026 recorded late is accepted.
"""

from __future__ import annotations

from datetime import date

from recouvre.domain.events.judicial import ProcedureFrozen
from recouvre.law.calendar import format_date_fr
from recouvre.law.routes.rules import CollectiveKind, Route
from recouvre.services.errors import ServiceError
from recouvre.services.judicial.ports import JudicialUnitOfWork
from recouvre.services.judicial.records import (
    CollectiveRecord,
    Procedure,
    ProcedureEventKind,
    ProcedureStatus,
)

K = ProcedureEventKind
EXECUTION_ROUTES = (Route.ENFORCEMENT, Route.CONSERVATORY_ATTACHMENT)
# Facts that are not the creditor's acts, or that end its action: never stayed.
NOT_STAYED = (K.ORDER_REJECTED, K.PAID, K.ABANDONED)
# The creditor's acts pursuing an action for payment (L622-21 I).
ACTION_ACTS = (K.FILED, K.SERVED, K.ENFORCEABLE)


class IndividualActionStayed(ServiceError):
    """An act the opening of collective proceedings forbids (C. com. L622-21), in French."""


def collective_kind_of(record: CollectiveRecord) -> CollectiveKind:
    match record.judgment_kind:
        case "ouverture_sauvegarde":
            return CollectiveKind.SAFEGUARD
        case "liquidation":
            return CollectiveKind.LIQUIDATION
        case _:
            return CollectiveKind.RECEIVERSHIP


def judgment_on(record: CollectiveRecord) -> date:
    """The opening judgment's date (the publication's when BODACC does not give it)."""
    return record.judgment_on or record.published_on


def article(record: CollectiveRecord, paragraph: str) -> str:
    """« C. com. L622-21 II, par renvoi de l'art. L641-3 » for a liquidation."""
    match collective_kind_of(record):
        case CollectiveKind.SAFEGUARD:
            return f"C. com. L622-21 {paragraph}"
        case CollectiveKind.RECEIVERSHIP:
            return f"C. com. L622-21 {paragraph}, par renvoi de l'art. L631-14"
        case CollectiveKind.LIQUIDATION:
            return f"C. com. L622-21 {paragraph}, par renvoi de l'art. L641-3"


def _judgment_text(record: CollectiveRecord) -> str:
    of = {
        CollectiveKind.SAFEGUARD: "de la procédure de sauvegarde",
        CollectiveKind.RECEIVERSHIP: "du redressement judiciaire",
        CollectiveKind.LIQUIDATION: "de la liquidation judiciaire",
    }[collective_kind_of(record)]
    return (
        f"jugement d'ouverture {of} du {format_date_fr(judgment_on(record))} (BODACC du "
        f"{format_date_fr(record.published_on)})"
    )


def _declare_to(record: CollectiveRecord) -> str:
    """To whom the claim is declared: the liquidateur in a liquidation (L641-3), else the
    mandataire judiciaire (L622-24)."""
    if collective_kind_of(record) is CollectiveKind.LIQUIDATION:
        return "au liquidateur"
    return "au mandataire judiciaire"


def stay_reason(record: CollectiveRecord) -> str:
    """Why a procedure is frozen, in French (journal, agenda, ``judicial procedures``)."""
    return (
        f"suspendue depuis le {_judgment_text(record)} : arrêt des poursuites individuelles et "
        f"des procédures d'exécution ({article(record, 'I et II')}) ; seule la déclaration de "
        f"créance {_declare_to(record)} reste ouverte (C. com. L622-24)"
    )


def stayed_paragraph(route: Route, kind: ProcedureEventKind) -> str | None:
    """The paragraph of L622-21 that forbids recording ``kind`` on ``route`` after the
    opening judgment: ``"II"`` a voie d'exécution, ``"I"`` an act pursuing an action for
    payment, ``None`` an event not stayed (see the module docstring)."""
    if route is Route.CLAIM_DECLARATION or kind in NOT_STAYED:
        return None
    if route in EXECUTION_ROUTES or kind is K.EXECUTED:
        return "II"
    if kind in ACTION_ACTS:
        return "I"
    return None


def check_event(
    opening: CollectiveRecord | None, route: Route, kind: ProcedureEventKind, on: date
) -> None:
    """Refuse an event dated on or after the opening judgment that L622-21 forbids."""
    if opening is None or on < judgment_on(opening):
        return
    paragraph = stayed_paragraph(route, kind)
    if paragraph is None:
        return
    forbids = (
        "arrête et interdit toute procédure d'exécution"
        if paragraph == "II"
        else "interrompt et interdit toute action en justice tendant au paiement d'une somme "
        "d'argent"
    )
    raise IndividualActionStayed(
        f"enregistrement refusé (« {kind.label_fr} » du {format_date_fr(on)}) : le "
        f"{_judgment_text(opening)} {forbids} des créanciers antérieurs "
        f"({article(opening, paragraph)}) ; déclarez la créance {_declare_to(opening)} "
        "(C. com. L622-24)"
    )


def check_start(opening: CollectiveRecord | None, route: Route, on: date) -> None:
    """Refuse a new procedure (but the claim declaration) on or after the opening judgment."""
    if opening is None or route is Route.CLAIM_DECLARATION or on < judgment_on(opening):
        return
    paragraph = "II" if route in EXECUTION_ROUTES else "I"
    raise IndividualActionStayed(
        f"{route.label_fr} impossible le {format_date_fr(on)} : le {_judgment_text(opening)} "
        f"interdit les poursuites individuelles des créanciers antérieurs "
        f"({article(opening, paragraph)}) ; déclarez la créance {_declare_to(opening)} "
        "(C. com. L622-24)"
    )


def freeze(
    work: JudicialUnitOfWork, procedure: Procedure, opening: CollectiveRecord, on: date
) -> bool:
    """Freeze one procedure not closed (not a claim declaration) and journal why; ``False``
    when there is nothing to freeze."""
    if procedure.route is Route.CLAIM_DECLARATION or procedure.status is not ProcedureStatus.OPEN:
        return False
    assert procedure.id is not None
    work.judicial.freeze_procedure(procedure.id)
    work.journal.record(
        ProcedureFrozen(
            procedure.case_id,
            on,
            procedure.id,
            procedure.route.value,
            collective_kind_of(opening).value,
            judgment_on(opening),
            stay_reason(opening),
        )
    )
    return True


def freeze_case(work: JudicialUnitOfWork, case_id: int, opening: CollectiveRecord, on: date) -> int:
    """Freeze every open procedure of the case (``on``: the day recouvre learns of the
    judgment); the number frozen."""
    return sum(freeze(work, p, opening, on) for p in work.judicial.procedures_for(case_id))
