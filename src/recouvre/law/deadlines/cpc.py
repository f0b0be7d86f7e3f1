"""Procedural deadlines: CPC 640 to 642 (computation), 643 and 644 (distance).

Why (CPC 640-644):
- CPC 640: a deadline runs from the act, event, decision or notification that triggers it.
- CPC 641: in **days**, the trigger day does not count; in **months or years**, the deadline
  expires on the day of the last month bearing the **same number** as the trigger day, or,
  if there is none, on the **last day of that month**. Months first, then days.
- CPC 642: « Tout délai expire le dernier jour à vingt-quatre heures. Le délai qui
  expirerait normalement un samedi, un dimanche ou un jour férié ou chômé, est prorogé
  jusqu'au premier jour ouvrable suivant. » (procedural deadlines only: never prescription,
  Cass. 2e civ., 7 Apr. 2016, n° 15-12.960).
- CPC 643-644: for proceedings in metropolitan France, + 1 month for persons living
  overseas, + 2 months for persons living abroad, where the law provides it (opposition,
  appeal ...). The lengths are legal rows passed in, never literals here.

Where the person lives is explicit (``Residence``: a metropolitan département, overseas,
abroad); the holiday calendar is that of the place where the act must be done (the
court's seat for an opposition at the greffe, [U]), passed in as a ``HolidayCalendar``.

Worked example: an injonction de payer served to the person on
Thu 2026-10-01; opposition within 1 month -> 2026-11-01, a Sunday and All Saints' Day ->
Mon 2026-11-02; for a debtor living abroad, + 2 months -> 2027-01-01 (New Year's Day, a
Friday), then Saturday and Sunday -> Mon 2027-01-04.
"""

from __future__ import annotations

import calendar as _gregorian
import enum
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import assert_never

from recouvre.law.calendar import HolidayCalendar, format_date_fr, is_overseas
from recouvre.law.errors import LawError
from recouvre.law.parameters import LegalRow


class TimeUnit(enum.Enum):
    """Unit of a legal period (the ``unit`` of its legal row)."""

    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"

    def label_fr(self, amount: int) -> str:
        match self:
            case TimeUnit.DAYS:
                return f"{amount} jour" + ("s" if abs(amount) > 1 else "")
            case TimeUnit.MONTHS:
                return f"{amount} mois"
            case TimeUnit.YEARS:
                return f"{amount} an" + ("s" if abs(amount) > 1 else "")
            case _:
                assert_never(self)


class InvalidPeriodRow(LawError):
    """A legal row used as a period has a unit or value that is not a whole period."""


@dataclass(frozen=True, slots=True)
class Period:
    """A whole number of days, months or years."""

    amount: int
    unit: TimeUnit

    @classmethod
    def from_row(cls, row: LegalRow) -> Period:
        """The period a legal row holds (``unit`` days/months/years, whole ``value``)."""
        try:
            unit = TimeUnit(row.unit)
        except ValueError:
            raise InvalidPeriodRow(
                f"la ligne {row.key} du {row.effective_from.isoformat()} a l'unité « {row.unit} » :"
                " attendu days, months ou years"
            ) from None
        if row.value != row.value.to_integral_value() or row.value < Decimal(0):
            raise InvalidPeriodRow(
                f"la ligne {row.key} du {row.effective_from.isoformat()} vaut {row.value} :"
                " attendu un nombre entier positif"
            )
        return cls(int(row.value), unit)

    @property
    def label_fr(self) -> str:
        return self.unit.label_fr(self.amount)

    @property
    def months(self) -> int:
        """The period in months (0 for a period in days)."""
        match self.unit:
            case TimeUnit.DAYS:
                return 0
            case TimeUnit.MONTHS:
                return self.amount
            case TimeUnit.YEARS:
                return 12 * self.amount
            case _:
                assert_never(self.unit)

    @property
    def days(self) -> int:
        return self.amount if self.unit is TimeUnit.DAYS else 0


