"""The deadlines of a procedure, computed from its dated events by the law engine.

Why (CPC 640-644, 1411-1422; CPCE R511-6, R511-7, R523-3; C. com. R622-24, L622-26):
nothing but the events is stored; each deadline is recomputed by ``recouvre.law`` (CPC 640-642
with the holidays of the place, CPC 643 distance extensions) so that correcting a date
corrects every deadline:

- injonction de payer: service within 6 months of the order, 3 months for orders from
  1 September 2026 (CPC 1411, décret 2026-96); opposition within one month of service to the
  person, + 1 month overseas, + 2 months abroad (CPC 1416, 643); execution from two months
  after service without an opposition notice (CPC 1422, décret 2026-96) — all from
  ``law.deadlines.payment_order.payment_order_timeline``;
- saisie conservatoire: executed within 3 months of the authorisation (R511-6), proceedings
  on the merits within one month of the execution (R511-7), notice to the debtor within
  8 days (R523-3);
- claim declaration: 2 months from the BODACC publication, 4 outside metropolitan France
  (L622-24, R622-24), relief from foreclosure within 6 months (L622-26).

Every deadline carries alert dates (``ALERT_DAYS`` before its last day): the agenda shows a
deadline as « alerte » from the first of them, « dépassé » after its last day. A procedure
frozen by the opening of collective proceedings (C. com. L622-21) shows one « suspension » line
with the reason, and its deadlines as « suspendu », with no alert.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.collective import collective_deadlines
from recouvre.law.deadlines.cpc import METROPOLITAN, Deadline, Residence
from recouvre.law.deadlines.payment_order import PaymentOrderFacts, payment_order_timeline
from recouvre.law.deadlines.procedures import DeadlineKind, deadline_for
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.routes.rules import Route
from recouvre.services.judicial.records import (
    CollectiveRecord,
    Procedure,
    ProcedureEvent,
    ProcedureEventKind,
)

ALERT_DAYS: tuple[int, ...] = (30, 15, 7, 2)


class AgendaState(enum.StrEnum):
    UPCOMING = "a_venir"
    ALERT = "alerte"
    TODAY = "aujourd_hui"
    OVERDUE = "depasse"
    FROM = "a_partir_du"  # a date from which something becomes possible (execution)
    SUSPENDED = "suspendu"  # a frozen procedure's deadline: no longer alerted (L622-21)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    procedure_id: int
    case_id: int
    kind: str  # the deadline kind (French CLI name) or « execution »
    rule: str
    due_on: date
    alerts: tuple[date, ...]
    state: AgendaState
    explanation: tuple[str, ...]
    rows: tuple[LegalRow, ...] = ()

    @property
    def unverified(self) -> tuple[LegalRow, ...]:
        return tuple(r for r in self.rows if r.status.value != "verified")


def deadline_state(
    due: date, alerts: Sequence[date], on: date, possible_from: bool = False
) -> AgendaState:
    """Where ``on`` stands against a deadline ``due`` and its alerts (``possible_from``: the
    date is the first day an act becomes possible, not a last day)."""
    if possible_from:
        return AgendaState.FROM
    if on > due:
        return AgendaState.OVERDUE
    if on == due:
        return AgendaState.TODAY
    if alerts and on >= min(alerts):
        return AgendaState.ALERT
    return AgendaState.UPCOMING


def _item(procedure: Procedure, kind: str, deadline: Deadline, on: date) -> AgendaItem:
    alerts = tuple(
        deadline.end - timedelta(days=n)
        for n in ALERT_DAYS
        if deadline.end - timedelta(days=n) > deadline.trigger
    )
    assert procedure.id is not None
    return AgendaItem(
        procedure.id,
        procedure.case_id,
        kind,
        deadline.rule,
        deadline.end,
        alerts,
        deadline_state(deadline.end, alerts, on),
        deadline.explanation,
        deadline.rows,
    )


def _first(events: Sequence[ProcedureEvent], kind: ProcedureEventKind) -> ProcedureEvent | None:
    return next((e for e in events if e.kind is kind), None)


def _payment_order(
    procedure: Procedure,
    events: Sequence[ProcedureEvent],
    residence: Residence,
    tables: LegalTables,
    calendar: HolidayCalendar,
    on: date,
) -> list[AgendaItem]:
    order = _first(events, ProcedureEventKind.ORDER_RENDERED)
    if order is None:
        return []
    served = [e for e in events if e.kind is ProcedureEventKind.SERVED]
    first_service = served[0] if served else None
    personal = next((e for e in served if e.to_person), None)
    facts = PaymentOrderFacts(
        order_date=order.on,
        served_on=first_service.on if first_service else None,
        served_to_person=bool(first_service and first_service.to_person),
        personal_trigger=(
            personal.on
            if personal is not None and first_service is not None and not first_service.to_person
            else None
        ),
        residence=residence,
    )
    timeline = payment_order_timeline(facts, tables=tables, calendar=calendar)
    items: list[AgendaItem] = []
    if first_service is None:
        items.append(
            _item(procedure, DeadlineKind.SERVICE_OF_ORDER.value, timeline.service_limit, on)
        )
        return items
    if timeline.lapsed:
        return items
    opposed = _first(events, ProcedureEventKind.OPPOSITION) is not None
    enforceable = _first(events, ProcedureEventKind.ENFORCEABLE) is not None
    if timeline.opposition is not None and not opposed and not enforceable:
        items.append(_item(procedure, DeadlineKind.OPPOSITION.value, timeline.opposition, on))
    if timeline.execution_from is not None and not opposed and not enforceable:
        assert procedure.id is not None
        items.append(
            AgendaItem(
                procedure.id,
                procedure.case_id,
                "execution",
                "Exécution possible sans avis d'opposition (CPC 1422, décret n° 2026-96)",
                timeline.execution_from,
                (),
                deadline_state(timeline.execution_from, (), on, True),
                timeline.explanation,
                timeline.rows,
            )
        )
    return items


def _conservatory(
    procedure: Procedure,
    events: Sequence[ProcedureEvent],
    tables: LegalTables,
    calendar: HolidayCalendar,
    on: date,
) -> list[AgendaItem]:
    executed = _first(events, ProcedureEventKind.EXECUTED)
    order = _first(events, ProcedureEventKind.ORDER_RENDERED)
    items: list[AgendaItem] = []
    if executed is None:
        if order is not None:
            d = deadline_for(
                DeadlineKind.CONSERVATORY_EXECUTION, order.on, tables=tables, calendar=calendar
            )
            items.append(_item(procedure, DeadlineKind.CONSERVATORY_EXECUTION.value, d, on))
        return items
    for kind in (DeadlineKind.CONSERVATORY_NOTICE, DeadlineKind.CONSERVATORY_MERITS):
        d = deadline_for(kind, executed.on, tables=tables, calendar=calendar)
        items.append(_item(procedure, kind.value, d, on))
    return items


def _claim_declaration(
    procedure: Procedure,
    events: Sequence[ProcedureEvent],
    collective: Sequence[CollectiveRecord],
    tables: LegalTables,
    debtor_seat: Residence,
    creditor_residence: Residence,
    on: date,
) -> list[AgendaItem]:
    if _first(events, ProcedureEventKind.FILED) is not None or not collective:
        return []
    deadlines = collective_deadlines(
        collective[0].published_on,
        tables=tables,
        debtor_seat=debtor_seat,
        creditor_residence=creditor_residence,
    )
    return [
        _item(procedure, DeadlineKind.CLAIM_DECLARATION.value, deadlines.declaration, on),
        _item(procedure, DeadlineKind.FORECLOSURE_RELIEF.value, deadlines.relief, on),
    ]


def procedure_agenda(
    procedure: Procedure,
    events: Sequence[ProcedureEvent],
    *,
    residence: Residence,
    tables: LegalTables,
    calendar: HolidayCalendar,
    on: date,
    collective: Sequence[CollectiveRecord] = (),
    creditor_residence: Residence = METROPOLITAN,
) -> list[AgendaItem]:
    """Every deadline of one procedure still to be met (or from which execution is possible)."""
    match procedure.route:
        case Route.PAYMENT_ORDER:
            return _payment_order(procedure, events, residence, tables, calendar, on)
        case Route.CONSERVATORY_ATTACHMENT:
            return _conservatory(procedure, events, tables, calendar, on)
        case Route.CLAIM_DECLARATION:
            return _claim_declaration(
                procedure, events, collective, tables, residence, creditor_residence, on
            )
        case (
            Route.SMALL_CLAIMS
            | Route.INTERIM_PAYMENT
            | Route.SUMMONS_ON_MERITS
            | Route.ENFORCEMENT
            | Route.NO_ACTION
        ):
            return []


def frozen_agenda(
    procedure: Procedure, items: Sequence[AgendaItem], reason: str, since: date
) -> list[AgendaItem]:
    """A frozen procedure (C. com. L622-21): one « suspension » line dated from the opening
    judgment with ``reason``, then its deadlines, suspended and without alerts (the creditor
    may no longer act on them)."""
    assert procedure.id is not None
    head = AgendaItem(
        procedure.id,
        procedure.case_id,
        "suspension",
        reason,
        since,
        (),
        AgendaState.SUSPENDED,
        (reason,),
    )
    return [head, *(replace(i, alerts=(), state=AgendaState.SUSPENDED) for i in items)]
