"""Prescription (limitation) of a claim: legal end, practical deadline, alerts.

Why (C. civ. 2219-2254):
- The period depends on the kind of claim (``ClaimKind``), read from the legal rows on the
  starting date (the due date, C. civ. 2233; the completion of the work for a consumer,
  C. conso L218-2).
- An interruption (acknowledgement 2240, legal action 2241 — for an injonction de payer the
  service of the order, not the filing —, enforcement or conservatory measure 2244, claim
  declaration) starts a **new period of the same length** (2231). A legal action and a claim
  declaration interrupt until the end of the proceedings (2242), and are « non avenues » if
  withdrawn, lapsed or finally rejected (2243).
- A suspension (mediation, conciliation, the debtor's agreement to the petites créances
  procedure: 2238) stops the clock and keeps the time already run (2230); the period then
  runs again « pour une durée qui ne peut être inférieure à six mois ».
- The prescription is acquired when the last day is over (2228-2229), **never extended** to
  a working day (Cass. 2e civ., 7 Apr. 2016, n° 15-12.960). The practical deadline is the
  last working day on or before it; alerts fall before the practical deadline.
- The 20-year long-stop (2232) caps extensions by acknowledgement or suspension, not those
  by a legal action or an enforcement measure (2232 al. 2) [K].
- An event after the prescription is acquired does not revive it.
- An enforceable title changes the period: from the day it can be executed, ten years (the
  claim's own period when longer), with no 2232 long-stop (CPCE L111-4, ``title``).

Worked example: invoice due 2021-06-30, commercial claim,
5 years -> 2026-06-30; formal notice 2022-01-10: no effect; acknowledgement Sat 2023-03-11
-> new 5 years -> legal end Sat 2028-03-11 (no extension), practical deadline Fri 2028-03-10.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from recouvre.law.calendar import HolidayCalendar, format_date_fr
from recouvre.law.deadlines.cpc import (
    Period,
    Step,
    add_period,
    arithmetic_text,
    subtract_period,
)
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.prescription.events import ClaimKind, Effect, PrescriptionEvent
from recouvre.law.prescription.result import (
    DEFAULT_ALERTS,
    Alert,
    PrescriptionResult,
    PrescriptionStatus,
)
from recouvre.law.prescription.title import TITLE_PERIOD_KEY, title_restart
from recouvre.law.prescription.transition import (
    Reform,
    reformed_end,
    reforms_after,
    row_in_force_or_first,
)

__all__ = [
    "DEFAULT_ALERTS",
    "Alert",
    "PrescriptionLaw",
    "PrescriptionResult",
    "PrescriptionStatus",
    "compute_prescription",
]


@dataclass(frozen=True, slots=True)
class PrescriptionLaw:
    """The legal values a prescription computation uses (from dated rows): the period in
    force on the starting date, the later changes of it (``reforms``, C. civ. 2222) and the
    rows of the period of an enforceable title (``title_rows``, CPCE L111-4), read on the
    title's date when one comes."""

    period: Period
    min_restart: Period
    long_stop: Period | None
    rows: tuple[LegalRow, ...] = ()
    reforms: tuple[Reform, ...] = ()
    title_rows: tuple[LegalRow, ...] = ()

    @classmethod
    def from_tables(cls, kind: ClaimKind, start: date, tables: LegalTables) -> PrescriptionLaw:
        """The rows in force on the starting date (``MissingLegalData`` names a missing
        period: an unknown period is never taken as « not time-barred »)."""
        period_row = tables.row_on(kind.period_key, start)
        period = Period.from_row(period_row)
        reforms = reforms_after(tables.rows(kind.period_key), start, period)
        restart_row = row_in_force_or_first(
            tables, "prescription_suspension_min_restart_months", start
        )
        rows = [period_row, *(reform.row for reform in reforms), restart_row]
        long_stop: Period | None = None
        if kind.long_stop_applies:
            stop_row = row_in_force_or_first(tables, "prescription_long_stop_years", start)
            rows.append(stop_row)
            long_stop = Period.from_row(stop_row)
        restart = Period.from_row(restart_row)
        titles = tables.rows(TITLE_PERIOD_KEY)
        return cls(period, restart, long_stop, tuple(rows), reforms, titles)


