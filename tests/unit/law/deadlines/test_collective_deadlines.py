"""The claim declaration and relief deadlines (C. com. R622-24, L622-26) on the calendar of
the court of the debtor's registered office (C. com. R600-1, CPC 642)."""

from __future__ import annotations

from datetime import date

import pytest

from recouvre.law.deadlines.collective import collective_deadlines, court_calendar
from recouvre.law.deadlines.cpc import METROPOLITAN, Residence
from recouvre.reference.loader import load_tables

TABLES = load_tables()


@pytest.mark.parametrize(
    ("published", "seat", "due"),
    [
        # + 2 months = Friday 2026-04-03, Good Friday: a holiday in Moselle and Alsace only.
        (date(2026, 2, 3), "57", date(2026, 4, 7)),
        (date(2026, 2, 3), "67", date(2026, 4, 7)),
        (date(2026, 2, 3), "69", date(2026, 4, 3)),
        # + 2 months = Friday 2025-12-26, Saint Stephen's Day in Alsace-Moselle.
        (date(2025, 10, 26), "68", date(2025, 12, 29)),
        (date(2025, 10, 26), "75", date(2025, 12, 26)),
    ],
)
def test_the_declaration_is_extended_by_the_holidays_of_the_debtors_seat(
    published: date, seat: str, due: date
) -> None:
    found = collective_deadlines(
        published, tables=TABLES, debtor_seat=Residence.from_departement(seat)
    )
    assert found.declaration.end == due


def test_a_creditor_outside_metropolitan_france_has_four_months() -> None:
    found = collective_deadlines(
        date(2026, 2, 3),
        tables=TABLES,
        debtor_seat=METROPOLITAN,
        creditor_residence=Residence.abroad("Belgique"),
    )
    assert found.declaration.end == date(2026, 6, 3)
    assert found.relief.end == date(2026, 8, 3)
    assert {row.key for row in found.rows} >= {
        "claim_declaration_months",
        "claim_declaration_outside_metropolitan_months",
        "foreclosure_relief_months",
    }


def test_a_debtor_abroad_or_without_departement_uses_the_national_calendar() -> None:
    good_friday = date(2026, 4, 3)
    assert court_calendar(Residence.abroad("Allemagne")).is_working_day(good_friday)
    assert court_calendar(METROPOLITAN).is_working_day(good_friday)
    assert not court_calendar(Residence.from_departement("57")).is_working_day(good_friday)
