"""Adding calendar or working days, with the debtor's calendar passed in.

« Jours ouvrés » here are the days that are neither Saturday, Sunday nor a public holiday of
the debtor's département (C. trav. L3133-1; Alsace-Moselle adds Good Friday and 26 December,
C. trav. L3134-13).
The calendar is an argument (``recouvre.law.calendar.HolidayCalendar`` fits), so this module
depends on no holiday table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import assert_never

from recouvre.scenarios.model import DayUnit

IsWorkingDay = Callable[[date], bool]


def weekdays_only(day: date) -> bool:
    """A calendar without public holidays (tests, and the fallback when none is known)."""
    return day.weekday() < 5


def add_working_days(start: date, days: int, is_working_day: IsWorkingDay) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself when ``days`` is 0)."""
    if days < 0:
        raise ValueError("nombre de jours ouvrés négatif")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def add_days(start: date, days: int, unit: DayUnit, is_working_day: IsWorkingDay) -> date:
    match unit:
        case DayUnit.CALENDAR:
            return start + timedelta(days=days)
        case DayUnit.WORKING:
            return add_working_days(start, days, is_working_day)
        case _:
            assert_never(unit)
