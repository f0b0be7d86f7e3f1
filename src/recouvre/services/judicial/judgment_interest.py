"""The claim once a title is held: the sum awarded, legal interest, +5 points (CMF L313-3).

Why: after a pecuniary condemnation the amount awarded bears interest at the legal rate
(C. civ. 1231-7: from the decision unless the judge says otherwise), and « le taux de
l'intérêt légal est majoré de cinq points à l'expiration d'un délai de deux mois à compter du
jour où la décision de justice est devenue exécutoire » (CMF L313-3): from its service
(CPC 503; row ``judgment_interest_delay_months``, a secondary source). An
injonction de payer order that became final « produit tous les effets d'un jugement
contradictoire » (CPC 1422), so the same rule applies to it.

The computation is the law engine's (``recouvre.law.interest.legal_interest``, one slice per
half-year and per rate change, rounded half-up per slice); this module only walks the
payments received after the title: each payment first pays the interest accrued to its date,
then the sum awarded (C. civ. 1343-1).

Example: 10 000,00 € awarded by an order of 2026-09-25, served 2026-10-01: legal rate « autres
cas » from 2026-09-26, + 5 points from 2026-12-02 (2026-10-01 + 2 months = 2026-12-01, the
increase runs from the next day).
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
from recouvre.services.judicial.records import EnforceableTitle


@dataclass(frozen=True, slots=True)
class TitleStatement:
    """What is owed under a title on ``on``."""

    title: EnforceableTitle
    on: date
    increased_from: date | None
    slices: tuple[InterestSlice, ...]
    interest_paid: Decimal
    principal_paid: Decimal
    rows: tuple[LegalRow, ...]

    @property
    def interest(self) -> Decimal:
        return sum((s.amount for s in self.slices), ZERO)

    @property
    def principal_outstanding(self) -> Decimal:
        return self.title.amount - self.principal_paid

    @property
    def interest_outstanding(self) -> Decimal:
        return self.interest - self.interest_paid

    @property
    def total_due(self) -> Decimal:
        return self.principal_outstanding + self.interest_outstanding


def title_statement(
    title: EnforceableTitle,
    payments: Sequence[Payment],
    on: date,
    tables: LegalTables,
    category: LegalRateCategory = LegalRateCategory.AUTRES,
) -> TitleStatement:
    """Interest on the sum awarded from the day after the title's date through ``on``."""
    increased_from: date | None = None
    rows: list[LegalRow] = []
    if title.served_on is not None:
        increased_from, delay = judgment_increase_from(title.served_on, tables)
        rows.append(delay)
    principal = title.amount
    accrued_through = title.pronounced_on
    slices: list[InterestSlice] = []
    interest_paid = ZERO
    principal_paid = ZERO
    later = sorted(
        (p for p in payments if title.pronounced_on < p.received_on <= on),
        key=lambda p: p.received_on,
    )
    for payment in later:
        if principal > 0 and payment.received_on > accrued_through:
            part = legal_interest(
                principal, accrued_through, payment.received_on, tables, category, increased_from
            )
            slices.extend(part.slices)
            accrued_through = payment.received_on
        owed_interest = sum((s.amount for s in slices), ZERO) - interest_paid
        to_interest = min(payment.amount, owed_interest)
        to_principal = min(payment.amount - to_interest, principal)
        interest_paid += to_interest
        principal_paid += to_principal
        principal -= to_principal
    if principal > 0 and on > accrued_through:
        part = legal_interest(principal, accrued_through, on, tables, category, increased_from)
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
