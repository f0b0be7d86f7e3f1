"""The claim once a title is held: the sums ordered, legal interest, +5 points (CMF L313-3).

Why: after a pecuniary condemnation the sums the decision orders bear interest at the legal
rate, as the decision states it: on the principal alone, or on the principal and the
accessories (penalties, the 40 € indemnity, CPC 700, costs), from the date it names, by
default its pronouncement (C. civ. 1231-7). « Le taux de l'intérêt légal est majoré de cinq
points à l'expiration d'un délai de deux mois à compter du jour où la décision de justice est
devenue exécutoire, fût-ce par provision » (CMF L313-3):

* an injonction de payer order becomes enforceable only when the opposition period has
  expired (CPC 1422: « l'ordonnance ne constitue un titre exécutoire qu'à l'expiration des
  causes suspensives d'exécution »), not on its service;
* a judgment can be executed only once served (CPC 503); a first-instance judgment is
  enforceable by right from its date (CPC 514), so by default the day it became enforceable
  against the debtor is its service, unless the creditor gives another date.

Calendar rule (CPC 641, ``law.periods.add_months``): the two months expire on the day of the
second month bearing the same number as the enforceable date, or the last day of that month
when it has none (31/12 → 28/02, 29/02 in a leap year); the increased rate runs from the next
day. Row ``judgment_interest_delay_months`` holds the two months, ``judgment_interest_increase``
the five points.

The computation is the law engine's (``recouvre.law.interest.legal_interest``, one slice per
half-year and per rate change, rounded half-up per slice); this module only walks the
payments received after the title: each payment first pays the interest accrued to its date,
then the sums bearing interest, then the other sums ordered (C. civ. 1343-1, 1342-10: the
debt the debtor has most interest to pay first).

Example: 10 000,00 € ordered by an injonction de payer of 2026-09-25, served to the debtor in
person on 2026-10-01, enforceable from 2026-12-01 (opposition period over): legal rate
« autres cas » from 2026-09-26, + 5 points from 2027-02-02 (2026-12-01 + 2 months =
2027-02-01, the increase runs from the next day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.money import ZERO
from recouvre.domain.payments import Payment
from recouvre.law.interest import (
    InterestSlice,
    LegalRateCategory,
    judgment_increase_from,
    legal_interest,
)
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.statement.explain import format_date, format_euros
from recouvre.services.judicial.records import EnforceableTitle


@dataclass(frozen=True, slots=True)
class TitleStatement:
    """What is owed under a title on ``on``."""

    title: EnforceableTitle
    on: date
    increased_from: date | None
    slices: tuple[InterestSlice, ...]
    interest_paid: Decimal
    principal_paid: Decimal  # paid on the sums ordered (bearing interest or not)
    rows: tuple[LegalRow, ...]

    @property
    def interest(self) -> Decimal:
        return sum((s.amount for s in self.slices), ZERO)

    @property
    def principal_outstanding(self) -> Decimal:
        """The sums ordered still owed (principal and accessories)."""
        return self.title.amount + self.title.accessories - self.principal_paid

    @property
    def interest_outstanding(self) -> Decimal:
        return self.interest - self.interest_paid

    @property
    def total_due(self) -> Decimal:
        return self.principal_outstanding + self.interest_outstanding

    @property
    def interest_basis_fr(self) -> str:
        """Which sums bear interest, in French, as the decision orders it."""
        title = self.title
        start = title.interest_from or title.pronounced_on
        text = (
            f"Intérêts au taux légal sur {title.interest_basis.label_fr} "
            f"({format_euros(title.interest_bearing)}) à compter du {format_date(start)}"
        )
        if title.not_interest_bearing > 0:
            text += (
                f" ; accessoires sans intérêts : {format_euros(title.not_interest_bearing)}"
            )
        if self.increased_from is not None:
            text += (
                f" ; taux majoré (CMF L313-3) à compter du {format_date(self.increased_from)}"
            )
        return text + "."


def title_statement(
    title: EnforceableTitle,
    payments: Sequence[Payment],
    on: date,
    tables: LegalTables,
    category: LegalRateCategory = LegalRateCategory.AUTRES,
) -> TitleStatement:
    """Interest on the sums the title orders interest on, from the day after its interest
    date (its pronouncement unless it names another) through ``on``."""
    increased_from: date | None = None
    rows: list[LegalRow] = []
    enforceable = title.became_enforceable_on
    if enforceable is not None:
        increased_from, delay = judgment_increase_from(enforceable, tables)
        rows.append(delay)
    bearing = title.interest_bearing
    other = title.not_interest_bearing
    accrued_through = title.interest_from or title.pronounced_on
    slices: list[InterestSlice] = []
    interest_paid = ZERO
    principal_paid = ZERO
    later = sorted(
        (p for p in payments if title.pronounced_on < p.received_on <= on),
        key=lambda p: p.received_on,
    )
    for payment in later:
        if bearing > 0 and payment.received_on > accrued_through:
            part = legal_interest(
                bearing, accrued_through, payment.received_on, tables, category, increased_from
            )
            slices.extend(part.slices)
            accrued_through = payment.received_on
        owed_interest = sum((s.amount for s in slices), ZERO) - interest_paid
        to_interest = min(payment.amount, owed_interest)
        to_bearing = min(payment.amount - to_interest, bearing)
        to_other = min(payment.amount - to_interest - to_bearing, other)
        interest_paid += to_interest
        principal_paid += to_bearing + to_other
        bearing -= to_bearing
        other -= to_other
    if bearing > 0 and on > accrued_through:
        part = legal_interest(bearing, accrued_through, on, tables, category, increased_from)
        slices.extend(part.slices)
    for s in slices:
        rows.extend(s.rows)
    unique = {(r.key, r.effective_from): r for r in rows}
    return TitleStatement(
        title,
        on,
        increased_from,
        tuple(slices),
        interest_paid,
        principal_paid,
        tuple(unique.values()),
    )
