"""What a statement is computed from: the parties, the events, the invoices and options.

Kept apart from ``recouvre.law.statement.computation`` (the computation) so that readers of files
and
databases build these inputs without the walk. Legal basis of each field: the creditor's kind
chooses the legal-interest category (CMF L313-2); professional parties on both sides bring
C. com. L441-10; the formal notice starts legal interest (C. civ. 1231-6, 1344-1); the
judgment's service starts the 5-point increase two months later (CMF L313-3); collective
proceedings stop interest (C. com. L622-28); capitalisation needs a clause or a judgment
(C. civ. 1343-2); costs follow CPCE L111-8.

Example: ``ClaimFacts(CreditorKind.COMPANY, DebtorKind.CONSUMER, FormalNotice(received_on=
date(2025, 5, 20)))`` is a consumer's claim: legal interest « autres cas » from
2025-05-21.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.claims import Invoice
from recouvre.domain.parties import DebtorKind
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.law.imputation import DEFAULT_ORDER, Component
from recouvre.law.interest import BelowFloorPolicy, LegalRateCategory, RateAnchor
from recouvre.law.periods import DayCount


class CreditorKind(enum.StrEnum):
    """COMPANY: a professional (legal person or sole trader acting for business);
    INDIVIDUAL: a natural person not acting for business (« particuliers » legal rate)."""

    COMPANY = "company"
    INDIVIDUAL = "individual"


class InterestStart(enum.StrEnum):
    """When legal interest starts: the formal notice's receipt (default) or its sending [U]."""

    RECEIPT = "receipt"
    SENDING = "sending"


@dataclass(frozen=True, slots=True)
class FormalNotice:
    sent_on: date | None = None
    received_on: date | None = None


@dataclass(frozen=True, slots=True)
class Judgment:
    pronounced_on: date
    amount: Decimal | None = None
    served_on: date | None = None
    capitalisation: bool = False  # the judgment orders capitalisation (C. civ. 1343-2)


@dataclass(frozen=True, slots=True)
class Cost:
    """Justified costs for one invoice. ``enforcement``: costs of forced execution under a title
    (CPCE L111-8 al. 1), chargeable to any debtor; other recovery costs only to a professional,
    above the 40 € indemnity."""

    incurred_on: date
    amount: Decimal
    invoice: str
    description: str = ""
    enforcement: bool = False


@dataclass(frozen=True, slots=True)
class ClaimInvoice:
    invoice: Invoice
    anchor: RateAnchor | None = None  # None: the statement's default


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    creditor: CreditorKind
    debtor: DebtorKind
    formal_notice: FormalNotice | None = None
    judgment: Judgment | None = None
    collective_opened_on: date | None = None
    capitalisation_clause_from: date | None = None  # contract clause (C. civ. 1343-2)

    @property
    def professional_parties(self) -> bool:
        return self.creditor is CreditorKind.COMPANY and self.debtor is DebtorKind.COMPANY

    @property
    def legal_category(self) -> LegalRateCategory:
        if self.creditor is CreditorKind.INDIVIDUAL:
            return LegalRateCategory.PARTICULIERS
        return LegalRateCategory.AUTRES


@dataclass(frozen=True, slots=True)
class StatementOptions:
    day_count: DayCount = DayCount.ACT_365
    anchor: RateAnchor = RateAnchor.PER_HALF_YEAR
    below_floor: BelowFloorPolicy = BelowFloorPolicy.FLOOR
    interest_start: InterestStart = InterestStart.RECEIPT
    order: tuple[Component, ...] = DEFAULT_ORDER
    # A half-year with no published rate: refuse (``MissingLegalData``) or prolong the last
    # published rate, the statement then being provisional (« montant à parfaire »).
    missing_rate: MissingRatePolicy = MissingRatePolicy.REVIEW
