"""Public holidays by département (C. trav. L3133-1, L3134-13) and working days (CPC 642)."""

from __future__ import annotations

from datetime import date

import pytest

from recouvre.law.calendar import (
    HolidayCalendar,
    UnknownDepartement,
    format_date_fr,
    is_overseas,
    normalise_departement,
)

PARIS = HolidayCalendar.for_departement("75")
MOSELLE = HolidayCalendar.for_departement("57")
BAS_RHIN = HolidayCalendar.for_departement("67")
HAUT_RHIN = HolidayCalendar.for_departement("68")
REUNION = HolidayCalendar.for_departement("974")


# Easter Monday, Ascension, Whit Monday, Good Friday (67/68/57).
@pytest.mark.parametrize(
    ("easter_monday", "ascension", "whit_monday", "good_friday"),
    [
        (date(2024, 4, 1), date(2024, 5, 9), date(2024, 5, 20), date(2024, 3, 29)),
        (date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9), date(2025, 4, 18)),
        (date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25), date(2026, 4, 3)),
        (date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 17), date(2027, 3, 26)),
    ],
)
def test_movable_holidays_match_the_reference_table(
    easter_monday: date, ascension: date, whit_monday: date, good_friday: date
) -> None:
    for day in (easter_monday, ascension, whit_monday):
        assert PARIS.is_holiday(day)
        assert MOSELLE.is_holiday(day)
    assert not PARIS.is_holiday(good_friday)
    for calendar in (MOSELLE, BAS_RHIN, HAUT_RHIN):
        assert calendar.is_holiday(good_friday)
        assert not calendar.is_working_day(good_friday)
    assert PARIS.is_working_day(good_friday)  # a Friday that is not a holiday in Paris


def test_2026_national_holidays_are_the_eleven_of_the_reference() -> None:
    expected = {
        date(2026, 1, 1),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 8),
        date(2026, 5, 14),
        date(2026, 5, 25),
        date(2026, 7, 14),
        date(2026, 8, 15),
        date(2026, 11, 1),
        date(2026, 11, 11),
        date(2026, 12, 25),
    }
    found = {day for day, _ in PARIS.holidays_between(date(2026, 1, 1), date(2026, 12, 31))}
    assert found == expected
    moselle = {day for day, _ in MOSELLE.holidays_between(date(2026, 1, 1), date(2026, 12, 31))}
    assert moselle == expected | {date(2026, 4, 3), date(2026, 12, 26)}


def test_26_december_is_a_working_day_in_paris_not_in_alsace_moselle() -> None:
    st_stephen = date(2025, 12, 26)  # a Friday
    assert PARIS.is_working_day(st_stephen)
    for calendar in (MOSELLE, BAS_RHIN, HAUT_RHIN):
        assert not calendar.is_working_day(st_stephen)
    assert PARIS.next_working_day(date(2025, 12, 25)) == date(2025, 12, 26)
    assert MOSELLE.next_working_day(date(2025, 12, 25)) == date(2025, 12, 29)


def test_overseas_abolition_of_slavery_day() -> None:
    assert REUNION.is_holiday(date(2026, 12, 20))
    assert not PARIS.is_holiday(date(2026, 12, 20))
    martinique = HolidayCalendar.for_departement("972")
    assert martinique.is_holiday(date(2026, 5, 22))
    assert PARIS.is_working_day(date(2026, 5, 22))


def test_saturday_and_sunday_are_not_working_days() -> None:
    assert not PARIS.is_working_day(date(2026, 11, 21))  # Saturday
    assert not PARIS.is_working_day(date(2026, 11, 22))  # Sunday
    assert PARIS.is_working_day(date(2026, 11, 23))  # Monday
    assert PARIS.why_not_working(date(2026, 11, 1)) == "dimanche et jour férié (Toussaint)"
    assert PARIS.why_not_working(date(2026, 11, 23)) is None


def test_next_and_previous_working_day() -> None:
    assert PARIS.next_working_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert PARIS.previous_working_day(date(2028, 3, 11)) == date(2028, 3, 10)
    assert PARIS.previous_working_day(date(2026, 5, 25)) == date(2026, 5, 22)
    assert PARIS.next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)


def test_departement_codes() -> None:
    assert normalise_departement("7") == "07"
    assert normalise_departement(" 2a ") == "2A"
    assert normalise_departement("974") == "974"
    assert is_overseas("971") and is_overseas("988")
    assert not is_overseas("57") and not is_overseas("2B")
    for bad in ("00", "20", "96", "979", "Paris", ""):
        with pytest.raises(UnknownDepartement, match="département inconnu"):
            normalise_departement(bad)


def test_french_date_format() -> None:
    assert format_date_fr(date(2027, 1, 4)) == "04/01/2027"
    assert format_date_fr(date(2027, 1, 4), with_weekday=True) == "lundi 04/01/2027"