def _fr(day: date) -> str:
    return format_date_fr(day, with_weekday=True)


@dataclass(slots=True)
class _Clock:
    """The running state while events are applied in date order."""

    law: PrescriptionLaw
    end: date | None
    cap: date | None
    period: Period  # the length a new period takes (the law in force, C. civ. 2222)
    run_start: date  # when the running period started
    stopped_until: date | None = None
    open_reason: str = ""
    titled: bool = False  # an enforceable title now sets the period (CPCE L111-4)
    used: list[LegalRow] = field(default_factory=list)  # rows read on the way (the title's)

    @property
    def long_stop_label(self) -> str:
        return f" de {self.law.long_stop.label_fr}" if self.law.long_stop is not None else ""

    def capped(self, steps: list[Step]) -> None:
        if self.cap is not None and self.end is not None and self.end > self.cap:
            steps.append(
                Step(
                    self.cap,
                    f"Délai butoir{self.long_stop_label} (C. civ. 2232) : la fin est ramenée "
                    f"au {_fr(self.cap)}.",
                )
            )
            self.end = self.cap


def _interrupt(clock: _Clock, event: PrescriptionEvent, steps: list[Step]) -> None:
    kind = event.kind
    if event.void:
        steps.append(
            Step(
                event.on,
                f"{format_date_fr(event.on)} : {kind.label_fr} non avenue (désistement, "
                "péremption ou rejet définitif, C. civ. 2243) : l'interruption est non avenue.",
            )
        )
        return
    if kind.escapes_long_stop and clock.cap is not None:
        clock.cap = None
        steps.append(
            Step(
                event.on,
                f"Le délai butoir{clock.long_stop_label} ne s'applique plus (C. civ. 2232 al. 2).",
            )
        )
    restart = event.on
    why = f"à compter du {format_date_fr(event.on)}"
    if kind.lasts_until_end_of_proceedings:
        if event.end is None:
            clock.end = None
            clock.open_reason = (
                f"{format_date_fr(event.on)} : {kind.label_fr} ; l'effet interruptif dure jusqu'à "
                "l'extinction de l'instance (C. civ. 2242) : indiquez la date de fin pour "
                "calculer le nouveau délai."
            )
            steps.append(Step(event.on, clock.open_reason))
            return
        restart = max(event.end, event.on)
        why = f"à compter de la fin de l'instance le {format_date_fr(restart)} (C. civ. 2242)"
    if clock.stopped_until is not None and restart < clock.stopped_until:
        restart = clock.stopped_until
        why = (
            f"à compter du {format_date_fr(restart)}, fin de la suspension ou de l'instance "
            "en cours"
        )
    new_end = add_period(restart, clock.period)
    text = (
        f"{format_date_fr(event.on)} : {kind.label_fr} → interruption : un nouveau délai de "
        f"{clock.period.label_fr} court {why} (C. civ. 2231) : "
        f"{arithmetic_text(restart, clock.period, new_end)}"
    )
    if clock.end is not None and new_end < clock.end:
        text += f" ; le terme en cours, plus tardif, est conservé : {format_date_fr(clock.end)}"
        new_end = clock.end
    else:
        clock.run_start = restart
    steps.append(Step(new_end, text + "."))
    clock.end = new_end
    if kind.lasts_until_end_of_proceedings:
        clock.stopped_until = max(restart, clock.stopped_until or restart)
    clock.capped(steps)


