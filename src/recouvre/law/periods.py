"""Periods of interest: spans of calendar days, cut where the rate or the basis changes.

Legal basis: C. com. L441-10 II re-anchors the late-payment rate on 1 January and 1 July
(« le taux applicable pendant le premier semestre … est le taux en vigueur au 1er janvier »),
and the taux de l'intérêt légal is fixed per half-year (CMF L313-2). A delay spanning several
half-years is therefore computed slice by slice, one rate per half-year.

Convention: interest runs on the calendar days of ``(start, end]``: the day
after the due date (or after the formal notice) up to and including the payment date. A
``Span`` holds the first and the last day counted, both inclusive.

Worked example: a delay from the day after 2024-03-15 to 2025-02-10 is cut at the half-year
starts 2024-07-01 and 2025-01-01 into 107 + 184 + 41 = 332 days::

    >>> [s.days for s in cut(Span(date(2024, 3, 16), date(2025, 2, 10)),
    ...                      half_year_starts(date(2024, 3, 16), date(2025, 2, 10)))]
    [107, 184, 41]

Day count (no text fixes it, [U]): ACT/365 by default (days / 365),
ACT/ACT as an option (days / 366 for a slice lying in a leap year; slices are then also cut
at 1 January so that each lies in one calendar year).
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import assert_never

ONE_DAY = timedelta(days=1)


class DayCount(enum.StrEnum):
    """Day-count convention: the denominator of ``days / year``."""

    ACT_365 = "act/365"
    ACT_ACT = "act/act"


@dataclass(frozen=True, slots=True)
class Span:
    """Calendar days ``first`` .. ``last``, both counted."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"période vide : du {self.first} au {self.last}")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def accrual_span(after: date, through: date) -> Span | None:
    """The days of ``(after, through]`` (interest from the day after ``after``); None if empty."""
    first = after + ONE_DAY
    return Span(first, through) if through >= first else None


def half_year_starts(first: date, last: date) -> list[date]:
    """1 January and 1 July dates in ``(first, last]``: where a new half-year begins."""
    starts: list[date] = []
    for year in range(first.year, last.year + 1):
        for month in (1, 7):
            start = date(year, month, 1)
            if first < start <= last:
                starts.append(start)
    return starts


def year_starts(first: date, last: date) -> list[date]:
    """1 January dates in ``(first, last]``."""
    return [date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]


def cut(span: Span, starts: Iterable[date]) -> list[Span]:
    """Cut ``span`` so that each date of ``starts`` inside it begins a new span."""
    inside = sorted({d for d in starts if span.first < d <= span.last})
    pieces: list[Span] = []
    first = span.first
    for start in inside:
        pieces.append(Span(first, start - ONE_DAY))
        first = start
    pieces.append(Span(first, span.last))
    return pieces


def year_denominator(span: Span, day_count: DayCount) -> int:
    """365 (ACT/365), or the length of the span's calendar year (ACT/ACT).

    ACT/ACT needs the span to lie in one calendar year; callers cut at 1 January first.
    """
    match day_count:
        case DayCount.ACT_365:
            return 365
        case DayCount.ACT_ACT:
            if span.first.year != span.last.year:
                raise ValueError("ACT/ACT : la tranche doit tenir dans une année civile")
            return 366 if calendar.isleap(span.first.year) else 365
        case _:
            assert_never(day_count)


def add_months(start: date, months: int) -> date:
    """Same day number ``months`` later, else the last day of that month (as CPC 641 counts)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    """Anniversary ``years`` later (29 February -> 28 February in a common year)."""
    return add_months(start, 12 * years)
