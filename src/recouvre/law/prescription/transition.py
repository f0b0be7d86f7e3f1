"""A law that changes a prescription period while it runs: C. civ. 2222, loi n° 2008-561 art. 26.

Why: the period of a claim is the one in force on its starting date (the row read on that
date), but a later law may shorten or lengthen it while it runs. C. civ. 2222 (loi n° 2008-561
du 17 juin 2008, in force on 19 June 2008, whose art. 26 states the same transitional rule):

- al. 1: « La loi qui allonge la durée d'une prescription [...] est sans effet sur une
  prescription [...] acquise. Elle s'applique lorsque le délai de prescription [...] n'était
  pas expiré à la date de son entrée en vigueur. Il est alors tenu compte du délai déjà
  écoulé. »
- al. 2: « En cas de réduction de la durée du délai de prescription [...], ce nouveau délai
  court à compter du jour de l'entrée en vigueur de la loi nouvelle, sans que la durée totale
  puisse excéder la durée prévue par la loi antérieure. »

A *reform* is a later legal row of the same key whose period differs from the one in force
(the rows themselves are data: the pre-2008 periods are shipped as user-correctable rows). An
interruption after a reform starts a new period of the new length (2231 read with the law in
force on the day of the interruption).

Worked example: commercial invoice due 30/06/2005: former C. com. L110-4, 10 years ->
30/06/2015; the 2008 reform (5 years) runs from 19/06/2008 -> 19/06/2013, earlier: the claim
is time-barred at the end of 19/06/2013. Due 18/06/2003: 10 years -> 18/06/2013, before
19/06/2013: the former period is kept (the total may not exceed it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recouvre.law.calendar import format_date_fr
from recouvre.law.deadlines.cpc import Period, add_period
from recouvre.law.parameters import LegalRow, LegalTables


@dataclass(frozen=True, slots=True)
class Reform:
    """A change of the period of a kind of claim on ``on`` (a later legal row)."""

    on: date
    period: Period
    row: LegalRow


def reforms_after(rows: Sequence[LegalRow], start: date, period: Period) -> tuple[Reform, ...]:
    """The rows after ``start`` (oldest first) whose period differs from the one before them."""
    out: list[Reform] = []
    current = period
    for row in rows:
        if row.effective_from <= start:
            continue
        changed = Period.from_row(row)
        if changed != current:
            out.append(Reform(row.effective_from, changed, row))
            current = changed
    return tuple(out)


def row_in_force_or_first(tables: LegalTables, key: str, on: date) -> LegalRow:
    """The row of ``key`` in force on ``on``; for a date before every row of the key, its first
    row: a rule the 2008 reform introduced (the 2232 long-stop, the six months of 2238) applies
    from its entry into force to the periods then running (loi n° 2008-561 art. 26). Never used
    for the period itself: an unknown period is ``MissingLegalData``, never a later one."""
    rows = tables.rows(key)
    if rows and on < rows[0].effective_from:
        return rows[0]
    return tables.row_on(key, on)


def _longer(a: Period, b: Period, on: date) -> bool:
    return add_period(on, a) > add_period(on, b)


def reformed_end(end: date, run_start: date, old: Period, reform: Reform) -> tuple[date, str]:
    """The end of a running period of ``old`` length (started on ``run_start``, due to end on
    ``end``) once ``reform`` comes into force, and the French explanation (C. civ. 2222)."""
    when = format_date_fr(reform.on)
    head = (
        f"{when} : loi nouvelle ({reform.row.source}) : durée portée de {old.label_fr} à "
        f"{reform.period.label_fr}"
    )
    if _longer(reform.period, old, reform.on):
        longer = end + (add_period(run_start, reform.period) - add_period(run_start, old))
        return longer, (
            f"{head} ; le délai n'était pas expiré : la loi qui allonge s'applique, compte tenu "
            f"du délai déjà écoulé (C. civ. 2222 al. 1) : fin le {format_date_fr(longer)}."
        )
    shorter = add_period(reform.on, reform.period)
    rule = (
        f"le nouveau délai court à compter du {when} ({reform.period.label_fr} → "
        f"{format_date_fr(shorter)}), sans que la durée totale puisse excéder celle de la loi "
        "antérieure (C. civ. 2222 al. 2 ; loi n° 2008-561, art. 26)"
    )
    if shorter < end:
        return shorter, f"{head} ; {rule} : fin ramenée du {format_date_fr(end)} au " + (
            f"{format_date_fr(shorter)}."
        )
    return end, f"{head} ; {rule} : le terme antérieur du {format_date_fr(end)} est conservé."