def _suspend(clock: _Clock, event: PrescriptionEvent, steps: list[Step]) -> None:
    assert clock.end is not None
    start = event.on
    if clock.stopped_until is not None and start < clock.stopped_until:
        start = clock.stopped_until
    if event.end is None:
        clock.open_reason = (
            f"{format_date_fr(event.on)} : {event.kind.label_fr} en cours → suspension (C. civ. "
            f"2230) ; {(clock.end - start).days} jours restaient à courir ; le délai reprendra à "
            f"la fin pour au moins {clock.law.min_restart.label_fr} (C. civ. 2238)."
        )
        clock.end = None
        steps.append(Step(event.on, clock.open_reason))
        return
    if event.end <= start:
        steps.append(
            Step(event.on, f"{format_date_fr(event.on)} : {event.kind.label_fr} déjà couverte.")
        )
        return
    remaining = (clock.end - start).days
    resumed = event.end + timedelta(days=remaining)
    floor = add_period(event.end, clock.law.min_restart)
    text = (
        f"{format_date_fr(event.on)} → {format_date_fr(event.end)} : {event.kind.label_fr} → "
        f"suspension (C. civ. 2230) ; il restait {remaining} jours au "
        f"{format_date_fr(start)}, qui courent à nouveau à partir du "
        f"{format_date_fr(event.end)} : {format_date_fr(resumed)}"
    )
    if floor > resumed:
        text += (
            f" ; mais le délai ne peut être inférieur à {clock.law.min_restart.label_fr} après la "
            f"fin (C. civ. 2238) : {format_date_fr(floor)}"
        )
        resumed = floor
    steps.append(Step(resumed, text + "."))
    clock.end = resumed
    clock.stopped_until = event.end
    clock.capped(steps)


def _title(clock: _Clock, event: PrescriptionEvent, steps: list[Step]) -> None:
    """An enforceable title: from the day it can be executed, its own period runs, whatever
    the claim's state (it ends a pending instance, C. civ. 2242; the claim's prescription not
    raised before the judge can no longer be, 2247), with no 2232 long-stop (CPCE L111-4)."""
    restart = title_restart(event.on, clock.period, clock.law.title_rows, clock.end)
    clock.period, clock.end, clock.cap = restart.period, restart.end, None
    clock.run_start, clock.stopped_until, clock.titled = event.on, None, True
    clock.used.append(restart.row)
    steps.append(Step(restart.end, restart.text))


def _reform(clock: _Clock, reform: Reform, steps: list[Step]) -> None:
    """A later law changes the period while it runs (C. civ. 2222, loi n° 2008-561 art. 26)."""
    when = format_date_fr(reform.on)
    if clock.titled:
        steps.append(
            Step(
                reform.on,
                f"{when} : loi nouvelle ({reform.row.source}) — sans effet sur l'exécution du "
                "titre, qui a son propre délai (CPCE L111-4).",
            )
        )
        return
    if clock.end is not None and reform.on > clock.end:
        steps.append(
            Step(
                reform.on,
                f"{when} : loi nouvelle ({reform.row.source}) — sans effet sur une prescription "
                f"acquise depuis la fin du {format_date_fr(clock.end)} (C. civ. 2222 al. 1).",
            )
        )
        return
    old, clock.period = clock.period, reform.period
    if clock.end is None:
        steps.append(
            Step(
                reform.on,
                f"{when} : loi nouvelle ({reform.row.source}) : le délai reprendra pour "
                f"{reform.period.label_fr} (C. civ. 2222).",
            )
        )
        return
    end, text = reformed_end(clock.end, clock.run_start, old, reform)
    steps.append(Step(end, text))
    clock.end = end
    clock.capped(steps)


def _apply(clock: _Clock, event: PrescriptionEvent, steps: list[Step]) -> None:
    """One known event, in date order."""
    if event.kind.effect is Effect.TITLE:
        _title(clock, event, steps)
        return
    if clock.end is None:
        steps.append(
            Step(
                event.on,
                f"{format_date_fr(event.on)} : {event.kind.label_fr} — sans effet calculable "
                "tant que l'interruption ou la suspension précédente est en cours.",
            )
        )
        return
    if event.on > clock.end:
        steps.append(
            Step(
                event.on,
                f"{format_date_fr(event.on)} : {event.kind.label_fr} — sans effet : la "
                f"prescription était acquise depuis la fin du {format_date_fr(clock.end)}.",
            )
        )
        return
    effect = event.kind.effect
    if effect is Effect.INTERRUPTION:
        _interrupt(clock, event, steps)
    elif effect is Effect.SUSPENSION:
        _suspend(clock, event, steps)
    else:
        steps.append(
            Step(
                event.on,
                f"{format_date_fr(event.on)} : {event.kind.label_fr} — sans effet : "
                f"{event.kind.no_effect_reason_fr}.",
            )
        )


