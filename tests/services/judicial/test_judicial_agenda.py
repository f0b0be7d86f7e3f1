"""The agenda of a procedure: deadlines computed from its events, weekends and holidays
included (CPC 641-643), with their alert states (docs/judicial-procedures.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import METROPOLITAN, Residence
from recouvre.law.parameters import LegalTables
from recouvre.law.routes.rules import Route
from recouvre.reference.loader import load_tables
from recouvre.services.judicial.agenda import AgendaState, procedure_agenda
from recouvre.services.judicial.records import (
    CollectiveRecord,
    Procedure,
    ProcedureEvent,
    ProcedureStatus,
)
from recouvre.services.judicial.records import ProcedureEventKind as K

PARIS = HolidayCalendar.for_departement("75")
METZ = HolidayCalendar.for_departement("57")


@pytest.fixture(scope="module")
def tables() -> LegalTables:
    return load_tables()


def procedure(route: Route, started: date = date(2026, 1, 5)) -> Procedure:
    return Procedure(1, 7, route, "x", "x", ProcedureStatus.OPEN, started, Decimal("1000.00"))


def ev(kind: K, on: date, to_person: bool | None = None) -> ProcedureEvent:
    return ProcedureEvent(None, 1, kind, on, to_person)


def due(items, kind: str) -> date:  # type: ignore[no-untyped-def]
    return next(i.due_on for i in items if i.kind == kind)


def test_order_not_served_has_its_service_limit_moved_past_christmas_and_the_weekend(
    tables: LegalTables,
) -> None:
    # Worked example: order Fri 2026-09-25, 3-month rule (décret 2026-96):
    # 2026-12-25 is Christmas (Friday), then Saturday and Sunday -> Monday 2026-12-28.
    items = procedure_agenda(
        procedure(Route.PAYMENT_ORDER),
        [ev(K.FILED, date(2026, 9, 14)), ev(K.ORDER_RENDERED, date(2026, 9, 25))],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 9, 26),
    )  # fmt: skip
    assert [(i.kind, i.due_on) for i in items] == [("signification-ordonnance", date(2026, 12, 28))]
    assert items[0].state is AgendaState.UPCOMING


def test_an_order_of_august_2026_keeps_six_months(tables: LegalTables) -> None:
    items = procedure_agenda(
        procedure(Route.PAYMENT_ORDER), [ev(K.ORDER_RENDERED, date(2026, 8, 31))],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 9, 1),
    )  # fmt: skip
    # 2027-02-28 is a Sunday -> Monday 2027-03-01.
    assert due(items, "signification-ordonnance") == date(2027, 3, 1)


def test_served_to_the_person_opposition_ends_after_all_saints_day_and_execution_follows(
    tables: LegalTables,
) -> None:
    events = [ev(K.ORDER_RENDERED, date(2026, 9, 25)), ev(K.SERVED, date(2026, 10, 1), True)]
    items = procedure_agenda(
        procedure(Route.PAYMENT_ORDER), events,
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 10, 2),
    )  # fmt: skip
    # 2026-11-01 is a Sunday and All Saints' Day -> Monday 2026-11-02.
    assert due(items, "opposition") == date(2026, 11, 2)
    assert due(items, "execution") == date(2026, 12, 1)
    assert "signification-ordonnance" not in {i.kind for i in items}
    abroad = procedure_agenda(
        procedure(Route.PAYMENT_ORDER), events,
        residence=Residence.abroad("DE"), tables=tables, calendar=PARIS, on=date(2026, 10, 2),
    )  # fmt: skip
    # + 2 months (CPC 643): 2027-01-01 is New Year's Day (Friday) -> Monday 2027-01-04.
    assert due(abroad, "opposition") == date(2027, 1, 4)


def test_good_friday_counts_only_in_alsace_moselle(tables: LegalTables) -> None:
    events = [ev(K.ORDER_RENDERED, date(2027, 2, 20)), ev(K.SERVED, date(2027, 2, 26), True)]
    common = {"residence": METROPOLITAN, "tables": tables, "on": date(2027, 2, 27)}
    paris = procedure_agenda(procedure(Route.PAYMENT_ORDER), events, calendar=PARIS, **common)
    metz = procedure_agenda(procedure(Route.PAYMENT_ORDER), events, calendar=METZ, **common)
    # 2027-03-26 is Good Friday: a working day in Paris; in Moselle a holiday, then the
    # weekend and Easter Monday -> Tuesday 2027-03-30.
    assert due(paris, "opposition") == date(2027, 3, 26)
    assert due(metz, "opposition") == date(2027, 3, 30)


def test_service_not_to_the_person_leaves_the_opposition_open(tables: LegalTables) -> None:
    items = procedure_agenda(
        procedure(Route.PAYMENT_ORDER),
        [ev(K.ORDER_RENDERED, date(2026, 9, 25)), ev(K.SERVED, date(2026, 10, 1), False)],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 10, 2),
    )  # fmt: skip
    assert "opposition" not in {i.kind for i in items}
    with_personal_act = procedure_agenda(
        procedure(Route.PAYMENT_ORDER),
        [
            ev(K.ORDER_RENDERED, date(2026, 9, 25)),
            ev(K.SERVED, date(2026, 10, 1), False),
            ev(K.SERVED, date(2026, 10, 9), True),
        ],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 10, 10),
    )  # fmt: skip
    # One month from the first act served to the person (CPC 1416 al. 2): 2026-11-09, Monday.
    assert due(with_personal_act, "opposition") == date(2026, 11, 9)


def test_an_opposition_or_a_title_ends_the_order_deadlines(tables: LegalTables) -> None:
    base = [ev(K.ORDER_RENDERED, date(2026, 9, 25)), ev(K.SERVED, date(2026, 10, 1), True)]
    for last in (ev(K.OPPOSITION, date(2026, 10, 20)), ev(K.ENFORCEABLE, date(2026, 12, 1))):
        items = procedure_agenda(
            procedure(Route.PAYMENT_ORDER), [*base, last],
            residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 12, 2),
        )  # fmt: skip
        assert items == []


def test_conservatory_attachment_deadlines_skip_ascension_and_whit_monday(
    tables: LegalTables,
) -> None:
    authorised = [ev(K.ORDER_RENDERED, date(2026, 2, 14))]
    items = procedure_agenda(
        procedure(Route.CONSERVATORY_ATTACHMENT), authorised,
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 2, 15),
    )  # fmt: skip
    # + 3 months (R511-6) = 2026-05-14, Ascension Day -> Friday 2026-05-15.
    assert [(i.kind, i.due_on) for i in items] == [
        ("saisie-conservatoire-execution", date(2026, 5, 15))
    ]
    executed = [*authorised, ev(K.EXECUTED, date(2026, 4, 24))]
    items = procedure_agenda(
        procedure(Route.CONSERVATORY_ATTACHMENT), executed,
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 4, 25),
    )  # fmt: skip
    # notice within 8 days (R523-3): 2026-05-02 is a Saturday -> Monday 2026-05-04;
    # merits within one month (R511-7): 2026-05-24 is a Sunday, 25 is Whit Monday -> 26.
    assert due(items, "saisie-conservatoire-denonciation") == date(2026, 5, 4)
    assert due(items, "saisie-conservatoire-au-fond") == date(2026, 5, 26)
    assert "saisie-conservatoire-execution" not in {i.kind for i in items}


def record(published: date) -> CollectiveRecord:
    return CollectiveRecord(
        1, 7, "901234567", "A1", "liquidation", None, published, "", "", None, None
    )


def test_claim_declaration_after_armistice_day_and_four_months_outside_metropolitan_france(
    tables: LegalTables,
) -> None:
    published = date(2026, 9, 11)
    items = procedure_agenda(
        procedure(Route.CLAIM_DECLARATION), [],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 9, 12),
        collective=[record(published)],
    )  # fmt: skip
    # + 2 months = 2026-11-11 (Armistice Day, Wednesday) -> Thursday 2026-11-12;
    # relief from foreclosure: + 6 months = 2027-03-11 (Thursday).
    assert due(items, "declaration-creance") == date(2026, 11, 12)
    assert due(items, "releve-forclusion") == date(2027, 3, 11)
    overseas = procedure_agenda(
        procedure(Route.CLAIM_DECLARATION), [],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 9, 12),
        collective=[record(published)], creditor_residence=Residence.overseas("974"),
    )  # fmt: skip
    # + 4 months = 2027-01-11 (Monday).
    assert due(overseas, "declaration-creance") == date(2027, 1, 11)
    filed = procedure_agenda(
        procedure(Route.CLAIM_DECLARATION), [ev(K.FILED, date(2026, 10, 1))],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=date(2026, 10, 2),
        collective=[record(published)],
    )  # fmt: skip
    assert filed == []


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2026, 10, 2), AgendaState.UPCOMING),
        (date(2026, 10, 20), AgendaState.ALERT),  # 13 days before: within the 15-day alert
        (date(2026, 11, 2), AgendaState.TODAY),
        (date(2026, 11, 3), AgendaState.OVERDUE),
    ],
)
def test_alert_states_around_the_opposition_deadline(
    tables: LegalTables, on: date, state: AgendaState
) -> None:
    items = procedure_agenda(
        procedure(Route.PAYMENT_ORDER),
        [ev(K.ORDER_RENDERED, date(2026, 9, 25)), ev(K.SERVED, date(2026, 10, 1), True)],
        residence=METROPOLITAN, tables=tables, calendar=PARIS, on=on,
    )  # fmt: skip
    opposition = next(i for i in items if i.kind == "opposition")
    assert opposition.state is state
    assert date(2026, 10, 18) in opposition.alerts  # 15 days before 2026-11-02
