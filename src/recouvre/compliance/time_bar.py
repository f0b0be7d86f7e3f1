"""Which open invoices of a case are time-barred on a date: what the guard needs to know.

Why: once a claim is time-barred (prescrite) there is no contact any more, and no document may
announce a court action on it: « toute menace d'action alors que cette action n'est pas
légalement possible » is an aggressive practice (C. conso L121-6). The law engine computes each
invoice's prescription (``law.prescription.computation.compute_prescription``):

* the kind of claim follows the debtor: between professionals 5 years (C. com. L110-4,
  C. civ. 2224) from the due date (2233); against a consumer 2 years (C. conso L218-2) from the
  completion of the work or service when the invoice records it, else from the due date;
* a claim born before 19/06/2008 takes the period of the former law, then the 2008 reform's
  (C. civ. 2222 al. 2, loi n° 2008-561 art. 26: the shorter new period runs from the reform,
  the total never exceeding the former one), both legal rows;
* the case's evidence interrupts it (a new full period, C. civ. 2231): a partial payment, a
  promise to pay or an agreed payment plan (acknowledgements, C. civ. 2240), the procedures
  started (2241, 2242, 2244) — the caller maps its records to ``PrescriptionEvent``;
* an enforceable title among them replaces the claim's period: ten years from the day it can
  be executed (CPCE L111-4), so a titled claim is not time-barred after 2 or 5 years.

A period no legal row gives (an invoice older than every row of its kind, a malformed user
row) is **unknown**, never « not time-barred »: ``TimeBar.unknown`` names those invoices and the
guard refuses every contact of the case with the reason (``compliance.rules
.prescription_unknown``); the daily run sends the case to review.

Fast path: ``screening_cutoff(tables, on)`` is the date before which an open invoice must
start for its claim to be possibly time-barred on ``on``: ``on`` minus the shortest period of
the legal rows of the kinds used here, plus a margin (the alert margin: six months). Any later
start cannot be time-barred yet (an interruption only pushes the end further), so only cases
holding an earlier one need the exact computation.

Worked example: consumer, invoice due 2024-01-10, no evidence: 2 years -> legal end
2026-01-10; on 2026-02-01 the claim is time-barred; with a promise recorded on 2025-06-01
(acknowledgement) the new end is 2027-06-01: not time-barred.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recouvre.domain.parties import DebtorKind
from recouvre.law.calendar import HolidayCalendar
from recouvre.law.deadlines.cpc import (
    InvalidPeriodRow,
    Period,
    TimeUnit,
    add_period,
    subtract_period,
)
from recouvre.law.parameters import LegalTables, MissingLegalData
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionStatus,
    compute_prescription,
)
from recouvre.law.prescription.events import ClaimKind, PrescriptionEvent

# The kinds of claim a collection case's invoices can be (``claim_kind_for``).
CASE_CLAIM_KINDS: tuple[ClaimKind, ...] = (ClaimKind.COMMERCIAL, ClaimKind.CONSUMER)
DEFAULT_MARGIN = Period(6, TimeUnit.MONTHS)


@dataclass(frozen=True, slots=True)
class OpenInvoice:
    """An open invoice as prescription sees it."""

    number: str
    due_date: date
    completed_on: date | None = None


@dataclass(frozen=True, slots=True)
class TimeBar:
    """The verdict on one case's open invoices on ``on``.

    ``barred``: the numbers of the time-barred ones; ``explanation``: the law engine's French
    steps for the first of them; ``unknown``: those whose period no legal row gives, and
    ``unknown_reason`` why (the first of them)."""

    on: date
    kind: ClaimKind
    open_invoices: int
    barred: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    unknown_reason: str = ""

    @property
    def all_barred(self) -> bool:
        return bool(self.barred) and len(self.barred) == self.open_invoices

    @property
    def some_barred(self) -> bool:
        return bool(self.barred)

    @property
    def some_unknown(self) -> bool:
        """Some open invoice's prescription could not be computed: no contact, a review."""
        return bool(self.unknown)


def claim_kind_for(debtor_kind: DebtorKind) -> ClaimKind:
    """Consumer debtor: L218-2; a professional (company, sole trader): L110-4."""
    match debtor_kind:
        case DebtorKind.CONSUMER:
            return ClaimKind.CONSUMER
        case _:
            return ClaimKind.COMMERCIAL


def start_of(invoice: OpenInvoice, kind: ClaimKind) -> date:
    """The starting point: the completion date for a consumer when known (L218-2, Cass. 3e
    civ., 1 March 2023), the due date otherwise (C. civ. 2233)."""
    return kind.invoice_start(invoice.due_date, invoice.completed_on)


def screening_cutoff(tables: LegalTables, on: date, margin: Period = DEFAULT_MARGIN) -> date | None:
    """The latest starting date (excluded) that may be time-barred on ``on`` plus ``margin``:
    ``on`` minus the shortest period among every legal row of ``CASE_CLAIM_KINDS``, plus the
    margin. ``None`` when the tables hold no such row (nothing can be screened)."""
    periods = [
        Period.from_row(row) for kind in CASE_CLAIM_KINDS for row in tables.rows(kind.period_key)
    ]
    if not periods:
        return None
    latest = max(subtract_period(on, period) for period in periods)
    return add_period(latest, margin) + timedelta(days=1)


def time_bar(
    invoices: Sequence[OpenInvoice],
    debtor_kind: DebtorKind,
    evidence: Sequence[PrescriptionEvent],
    *,
    tables: LegalTables,
    on: date,
    calendar: HolidayCalendar,
    cutoff: date | None = None,
) -> TimeBar:
    """The time-barred open invoices of one case on ``on`` (the scalar reference: every
    invoice starting before ``cutoff`` goes through ``compute_prescription``; with no cutoff,
    every invoice does)."""
    kind = claim_kind_for(debtor_kind)
    barred: list[str] = []
    unknown: list[str] = []
    unknown_reason = ""
    explanation: tuple[str, ...] = ()
    for invoice in invoices:
        start = start_of(invoice, kind)
        if cutoff is not None and start >= cutoff:
            continue
        try:
            law = PrescriptionLaw.from_tables(kind, start, tables)
            result = compute_prescription(
                kind, start, evidence, law=law, on=on, calendar=calendar, alerts=()
            )
        except (MissingLegalData, InvalidPeriodRow) as missing:
            if not unknown:
                unknown_reason = (
                    f"facture {invoice.number} (point de départ {start.strftime('%d/%m/%Y')}) : "
                    f"prescription non calculable, {missing}"
                )
            unknown.append(invoice.number)
            continue
        if result.status is PrescriptionStatus.ACQUIRED:
            if not barred:
                explanation = (f"facture {invoice.number} :", *result.explanation)
            barred.append(invoice.number)
    return TimeBar(
        on, kind, len(invoices), tuple(barred), explanation, tuple(unknown), unknown_reason
    )
