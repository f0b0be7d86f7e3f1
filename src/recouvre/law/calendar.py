"""Public holidays and working days by département (CPC 642, C. trav. L3133-1).

Why: a procedural deadline that would end on a Saturday, a Sunday or a « jour férié ou
chômé » is extended to the next working day (CPC 642), and the practical deadline of a
prescription is the last working day on or before its legal end, which CPC 642 never
extends (C. civ. 2229; Cass. 2e civ., 7 Apr. 2016, n° 15-12.960). Which
days are holidays depends on the place: Alsace-Moselle (Bas-Rhin 67, Haut-Rhin 68,
Moselle 57) adds Good Friday and 26 December (C. trav. L3134-13); each overseas
département adds the commemoration of the abolition of slavery (loi n° 83-550).

The holiday dates come from the ``holidays`` package (``holidays.France(subdiv=...)``, the
version pinned in ``pyproject.toml``), never from literals here. Building a calendar reads
no file, clock or database: the package computes the dates from the year.

Worked example (2026)::

    >>> from datetime import date
    >>> paris, metz = HolidayCalendar.for_departement("75"), HolidayCalendar.for_departement("57")
    >>> paris.is_working_day(date(2026, 4, 3)), metz.is_working_day(date(2026, 4, 3))
    (True, False)
    >>> metz.holiday_name(date(2026, 4, 3))
    'Vendredi saint'
    >>> paris.next_working_day(date(2026, 12, 25))
    datetime.date(2026, 12, 28)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

from recouvre.law.errors import LawError

# Département (or collectivité) code -> ``holidays.France`` subdivision. Codes not listed
# (every other metropolitan département, Corsica 2A/2B included) use the national calendar.
_SUBDIVISIONS: dict[str, str] = {
    "57": "57",  # Moselle
    "67": "6AE",  # Bas-Rhin
    "68": "6AE",  # Haut-Rhin
    "971": "971",  # Guadeloupe
    "972": "972",  # Martinique
    "973": "973",  # Guyane
    "974": "974",  # La Réunion
    "975": "PM",  # Saint-Pierre-et-Miquelon
    "976": "976",  # Mayotte
    "977": "BL",  # Saint-Barthélemy
    "978": "MF",  # Saint-Martin
    "984": "TF",  # Terres australes et antarctiques françaises
    "986": "WF",  # Wallis-et-Futuna
    "987": "PF",  # Polynésie française
    "988": "NC",  # Nouvelle-Calédonie
}

# The codes that are overseas (outre-mer), for the distance extension of CPC 643.
OVERSEAS_CODES: frozenset[str] = frozenset(code for code in _SUBDIVISIONS if len(code) == 3)

_METROPOLITAN = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B)$")

DEFAULT_DEPARTEMENT = "75"


class UnknownDepartement(LawError):
    """A département code that is neither metropolitan nor overseas."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"département inconnu « {code} » : attendu un code de 01 à 95, 2A, 2B "
            "ou un code d'outre-mer (971 à 978, 984, 986 à 988)"
        )
        self.code = code


def normalise_departement(code: str) -> str:
    """The canonical département code (« 7 » -> « 07 », « 2a » -> « 2A »).

    Raises ``UnknownDepartement`` for anything else, so a typo never silently falls back to
    the national calendar.
    """
    text = code.strip().upper()
    if text.isdigit() and len(text) == 1:
        text = "0" + text
    if text == "20":
        raise UnknownDepartement(code)
    if _METROPOLITAN.match(text) or text in _SUBDIVISIONS:
        return text
    raise UnknownDepartement(code)


def is_overseas(departement: str) -> bool:
    """True for an overseas département or collectivité (CPC 643: « outre-mer »)."""
    return normalise_departement(departement) in OVERSEAS_CODES


@dataclass(slots=True)
class HolidayCalendar:
    """Working days of one département: Monday to Friday except its public holidays.

    Saturday counts as a non-working day for deadlines (CPC 642 names it expressly).
    The underlying ``holidays`` object fills years lazily as they are asked for.
    """

    departement: str
    _holidays: holidays.HolidayBase = field(repr=False)

    @classmethod
    def for_departement(cls, departement: str = DEFAULT_DEPARTEMENT) -> HolidayCalendar:
        code = normalise_departement(departement)
        subdiv = _SUBDIVISIONS.get(code)
        table = holidays.country_holidays("FR", subdiv=subdiv, language="fr")
        return cls(code, table)

    def holiday_name(self, day: date) -> str | None:
        """French name of the public holiday on ``day``, or ``None``."""
        name = self._holidays.get(day)
        return None if name is None else str(name)

    def is_holiday(self, day: date) -> bool:
        return day in self._holidays

    def is_working_day(self, day: date) -> bool:
        """Not a Saturday, a Sunday or a public holiday of this département (CPC 642)."""
        return day.weekday() < 5 and day not in self._holidays

    def why_not_working(self, day: date) -> str | None:
        """French reason why ``day`` is not a working day (« samedi », « dimanche et
        Toussaint », ...), or ``None`` for a working day."""
        parts: list[str] = []
        if day.weekday() == 5:
            parts.append("samedi")
        elif day.weekday() == 6:
            parts.append("dimanche")
        name = self.holiday_name(day)
        if name is not None:
            parts.append(f"jour férié ({name})")
        return " et ".join(parts) if parts else None

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def holidays_between(self, start: date, end: date) -> tuple[tuple[date, str], ...]:
        """The public holidays in ``[start, end]``, in order, with their French names."""
        result: list[tuple[date, str]] = []
        day = start
        while day <= end:
            name = self.holiday_name(day)
            if name is not None:
                result.append((day, name))
            day += timedelta(days=1)
        return tuple(result)


_WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def weekday_fr(day: date) -> str:
    """French name of the day of the week (« lundi » ... « dimanche »)."""
    return _WEEKDAYS_FR[day.weekday()]


def format_date_fr(day: date, *, with_weekday: bool = False) -> str:
    """``dd/mm/yyyy``, optionally preceded by the French weekday, for explanations."""
    text = day.strftime("%d/%m/%Y")
    return f"{weekday_fr(day)} {text}" if with_weekday else text
