"""Which official rows the tables lack, and whether the next half-year's rows are there.

Example: on 07/12/2026 the next half-year starts on 01/01/2027; ``due_rows`` says for each of
``ecb_mro``, ``til_particuliers`` and ``til_autres`` whether the tables hold a row in force that
day. A fetched row is new when the tables (shipped rows and user rows) have no row of its key
starting the same day; a row they already hold, even with another value, is left to the user's
corrections file (it is never overwritten by an update).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from recouvre.law.parameters import LegalRow, LegalTables

HALF_YEAR_KEYS = ("ecb_mro", "til_particuliers", "til_autres")


def new_rows(fetched: Iterable[LegalRow], tables: LegalTables) -> tuple[LegalRow, ...]:
    """The fetched rows whose (key, effective_from) is in no row of ``tables``."""
    known = {(row.key, row.effective_from) for row in tables}
    fresh: dict[tuple[str, date], LegalRow] = {}
    for row in fetched:
        ident = (row.key, row.effective_from)
        if ident not in known:
            fresh.setdefault(ident, row)
    return tuple(fresh[ident] for ident in sorted(fresh))


def next_half_year(on: date) -> date:
    """The 1 January or 1 July following ``on`` (strictly after it)."""
    return date(on.year, 7, 1) if on.month <= 6 else date(on.year + 1, 1, 1)


@dataclass(frozen=True, slots=True)
class DueRows:
    """The next half-year's start and, for each half-year key, whether its row is present."""

    starts: date
    present: dict[str, bool]


def due_rows(tables: LegalTables, on: date) -> DueRows:
    starts = next_half_year(on)
    return DueRows(starts, {key: tables.has(key, starts) for key in HALF_YEAR_KEYS})