def compute_prescription(
    kind: ClaimKind,
    start: date,
    events: Iterable[PrescriptionEvent],
    *,
    law: PrescriptionLaw,
    on: date,
    calendar: HolidayCalendar,
    alerts: Sequence[Period] = DEFAULT_ALERTS,
) -> PrescriptionResult:
    """The prescription of a claim of ``kind`` starting on ``start``, seen on ``on``.

    Events dated after ``on`` are not known yet and are left out (the explanation says so).
    ``calendar`` gives the working days for the practical deadline; ``alerts`` the offsets
    before the practical deadline at which to warn.
    """
    steps: list[Step] = []
    first_end = add_period(start, law.period)
    steps.append(
        Step(
            first_end,
            f"{kind.label_fr} : prescription de {law.period.label_fr} à compter du "
            f"{format_date_fr(start)} ({kind.start_label_fr}) : "
            f"{arithmetic_text(start, law.period, first_end)}.",
        )
    )
    cap = add_period(start, law.long_stop) if law.long_stop is not None else None
    clock = _Clock(law, first_end, cap, law.period, start)
    ordered = sorted(events, key=lambda e: (e.on, e.kind.value))
    later = [event for event in ordered if event.on > on]
    timeline: list[tuple[date, int, PrescriptionEvent | Reform]] = [
        (reform.on, 0, reform) for reform in law.reforms
    ]
    timeline += [(event.on, 1, event) for event in ordered if event.on <= on]
    for _, _, item in sorted(timeline, key=lambda entry: (entry[0], entry[1])):
        if isinstance(item, Reform):
            _reform(clock, item, steps)
        else:
            _apply(clock, item, steps)
    if later:
        steps.append(
            Step(
                on,
                f"{len(later)} événement(s) postérieur(s) au {format_date_fr(on)} non pris en "
                "compte.",
            )
        )
    return _conclude(kind, start, on, law, clock, steps, calendar, alerts)


def _conclude(
    kind: ClaimKind,
    start: date,
    on: date,
    law: PrescriptionLaw,
    clock: _Clock,
    steps: list[Step],
    calendar: HolidayCalendar,
    alert_offsets: Sequence[Period],
) -> PrescriptionResult:
    end = clock.end
    rows = (*law.rows, *(row for row in dict.fromkeys(clock.used) if row not in law.rows))
    period = clock.period if clock.titled else law.period
    if end is None:
        return PrescriptionResult(
            kind,
            start,
            on,
            period,
            None,
            None,
            PrescriptionStatus.STOPPED,
            (),
            tuple(steps),
            rows,
        )
    practical = calendar.previous_working_day(end)
    steps.append(
        Step(
            end,
            f"Fin légale : {_fr(end)} à 24 heures (C. civ. 2228-2229) ; jamais reportée au jour "
            "ouvrable suivant (Cass. 2e civ., 7 avr. 2016, n° 15-12.960).",
        )
    )
    if practical != end:
        steps.append(
            Step(
                practical,
                f"Date limite pratique : {_fr(practical)}, dernier jour ouvrable au plus tard à la "
                f"fin légale (le {format_date_fr(end)} : {calendar.why_not_working(end)}) : "
                "l'acte interruptif (signification, assignation) doit être délivré "
                "au plus tard ce jour.",
            )
        )
    else:
        steps.append(
            Step(
                practical,
                f"Date limite pratique : {_fr(practical)} (jour ouvrable) : l'acte interruptif "
                "(signification, assignation) doit être délivré au plus tard ce jour.",
            )
        )
    alert_days = [(offset, subtract_period(practical, offset)) for offset in alert_offsets]
    alerts = tuple(Alert(offset, day, day <= on <= practical) for offset, day in alert_days)
    status = PrescriptionStatus.ACQUIRED if on > end else PrescriptionStatus.RUNNING
    if status is PrescriptionStatus.ACQUIRED:
        steps.append(Step(on, f"Au {format_date_fr(on)}, la prescription est acquise."))
    return PrescriptionResult(
        kind, start, on, period, end, practical, status, alerts, tuple(steps), rows
    )
