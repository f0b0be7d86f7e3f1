"""Use cases of the judicial phase: advise a route, record the evidence, start a procedure,
record its events and titles, list the agenda of deadlines.

When the amicable phase fails the creditor chooses a route
(``law.routes.recommendation.recommend_routes``), files it, and then lives by its deadlines.
recouvre stores the dated facts (``services.judicial.records``, ``services.judicial.facts``) and
lets the law engine compute the rest. Rules
applied here:

- starting a procedure checks prescription: the injonction de payer requête does **not**
  interrupt it, only the service of the order does (C. civ. 2241; Cass. 10 July 1990), so an
  order that cannot be served before the practical deadline is refused (the route
  recommendation excludes it, and its reasons are shown);
- a procedure puts the case in the judicial phase and cancels the amicable actions not sent;
- the order becomes an enforceable title only after the opposition period, from the date the
  law engine gives (CPC 1422; décret 2026-96); the title then bears legal interest, + 5 points
  two months after the day it became enforceable (CMF L313-3, ``judgment_interest``);
- from the opening judgment of collective proceedings, individual actions and enforcement are
  stayed (C. com. L622-21, ``services.judicial.collective_stay``): such an act is refused, the
  debtor's procedures are frozen; the claim declaration stays possible;
- every change is journaled on the case's stream.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from recouvre.domain.cases import Phase
from recouvre.domain.events.judicial import (
    EnforceableTitleRecorded,
    ProcedureEventRecorded,
    ProcedureStarted,
    TitleSummary,
)
from recouvre.law.calendar import format_date_fr
from recouvre.law.deadlines.payment_order import PaymentOrderFacts, payment_order_timeline
from recouvre.law.interest import LegalRateCategory
from recouvre.law.parameters import LegalTables
from recouvre.law.prescription.computation import PrescriptionResult
from recouvre.law.routes.recommendation import RouteAdvice, recommend_routes
from recouvre.law.routes.rules import Route, court_for
from recouvre.law.statement.computation import Statement
from recouvre.services.judicial.agenda import AgendaItem, frozen_agenda, procedure_agenda
from recouvre.services.judicial.case_file import (
    CaseFile,
    find_case,
    judicial_context,
    load_case_file,
)
from recouvre.services.judicial.collective_stay import (
    check_event,
    check_start,
    freeze,
    judgment_on,
    stay_reason,
)
from recouvre.services.judicial.facts import FactsChanges, write_facts
from recouvre.services.judicial.judgment_interest import TitleStatement, title_statement
from recouvre.services.judicial.ports import (
    JudicialUnitOfWorkFactory,
)
from recouvre.services.judicial.procedure_rules import (
    JudicialError,
    check_sequence,
    journal_cancellations,
    outcome_of,
    prescription_item,
    prescription_notes,
)
from recouvre.services.judicial.records import (
    EnforceableTitle,
    JudicialFacts,
    Procedure,
    ProcedureEvent,
    ProcedureEventKind,
    ProcedureStatus,
    TitleTerms,
)
from recouvre.services.ports import Clock

__all__ = [
    "Advice",
    "JudicialError",
    "JudicialService",
    "Recorded",
    "Started",
    "journal_cancellations",
]


@dataclass(frozen=True, slots=True)
class Advice:
    reference: str
    statement: Statement
    prescription: PrescriptionResult | None
    routes: RouteAdvice


@dataclass(frozen=True, slots=True)
class Started:
    procedure: Procedure
    prescription_notes: tuple[str, ...]
    cancelled_actions: int


@dataclass(frozen=True, slots=True)
class Recorded:
    procedure: Procedure
    event: ProcedureEvent
    title: EnforceableTitle | None
    notes: tuple[str, ...]


class JudicialService:
    def __init__(self, uow: JudicialUnitOfWorkFactory, tables: LegalTables, clock: Clock) -> None:
        self.uow = uow
        self.tables = tables
        self.clock = clock

    def _now(self) -> str:
        return self.clock.now().isoformat().replace("+00:00", "Z")

    # --- evidence --------------------------------------------------------------------------

    def record_facts(self, case_key: str, facts: JudicialFacts, on: date) -> JudicialFacts:
        """Replace the facts stored on the case (evidence, dispute, nature, formal notice)."""
        with self.uow() as uow:
            case = find_case(uow, case_key)
            assert case.id is not None
            write_facts(uow, case.id, facts, on, self._now())
            uow.commit()
        return facts

    def update_facts(self, case_key: str, changes: FactsChanges, on: date) -> JudicialFacts:
        """Merge ``changes`` into the facts stored on the case and store the result, read and
        written in one transaction (two updates made at once never lose one another)."""
        with self.uow() as uow:
            case = find_case(uow, case_key)
            assert case.id is not None
            facts = changes.applied_to(uow.judicial.facts_for(case.id))
            write_facts(uow, case.id, facts, on, self._now())
            uow.commit()
        return facts

    def facts(self, case_key: str) -> JudicialFacts:
        with self.uow() as uow:
            case = find_case(uow, case_key)
            assert case.id is not None
            return uow.judicial.facts_for(case.id)

    # --- advice ----------------------------------------------------------------------------

    def case_file(self, case_key: str) -> CaseFile:
        with self.uow() as uow:
            return load_case_file(uow, find_case(uow, case_key))

    def advise(self, case_key: str, on: date) -> Advice:
        file = self.case_file(case_key)
        context, current, prescription = judicial_context(file, on, self.tables)
        return Advice(file.reference, current, prescription, recommend_routes(context, self.tables))

    # --- procedures ------------------------------------------------------------------------

    def start(self, case_key: str, route: Route, on: date, *, force: bool = False) -> Started:
        """Open a procedure on ``route`` (refused when the route is excluded, unless ``force``)."""
        with self.uow() as uow:
            case = find_case(uow, case_key)
            file = load_case_file(uow, case)
            if not case.is_open:
                raise JudicialError(f"dossier {file.reference} clos : aucune procédure possible")
            context, current, prescription = judicial_context(file, on, self.tables)
            advice = recommend_routes(context, self.tables)
            option = advice.option(route)
            if not option.feasible and not force:
                raise JudicialError(
                    f"{route.label_fr} impossible pour le dossier {file.reference} : "
                    + " ; ".join(option.reasons)
                )
            check_start(file.opening, route, on)
            notes = list(prescription_notes(route, prescription))
            if prescription is not None and prescription.status.value == "acquise":
                raise JudicialError(notes[0] if notes else "créance prescrite")
            court = court_for(route, context.nature, context.debtor_kind, context.residence)
            procedure = uow.judicial.add_procedure(
                Procedure(
                    id=None,
                    case_id=file.case_id,
                    route=route,
                    court_kind=court.kind.value,
                    court=f"{court.label_fr} — {court.place_fr}"
                    if court.place_fr
                    else court.label_fr,
                    status=ProcedureStatus.OPEN,
                    started_on=on,
                    claimed=current.totals.total_due,
                ),
                self._now(),
            )
            reason = f"procédure engagée : {route.label_fr}"
            if route is not Route.CLAIM_DECLARATION and case.phase is not Phase.JUDICIAL:
                if case.phase is Phase.AMICABLE:
                    case.move_to(Phase.PRE_LITIGATION, on, reason)
                if case.phase is not Phase.COLLECTIVE_PROCEEDINGS:
                    case.move_to(Phase.JUDICIAL, on, reason)
            cancelled = uow.judicial.cancel_pending_actions(file.case_id, reason, self._now())
            journal_cancellations(uow, file.case_id, on, cancelled, reason)
            started = ProcedureStarted(
                file.case_id,
                on,
                procedure.id,
                route.value,
                procedure.court,
                procedure.claimed,
                force and not option.feasible,
                tuple(a.id for a in cancelled),
            )
            uow.journal.record(started)
            if file.opening is not None and freeze(uow, procedure, file.opening, on):
                procedure = replace(procedure, status=ProcedureStatus.FROZEN)  # L622-21
            uow.commit()
        return Started(procedure, tuple(notes), len(cancelled))

    def record_event(
        self,
        procedure_id: int,
        kind: ProcedureEventKind,
        on: date,
        *,
        to_person: bool | None = None,
        amount: Decimal | None = None,
        reference: str | None = None,
        note: str | None = None,
        served_on: date | None = None,
    ) -> Recorded:
        """Record a dated event; an ``enforceable`` event also records the title."""
        with self.uow() as uow:
            procedure = uow.judicial.procedure(procedure_id)
            if procedure is None:
                raise JudicialError(f"procédure n° {procedure_id} introuvable")
            if procedure.status is ProcedureStatus.CLOSED:
                raise JudicialError(
                    f"procédure n° {procedure_id} close le "
                    f"{format_date_fr(procedure.closed_on or procedure.started_on)} "
                    f"({procedure.outcome}) : aucun événement ne peut plus y être ajouté"
                )
            if on < procedure.started_on:
                raise JudicialError(
                    f"date {format_date_fr(on)} antérieure au début de la procédure "
                    f"({format_date_fr(procedure.started_on)})"
                )
            events = uow.judicial.events_for(procedure_id)
            case = uow.cases.get(procedure.case_id)
            assert case is not None
            file = load_case_file(uow, case)
            check_event(file.opening, procedure.route, kind, on)
            check_sequence(procedure, events, kind, to_person)
            notes: list[str] = []
            title: EnforceableTitle | None = None
            if kind is ProcedureEventKind.ENFORCEABLE:
                title, title_notes = self._title_from(
                    file, procedure, events, on, amount, served_on
                )
                notes.extend(title_notes)
            event = uow.judicial.add_event(
                ProcedureEvent(None, procedure_id, kind, on, to_person, amount, reference, note),
                self._now(),
            )
            if title is not None:
                title = uow.judicial.add_title(title, self._now())
            outcome = outcome_of(kind)
            if outcome is not None:
                uow.judicial.close_procedure(procedure_id, outcome, on)
                procedure = replace(
                    procedure, status=ProcedureStatus.CLOSED, outcome=outcome, closed_on=on
                )
                back = {ProcedureEventKind.ORDER_REJECTED, ProcedureEventKind.ABANDONED}
                if kind in back and case.phase is Phase.JUDICIAL:
                    case.move_to(Phase.PRE_LITIGATION, on, f"procédure : {kind.label_fr}")
            summary = (
                None
                if title is None
                else TitleSummary(title.pronounced_on, title.amount, title.served_on)
            )
            happened = ProcedureEventRecorded(
                procedure.case_id,
                on,
                procedure_id,
                procedure.route.value,
                kind.value,
                to_person,
                amount,
                reference or None,
                summary,
            )
            uow.journal.record(happened)
            uow.commit()
        return Recorded(procedure, event, title, tuple(notes))

    def _title_from(
        self,
        file: CaseFile,
        procedure: Procedure,
        events: list[ProcedureEvent],
        on: date,
        amount: Decimal | None,
        served_on: date | None,
    ) -> tuple[EnforceableTitle, list[str]]:
        notes: list[str] = []
        order = next((e for e in events if e.kind is ProcedureEventKind.ORDER_RENDERED), None)
        served = [e for e in events if e.kind is ProcedureEventKind.SERVED]
        if procedure.route is Route.PAYMENT_ORDER:
            if order is None or not served:
                raise JudicialError(
                    "l'ordonnance doit être rendue et signifiée avant de devenir exécutoire "
                    "(CPC 1411, 1422)"
                )
            first = served[0]
            personal = next((e for e in served if e.to_person), None)
            timeline = payment_order_timeline(
                PaymentOrderFacts(
                    order_date=order.on,
                    served_on=first.on,
                    served_to_person=bool(first.to_person),
                    personal_trigger=(
                        personal.on if personal is not None and not first.to_person else None
                    ),
                    residence=file.residence,
                ),
                tables=self.tables,
                calendar=file.calendar,
            )
            if timeline.lapsed:
                raise JudicialError("ordonnance signifiée hors délai : non avenue (CPC 1411)")
            if timeline.opposition_open or timeline.execution_from is None:
                raise JudicialError(
                    "signification non faite à personne : le délai d'opposition ne court pas "
                    "encore (CPC 1416 al. 2) ; l'ordonnance n'est pas exécutoire"
                )
            if on < timeline.execution_from:
                raise JudicialError(
                    "l'ordonnance n'est exécutoire qu'à compter du "
                    f"{format_date_fr(timeline.execution_from)} (CPC 1422) : "
                    + " ".join(timeline.explanation[-1:])
                )
            pronounced = order.on
            awarded = amount or order.amount or procedure.claimed
            service: date | None = first.on
            enforceable: date | None = timeline.execution_from  # CPC 1422, CMF L313-3
            notes.append(
                f"Titre exécutoire : ordonnance du {format_date_fr(pronounced)}, signifiée le "
                f"{format_date_fr(first.on)}, exécutoire depuis le "
                f"{format_date_fr(timeline.execution_from)}."
            )
            description = f"ordonnance d'injonction de payer du {format_date_fr(pronounced)}"
        else:
            if amount is None:
                raise JudicialError("--amount : le montant de la condamnation est requis")
            pronounced = order.on if order is not None else on
            awarded = amount
            service = served_on or (served[0].on if served else None)
            enforceable = None
            description = f"décision du {format_date_fr(pronounced)} ({procedure.route.label_fr})"
        title = EnforceableTitle(None, procedure.case_id, procedure.id, pronounced, awarded,
                                 service, description, enforceable_on=enforceable)  # fmt: skip
        return title, notes

    def record_title(
        self,
        case_key: str,
        pronounced_on: date,
        amount: Decimal,
        served_on: date | None,
        description: str,
        on: date,
        ordered: TitleTerms | None = None,
    ) -> EnforceableTitle:
        """A title obtained outside recouvre (a judgment handed by the lawyer) and its terms."""
        with self.uow() as uow:
            case = find_case(uow, case_key)
            assert case.id is not None
            bare = EnforceableTitle(
                None, case.id, None, pronounced_on, amount, served_on, description
            )
            title = uow.judicial.add_title((ordered or TitleTerms()).applied_to(bare), self._now())
            recorded_title = EnforceableTitleRecorded(
                case.id, on, pronounced_on, amount, served_on, description
            )
            uow.journal.record(recorded_title)
            uow.commit()
        return title

    def title_statement(self, case_key: str, on: date) -> TitleStatement:
        """The claim under the latest title: sum awarded + legal interest (+5 points)."""
        file = self.case_file(case_key)
        if not file.titles:
            raise JudicialError(f"dossier {file.reference} : aucun titre exécutoire enregistré")
        return title_statement(
            file.titles[-1], file.payments, on, self.tables, LegalRateCategory.AUTRES
        )

    # --- agenda ----------------------------------------------------------------------------

    def agenda(
        self, on: date, within: int | None = None, case_id: int | None = None
    ) -> list[tuple[str, Procedure, AgendaItem]]:
        """Every deadline of the procedures not closed (of ``case_id`` only when given: a case
        page), soonest first (a frozen one shows suspended, ``agenda.frozen_agenda``);
        ``within`` days keeps those due by ``on + within`` (overdue ones always stay)."""
        out: list[tuple[str, Procedure, AgendaItem]] = []
        with self.uow() as uow:
            for procedure in uow.judicial.unclosed_procedures():
                if case_id is not None and procedure.case_id != case_id:
                    continue
                case = uow.cases.get(procedure.case_id)
                assert case is not None
                file = load_case_file(uow, case)
                events = next(ev for p, ev in file.procedures if p.id == procedure.id)
                items = procedure_agenda(
                    procedure,
                    events,
                    residence=file.residence,
                    tables=self.tables,
                    calendar=file.calendar,
                    on=on,
                    collective=file.collective,
                )
                items.extend(prescription_item(file, procedure, events, on, self.tables))
                opening = file.opening
                if procedure.status is ProcedureStatus.FROZEN and opening is not None:
                    items = frozen_agenda(
                        procedure, items, stay_reason(opening), judgment_on(opening)
                    )
                for item in items:
                    if within is not None and (item.due_on - on).days > within:
                        continue
                    out.append((file.reference, procedure, item))
        out.sort(key=lambda t: (t[2].due_on, t[1].id or 0))
        return out