def add_months(start: date, months: int) -> date:
    """CPC 641: the day bearing the same number ``months`` later, else the last day of the
    month (31 January + 1 month = 28 or 29 February). ``months`` may be negative (alerts)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = _gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def add_period(start: date, period: Period) -> date:
    """``start`` + ``period`` under CPC 641 (the trigger day does not count)."""
    return add_months(start, period.months) + timedelta(days=period.days)


def subtract_period(end: date, period: Period) -> date:
    """``end`` - ``period`` (same-number rule backwards; used for alert dates)."""
    return add_months(end, -period.months) - timedelta(days=period.days)


class ResidenceKind(enum.Enum):
    """Where the person concerned lives, for the distance extension (CPC 643-644)."""

    METROPOLITAN = "metropole"
    OVERSEAS = "outre-mer"
    ABROAD = "etranger"


@dataclass(frozen=True, slots=True)
class Residence:
    """Where a person lives: a metropolitan département, overseas, or abroad.

    ``departement`` is the code when known (metropolitan or overseas); ``country`` is free
    text for a person living abroad.
    """

    kind: ResidenceKind
    departement: str | None = None
    country: str | None = None

    @classmethod
    def from_departement(cls, code: str) -> Residence:
        """Metropolitan or overseas, from the département code (971, 974 ... are overseas)."""
        kind = ResidenceKind.OVERSEAS if is_overseas(code) else ResidenceKind.METROPOLITAN
        return cls(kind, departement=code)

    @classmethod
    def abroad(cls, country: str | None = None) -> Residence:
        return cls(ResidenceKind.ABROAD, country=country)

    @classmethod
    def overseas(cls, departement: str | None = None) -> Residence:
        return cls(ResidenceKind.OVERSEAS, departement=departement)

    @property
    def label_fr(self) -> str:
        match self.kind:
            case ResidenceKind.METROPOLITAN:
                where = f" ({self.departement})" if self.departement else ""
                return f"en France métropolitaine{where}"
            case ResidenceKind.OVERSEAS:
                where = f" ({self.departement})" if self.departement else ""
                return f"outre-mer{where}"
            case ResidenceKind.ABROAD:
                return f"à l'étranger ({self.country})" if self.country else "à l'étranger"
            case _:
                assert_never(self.kind)


METROPOLITAN = Residence(ResidenceKind.METROPOLITAN)


@dataclass(frozen=True, slots=True)
class DistanceRule:
    """The extension a given deadline grants by residence (``None``: no extension).

    CPC 643 grants 1 month overseas and 2 months abroad; the claim declaration
    (R622-24) grants 2 months to any creditor living outside metropolitan France.
    """

    overseas: Period | None
    abroad: Period | None
    source: str

    def for_residence(self, residence: Residence) -> Period | None:
        match residence.kind:
            case ResidenceKind.METROPOLITAN:
                return None
            case ResidenceKind.OVERSEAS:
                return self.overseas
            case ResidenceKind.ABROAD:
                return self.abroad
            case _:
                assert_never(residence.kind)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a computation: the date reached and, in French, how."""

    on: date
    text: str


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed procedural deadline and how it was obtained.

    ``raw_end`` = trigger + period (CPC 641); ``after_distance`` adds the distance extension
    (equal to ``raw_end`` without one); ``end`` is the last day, after the CPC 642 extension.
    """

    rule: str
    trigger: date
    period: Period
    raw_end: date
    distance: Period | None
    after_distance: date
    end: date
    steps: tuple[Step, ...]
    rows: tuple[LegalRow, ...] = ()

    @property
    def extended(self) -> bool:
        return self.end != self.after_distance

    @property
    def explanation(self) -> tuple[str, ...]:
        return tuple(step.text for step in self.steps)


def arithmetic_text(start: date, period: Period, result: date) -> str:
    """« 31/01/2026 + 1 mois = 28/02/2026 (...) » with the CPC 641 rule that produced it."""
    text = f"{format_date_fr(start)} + {period.label_fr} = {format_date_fr(result)}"
    if period.unit is TimeUnit.DAYS:
        return text + " (le jour du point de départ ne compte pas, CPC 641)"
    if result.day != start.day and period.months:
        if period.unit is TimeUnit.YEARS:
            return (
                text + " (pas de même jour cette année-là : dernier jour du mois,"
                " par analogie avec CPC 641)"
            )
        return text + " (pas de même quantième ce mois-là : dernier jour du mois, CPC 641)"
    if period.unit is TimeUnit.YEARS:
        return text + " (même jour et même mois)"
    return text + " (même quantième, CPC 641)"


def procedural_deadline(
    trigger: date,
    period: Period,
    *,
    rule: str,
    calendar: HolidayCalendar,
    residence: Residence = METROPOLITAN,
    distance: DistanceRule | None = None,
    extend_to_working_day: bool = True,
    rows: tuple[LegalRow, ...] = (),
    trigger_label: str | None = None,
) -> Deadline:
    """The last day of a deadline of ``period`` from ``trigger`` (CPC 640-642, 643-644).

    ``rule`` names the deadline in French with its article (shown first in the
    explanation). ``distance`` is the extension the law attaches to this deadline, applied
    per ``residence``; months are counted first, then days (CPC 641 al. 2).
    ``extend_to_working_day`` applies CPC 642 (true for every procedural deadline).
    ``trigger_label`` says in French what happened on ``trigger``.
    """
    what = f" ({trigger_label})" if trigger_label else ""
    steps: list[Step] = [
        Step(trigger, f"{rule} : {period.label_fr} à compter du {format_date_fr(trigger)}{what}.")
    ]
    raw_end = add_period(trigger, period)
    steps.append(Step(raw_end, f"Terme : {arithmetic_text(trigger, period, raw_end)}."))

    extra = distance.for_residence(residence) if distance is not None else None
    after_distance = raw_end
    if distance is not None:
        after_distance = _with_distance(trigger, period, distance, residence, raw_end, steps)
    end = after_distance
    if extend_to_working_day:
        end = _to_working_day(after_distance, calendar, steps)
    steps.append(Step(end, f"Dernier jour : {format_date_fr(end, with_weekday=True)} à 24 heures."))
    return Deadline(
        rule=rule,
        trigger=trigger,
        period=period,
        raw_end=raw_end,
        distance=extra,
        after_distance=after_distance,
        end=end,
        steps=tuple(steps),
        rows=rows,
    )


def _with_distance(
    trigger: date,
    period: Period,
    distance: DistanceRule,
    residence: Residence,
    raw_end: date,
    steps: list[Step],
) -> date:
    """The end with the distance extension for ``residence`` (CPC 643-644), months counted
    first and then days (CPC 641 al. 2); the step explaining it is appended to ``steps``."""
    extra = distance.for_residence(residence)
    if extra is None:
        if residence.kind is not ResidenceKind.METROPOLITAN:
            steps.append(
                Step(
                    raw_end,
                    f"Pas de délai de distance pour une personne demeurant {residence.label_fr}.",
                )
            )
        return raw_end
    total = Period(period.months + extra.months, TimeUnit.MONTHS)
    extended = add_period(trigger, total) + timedelta(days=period.days + extra.days)
    steps.append(
        Step(
            extended,
            f"Délai de distance ({distance.source}) : + {extra.label_fr} pour une personne "
            f"demeurant {residence.label_fr} → {format_date_fr(extended)}"
            + (" (les mois d'abord, puis les jours, CPC 641)." if period.days else "."),
        )
    )
    return extended


def _to_working_day(last: date, calendar: HolidayCalendar, steps: list[Step]) -> date:
    """``last`` carried to the next working day of ``calendar`` (CPC 642), naming each day
    skipped; the step explaining it is appended to ``steps``."""
    end = calendar.next_working_day(last)
    if end == last:
        steps.append(
            Step(
                end,
                f"{format_date_fr(end, with_weekday=True)} est un jour ouvrable : "
                "pas de prorogation (CPC 642).",
            )
        )
        return end
    skipped = []
    day = last
    while day < end:
        name = calendar.holiday_name(day)
        holiday = f", {name}" if name is not None else ""
        skipped.append(f"{format_date_fr(day, with_weekday=True)}{holiday}")
        day += timedelta(days=1)
    steps.append(
        Step(
            end,
            "Le délai expirerait un jour non ouvrable ("
            + " ; ".join(skipped)
            + f") : prorogé au premier jour ouvrable suivant, "
            f"{format_date_fr(end, with_weekday=True)} (CPC 642, calendrier du "
            f"département {calendar.departement}).",
        )
    )
    return end
