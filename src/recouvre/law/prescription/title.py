"""The execution of an enforceable title: ten years from the day it can be executed.

Why (CPCE L111-4 al. 1): « L'exécution des titres exécutoires mentionnés aux 1° à 3° de
l'article L. 111-3 ne peut être poursuivie que pendant dix ans, sauf si les actions en
recouvrement des créances qui y sont constatées se prescrivent par un délai plus long. » The
period runs from the day the title can be executed (Cass. 2e civ., 5 Oct. 2023,
n° 20-23.523): for an injonction de payer order the day it is declared enforceable, for a
judgment its service. The claim's own period (5 years between professionals, C. com. L110-4;
2 years against a consumer, C. conso L218-2) no longer applies to the sum the title awards:
the title's period replaces it, and the 20-year long-stop of C. civ. 2232 does not cap it. An
enforcement measure after the title interrupts it and a new period of the title's length
starts (C. civ. 2231, 2244). The length is a dated legal row
(``prescription_enforceable_title_years``, source CPCE L111-4), never a literal here.

Worked example: commercial invoice due 30/06/2021 (5 years -> 30/06/2026); an injonction de
payer order declared enforceable on 01/12/2026 -> the title's execution is prescribed at the
end of 01/12/2036, not 2031.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recouvre.law.calendar import format_date_fr
from recouvre.law.deadlines.cpc import Period, add_period, arithmetic_text
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.prescription.events import ClaimKind

TITLE_PERIOD_KEY = ClaimKind.ENFORCEABLE_TITLE.period_key


@dataclass(frozen=True, slots=True)
class TitleRestart:
    """The period after a title: its length, its end, the row it came from, the French step."""

    period: Period
    end: date
    row: LegalRow
    text: str


def title_restart(
    on: date, claim_period: Period, rows: Sequence[LegalRow], claim_end: date | None
) -> TitleRestart:
    """The period that runs from a title executable on ``on`` (``rows``: the legal rows of
    ``TITLE_PERIOD_KEY``; ``MissingLegalData`` when none is in force on ``on``): the title's
    length, or the claim's when longer (CPCE L111-4 al. 1)."""
    row = LegalTables(rows).row_on(TITLE_PERIOD_KEY, on)
    title = Period.from_row(row)
    longer = add_period(on, claim_period) > add_period(on, title)
    period = claim_period if longer else title
    end = add_period(on, period)
    why = (
        "la créance se prescrivant par un délai plus long, ce délai est conservé"
        if longer
        else f"non plus par celui de la créance ({claim_period.label_fr})"
    )
    text = (
        f"{format_date_fr(on)} : titre exécutoire → son exécution se prescrit par "
        f"{period.label_fr} à compter du jour où il peut être exécuté ({row.source}) ; {why} ; "
        f"le délai butoir de C. civ. 2232 ne s'applique pas : {arithmetic_text(on, period, end)}"
    )
    if claim_end is not None and claim_end < on:
        text += (
            f" ; la prescription de la créance (fin le {format_date_fr(claim_end)}) n'a pas été "
            "opposée avant le titre, qui s'impose (C. civ. 2247)"
        )
    return TitleRestart(period, end, row, text + ".")
