"""The rules a judicial procedure follows that need no storage: the prescription notes shown
when a procedure starts, the prescription deadline an unserved injonction de payer adds to the
agenda, the outcome an event closes a procedure with, and the journal entries of the amicable
actions a procedure cancels."""

from __future__ import annotations

from datetime import date

from recouvre.domain.events.contacts import ActionCancelled
from recouvre.law.calendar import format_date_fr
from recouvre.law.parameters import LegalTables
from recouvre.law.prescription.computation import PrescriptionResult
from recouvre.law.routes.rules import Route
from recouvre.services.errors import ServiceError
from recouvre.services.judicial.agenda import AgendaItem, deadline_state
from recouvre.services.judicial.case_file import CaseFile, prescription_of
from recouvre.services.judicial.ports import JudicialUnitOfWork, PendingAction
from recouvre.services.judicial.records import Procedure, ProcedureEvent, ProcedureEventKind


class JudicialError(ServiceError):
    """A judicial command that cannot be done as asked (French message)."""


def prescription_item(
    file: CaseFile,
    procedure: Procedure,
    events: tuple[ProcedureEvent, ...],
    on: date,
    tables: LegalTables,
) -> list[AgendaItem]:
    """An injonction de payer not yet served does not stop prescription (C. civ. 2241;
    Cass. 10 July 1990): the practical deadline of the claim's prescription joins the agenda
    until service."""
    if procedure.route is not Route.PAYMENT_ORDER or procedure.id is None:
        return []
    if any(e.kind is ProcedureEventKind.SERVED for e in events):
        return []
    prescription = prescription_of(file, on, tables)
    if prescription is None or prescription.practical_deadline is None:
        return []
    due = prescription.practical_deadline
    alerts = tuple(alert.on for alert in prescription.alerts)
    return [
        AgendaItem(
            procedure.id,
            procedure.case_id,
            "prescription",
            "Prescription de la créance : l'ordonnance doit être signifiée avant (la requête "
            "ne l'interrompt pas, C. civ. 2241, Cass. 10 juill. 1990)",
            due,
            alerts,
            deadline_state(due, alerts, on),
            prescription.explanation,
            prescription.rows,
        )
    ]


def journal_cancellations(
    uow: JudicialUnitOfWork, case_id: int, on: date, cancelled: list[PendingAction], reason: str
) -> None:
    """One journal entry per outbox action cancelled: every status change is journaled."""
    for action in cancelled:
        uow.journal.record(
            ActionCancelled(case_id, on, action.id, action.step_id, action.previous_status, reason)
        )


def prescription_notes(route: Route, prescription: PrescriptionResult | None) -> list[str]:
    if prescription is None or prescription.legal_end is None:
        return []
    end = format_date_fr(prescription.legal_end)
    practical = format_date_fr(prescription.practical_deadline or prescription.legal_end)
    if prescription.status.value == "acquise":
        return [f"créance prescrite depuis la fin du {end} (C. civ. 2229) : action irrecevable"]
    match route:
        case Route.PAYMENT_ORDER:
            return [
                f"Prescription acquise à la fin du {end} : la requête n'interrompt pas la "
                f"prescription, seule la signification de l'ordonnance l'interrompt ; la faire "
                f"signifier au plus tard le {practical}."
            ]
        case Route.CONSERVATORY_ATTACHMENT:
            return [
                f"Prescription acquise à la fin du {end} : l'exécution de la mesure "
                "conservatoire l'interrompt (C. civ. 2244) ; l'exécuter au plus tard le "
                f"{practical}."
            ]
        case _:
            return [
                f"Prescription acquise à la fin du {end} : la demande en justice l'interrompt "
                f"(C. civ. 2241) ; la délivrer au plus tard le {practical}."
            ]


def outcome_of(kind: ProcedureEventKind) -> str | None:
    match kind:
        case ProcedureEventKind.ORDER_REJECTED:
            return "rejected"
        case ProcedureEventKind.PAID:
            return "paid"
        case ProcedureEventKind.ABANDONED:
            return "abandoned"
        case _:
            return None


def check_sequence(
    procedure: Procedure,
    events: list[ProcedureEvent],
    kind: ProcedureEventKind,
    to_person: bool | None,
) -> None:
    """Refuse an event that cannot follow the ones recorded (a clear French error)."""
    kinds = {e.kind for e in events}
    if procedure.route is Route.PAYMENT_ORDER:
        if kind is ProcedureEventKind.SERVED and ProcedureEventKind.ORDER_RENDERED not in kinds:
            raise JudicialError("signification impossible : aucune ordonnance rendue enregistrée")
        if kind is ProcedureEventKind.OPPOSITION and ProcedureEventKind.SERVED not in kinds:
            raise JudicialError("opposition impossible : ordonnance non signifiée")
        if kind is ProcedureEventKind.ENFORCEABLE and ProcedureEventKind.OPPOSITION in kinds:
            raise JudicialError(
                "opposition formée : l'ordonnance n'est pas exécutoire ; le jugement sur "
                "opposition s'y substitue (CPC 1420)"
            )
    if kind is ProcedureEventKind.SERVED and to_person is None:
        raise JudicialError("signification : préciser --to-person ou --not-to-person (CPC 1416)")
    if kind is ProcedureEventKind.ENFORCEABLE and ProcedureEventKind.ENFORCEABLE in kinds:
        raise JudicialError("titre exécutoire déjà enregistré pour cette procédure")
