"""The named deadlines of the judicial phase (CPC 1411-1416, CPCE R511-6-R523-3, C. com.
R622-24, L622-26), on shipped data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import Residence
from recouvre.law.deadlines.procedures import (
    DeadlineKind,
    UnknownDeadlineKind,
    deadline_for,
    parse_kind,
)
from recouvre.law.parameters import LegalRow, LegalTables, MissingLegalData, Status
from recouvre.reference.loader import load_tables

TABLES = load_tables()
PARIS = HolidayCalendar.for_departement("75")
MOSELLE = HolidayCalendar.for_departement("57")


def end(kind: DeadlineKind, trigger: date, residence: Residence | None = None) -> date:
    result = deadline_for(
        kind,
        trigger,
        tables=TABLES,
        calendar=PARIS,
        residence=residence or Residence.from_departement("75"),
    )
    return result.end


def test_example_5_opposition_and_service_limit() -> None:
    assert end(DeadlineKind.SERVICE_OF_ORDER, date(2026, 9, 25)) == date(2026, 12, 28)
    assert end(DeadlineKind.OPPOSITION, date(2026, 10, 1)) == date(2026, 11, 2)
    assert end(DeadlineKind.OPPOSITION, date(2026, 10, 1), Residence.abroad()) == date(2027, 1, 4)
    # Overseas: + 1 month -> Tuesday 1 December 2026.
    assert end(DeadlineKind.OPPOSITION, date(2026, 10, 1), Residence.overseas()) == date(
        2026, 12, 1
    )


@pytest.mark.parametrize(
    ("order_date", "raw_end", "last_day"),
    [
        (date(2026, 8, 31), date(2027, 2, 28), date(2027, 3, 1)),  # 6 months; 28 Feb is a Sunday
        (date(2026, 9, 1), date(2026, 12, 1), date(2026, 12, 1)),  # 3 months from this day
        (date(2026, 3, 25), date(2026, 9, 25), date(2026, 9, 25)),  # 6 months, a Friday
    ],
)
def test_service_limit_boundary_of_1_september_2026(
    order_date: date, raw_end: date, last_day: date
) -> None:
    result = deadline_for(DeadlineKind.SERVICE_OF_ORDER, order_date, tables=TABLES, calendar=PARIS)
    assert result.raw_end == raw_end
    assert result.end == last_day
    assert result.rows[0].effective_from <= order_date


def test_service_limit_is_data_a_user_correction_changes_it() -> None:
    corrected = LegalTables(
        [
            *TABLES,
            LegalRow(
                "payment_order_service_months",
                date(2026, 9, 1),
                None,
                Decimal(4),
                "months",
                "correction de l'utilisateur",
                Status.UNVERIFIED,
            ),
        ]
    )
    result = deadline_for(
        DeadlineKind.SERVICE_OF_ORDER, date(2026, 9, 25), tables=corrected, calendar=PARIS
    )
    assert result.raw_end == date(2027, 1, 25)


def test_saisie_conservatoire_deadlines() -> None:
    # Authorised Wed 2026-08-12: execute within 3 months -> Thu 2026-11-12.
    assert end(DeadlineKind.CONSERVATORY_EXECUTION, date(2026, 8, 12)) == date(2026, 11, 12)
    # Executed Wed 2026-10-14: proceedings within 1 month -> Sat 14 Nov -> Mon 16 Nov.
    assert end(DeadlineKind.CONSERVATORY_MERITS, date(2026, 10, 14)) == date(2026, 11, 16)
    # Notice within 8 days of Wed 2026-10-14 -> Thu 22 Oct.
    assert end(DeadlineKind.CONSERVATORY_NOTICE, date(2026, 10, 14)) == date(2026, 10, 22)


def test_claim_declaration_2_months_and_4_outside_metropolitan_france() -> None:
    # BODACC publication Tue 2026-09-15: 2 months -> Sun 15 Nov -> Mon 16 Nov.
    assert end(DeadlineKind.CLAIM_DECLARATION, date(2026, 9, 15)) == date(2026, 11, 16)
    # Creditor in La Réunion or abroad: 4 months -> Fri 15 Jan 2027.
    assert end(
        DeadlineKind.CLAIM_DECLARATION, date(2026, 9, 15), Residence.from_departement("974")
    ) == date(2027, 1, 15)
    assert end(DeadlineKind.CLAIM_DECLARATION, date(2026, 9, 15), Residence.abroad()) == date(
        2027, 1, 15
    )


def test_relief_from_foreclosure_6_months() -> None:
    # 2026-06-25 + 6 months = Friday 25 December 2026 -> Monday 28.
    assert end(DeadlineKind.FORECLOSURE_RELIEF, date(2026, 6, 25)) == date(2026, 12, 28)
    # no distance extension for this one
    assert end(DeadlineKind.FORECLOSURE_RELIEF, date(2026, 6, 25), Residence.abroad()) == date(
        2026, 12, 28
    )


def test_moselle_calendar_for_an_act_due_on_26_december() -> None:
    # Claim declaration from 2025-10-26: 2 months -> Friday 26 December 2025.
    paris = deadline_for(
        DeadlineKind.CLAIM_DECLARATION, date(2025, 10, 26), tables=TABLES, calendar=PARIS
    )
    metz = deadline_for(
        DeadlineKind.CLAIM_DECLARATION, date(2025, 10, 26), tables=TABLES, calendar=MOSELLE
    )
    assert paris.end == date(2025, 12, 26)
    assert metz.end == date(2025, 12, 29)


def test_unverified_rows_are_reported() -> None:
    result = deadline_for(
        DeadlineKind.OPPOSITION,
        date(2026, 10, 1),
        tables=TABLES,
        calendar=PARIS,
        residence=Residence.abroad(),
    )
    keys = {row.key for row in result.rows if row.is_warning}
    assert "distance_abroad_months" in keys


def test_missing_row_is_a_clear_error() -> None:
    with pytest.raises(MissingLegalData, match="payment_order_service_months"):
        deadline_for(
            DeadlineKind.SERVICE_OF_ORDER, date(2020, 1, 10), tables=TABLES, calendar=PARIS
        )


def test_kind_names_and_aliases() -> None:
    assert parse_kind("opposition") is DeadlineKind.OPPOSITION
    assert parse_kind("service-of-order") is DeadlineKind.SERVICE_OF_ORDER
    assert parse_kind("Signification-Ordonnance") is DeadlineKind.SERVICE_OF_ORDER
    assert parse_kind("claim-declaration") is DeadlineKind.CLAIM_DECLARATION
    with pytest.raises(UnknownDeadlineKind, match="type de délai inconnu"):
        parse_kind("cassation")
