"""Procedural deadline arithmetic: CPC 641 (days, months), 642 (extension), 643 (distance)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import (
    METROPOLITAN,
    DistanceRule,
    InvalidPeriodRow,
    Period,
    Residence,
    ResidenceKind,
    TimeUnit,
    add_months,
    add_period,
    procedural_deadline,
    subtract_period,
)
from recouvre.law.parameters import LegalRow, Status

PARIS = HolidayCalendar.for_departement("75")
MOSELLE = HolidayCalendar.for_departement("57")
ONE_MONTH = Period(1, TimeUnit.MONTHS)
CPC_643 = DistanceRule(Period(1, TimeUnit.MONTHS), Period(2, TimeUnit.MONTHS), "CPC 643")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 31 February: last day of the month
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
        (date(2026, 2, 28), 1, date(2026, 3, 28)),  # same number, not "end of month"
        (date(2026, 10, 1), 1, date(2026, 11, 1)),
        (date(2026, 9, 25), 3, date(2026, 12, 25)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -3, date(2025, 10, 15)),
    ],
)
def test_months_same_number_else_last_day_of_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_days_do_not_count_the_trigger_day() -> None:
    assert add_period(date(2026, 10, 1), Period(8, TimeUnit.DAYS)) == date(2026, 10, 9)
    assert add_period(date(2026, 12, 28), Period(15, TimeUnit.DAYS)) == date(2027, 1, 12)


def test_years_are_anniversaries_and_29_february_falls_back_to_28() -> None:
    assert add_period(date(2021, 6, 30), Period(5, TimeUnit.YEARS)) == date(2026, 6, 30)
    assert add_period(date(2024, 2, 29), Period(1, TimeUnit.YEARS)) == date(2025, 2, 28)
    assert subtract_period(date(2028, 3, 10), Period(6, TimeUnit.MONTHS)) == date(2027, 9, 10)


def test_31_january_plus_one_month_is_extended_when_28_february_is_a_saturday() -> None:
    # 2026-02-28 is a Saturday: 642 extends to Monday 2 March.
    result = procedural_deadline(date(2026, 1, 31), ONE_MONTH, rule="Test", calendar=PARIS)
    assert result.raw_end == date(2026, 2, 28)
    assert result.end == date(2026, 3, 2)
    assert result.extended
    assert any("dernier jour du mois" in line for line in result.explanation)
    assert any("samedi 28/02/2026" in line for line in result.explanation)


def test_a_sunday_moves_to_monday_and_a_working_day_is_not_moved() -> None:
    result = procedural_deadline(date(2026, 10, 15), ONE_MONTH, rule="Test", calendar=PARIS)
    assert result.raw_end == date(2026, 11, 15)  # a Sunday
    assert result.end == date(2026, 11, 16)
    quiet = procedural_deadline(date(2026, 10, 20), ONE_MONTH, rule="Test", calendar=PARIS)
    assert quiet.end == quiet.raw_end == date(2026, 11, 20)
    assert not quiet.extended
    assert any("pas de prorogation" in line for line in quiet.explanation)


def test_good_friday_extends_in_moselle_not_in_paris() -> None:
    # 2026-03-03 + 1 month = Friday 3 April 2026 = Good Friday.
    paris = procedural_deadline(date(2026, 3, 3), ONE_MONTH, rule="Test", calendar=PARIS)
    moselle = procedural_deadline(date(2026, 3, 3), ONE_MONTH, rule="Test", calendar=MOSELLE)
    assert paris.end == date(2026, 4, 3)
    # Good Friday, Saturday, Sunday, Easter Monday -> Tuesday 7 April.
    assert moselle.end == date(2026, 4, 7)
    assert any("Vendredi saint" in line for line in moselle.explanation)


def test_26_december_extends_in_moselle_not_in_paris() -> None:
    # 2025-11-26 + 1 month = Friday 26 December 2025.
    paris = procedural_deadline(date(2025, 11, 26), ONE_MONTH, rule="Test", calendar=PARIS)
    metz = procedural_deadline(date(2025, 11, 26), ONE_MONTH, rule="Test", calendar=MOSELLE)
    assert paris.end == date(2025, 12, 26)
    assert metz.end == date(2025, 12, 29)


@pytest.mark.parametrize(
    ("residence", "after_distance", "end"),
    [
        (METROPOLITAN, date(2026, 11, 1), date(2026, 11, 2)),
        (Residence.from_departement("69"), date(2026, 11, 1), date(2026, 11, 2)),
        (Residence.from_departement("974"), date(2026, 12, 1), date(2026, 12, 1)),
        (Residence.overseas(), date(2026, 12, 1), date(2026, 12, 1)),
        (Residence.abroad("Belgique"), date(2027, 1, 1), date(2027, 1, 4)),
    ],
)
def test_distance_extension_by_residence(
    residence: Residence, after_distance: date, end: date
) -> None:
    result = procedural_deadline(
        date(2026, 10, 1),
        ONE_MONTH,
        rule="Opposition",
        calendar=PARIS,
        residence=residence,
        distance=CPC_643,
    )
    assert result.raw_end == date(2026, 11, 1)
    assert result.after_distance == after_distance
    assert result.end == end


def test_residence_kinds() -> None:
    assert Residence.from_departement("974").kind is ResidenceKind.OVERSEAS
    assert Residence.from_departement("57").kind is ResidenceKind.METROPOLITAN
    assert Residence.abroad("Suisse").label_fr == "à l'étranger (Suisse)"


def test_distance_counts_months_before_days() -> None:
    # 15 days + 2 months from 2026-12-31: months first (2027-02-28), then 15 days.
    result = procedural_deadline(
        date(2026, 12, 31),
        Period(15, TimeUnit.DAYS),
        rule="Test",
        calendar=PARIS,
        residence=Residence.abroad(),
        distance=CPC_643,
    )
    assert result.raw_end == date(2027, 1, 15)
    assert result.after_distance == date(2027, 3, 15)


def test_no_distance_rule_means_no_extension_abroad() -> None:
    result = procedural_deadline(
        date(2026, 10, 1), ONE_MONTH, rule="Test", calendar=PARIS, residence=Residence.abroad()
    )
    assert result.after_distance == result.raw_end


def test_period_from_row_checks_unit_and_value() -> None:
    def row(value: str, unit: str) -> LegalRow:
        return LegalRow("k", date(2020, 1, 1), None, Decimal(value), unit, "s", Status.VERIFIED)

    assert Period.from_row(row("3", "months")) == Period(3, TimeUnit.MONTHS)
    with pytest.raises(InvalidPeriodRow, match="unité"):
        Period.from_row(row("3", "percent"))
    with pytest.raises(InvalidPeriodRow, match="entier"):
        Period.from_row(row("1.5", "months"))
