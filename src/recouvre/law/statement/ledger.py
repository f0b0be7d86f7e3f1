"""The running ledger of one invoice while a statement walks its timeline.

Why a ledger: interest, the indemnity and costs change as payments arrive, so each invoice
keeps its state (principal, interest accrued and paid, capitalised interest) between the
dates the walk stops at. ``Walk`` holds what every ledger shares (the facts, options, tables
and costs) and says how each element accrues:

* interest runs from the day after the due date between professionals (C. com. L441-10 II),
  from the formal notice otherwise (C. civ. 1231-6, 1344-1), increased by 5 points from
  ``judgment_increase_from`` after a judgment (CMF L313-3), and stops the day before an
  opening of collective proceedings (C. com. L622-28);
* the 40 € indemnity is due once the invoice is paid late between professionals (C. com.
  L441-10 II, D441-5), with the justified costs beyond it (``supplementary_compensation``);
* interest due for a whole year is capitalised on each anniversary of a clause or judgment
  ordering it (C. civ. 1343-2).

Nothing here is public: ``recouvre.law.statement.computation.statement`` drives the walk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from recouvre.domain.claims import Invoice
from recouvre.domain.money import ZERO
from recouvre.law.indemnity import fixed_indemnity, supplementary_compensation
from recouvre.law.interest import (
    BelowFloorPolicy,
    InterestKind,
    InterestSlice,
    LatePaymentTerms,
    RateAnchor,
    RatePiece,
    contract_floor,
    judgment_increase_from,
    late_payment_pieces,
    legal_pieces,
    slices_for,
)
from recouvre.law.parameters import LegalRow, LegalTables
from recouvre.law.payment_terms import check_payment_term
from recouvre.law.periods import ONE_DAY, Span, add_years
from recouvre.law.statement.explain import Notice, NoticeCode, format_date, format_rate
from recouvre.law.statement.inputs import (
    ClaimFacts,
    ClaimInvoice,
    Cost,
    InterestStart,
    StatementOptions,
)


@dataclass(slots=True)
class Ledger:
    """The running state of one invoice while the timeline is walked."""

    line: ClaimInvoice
    regime: InterestKind | None
    start_after: date | None  # interest runs from the day after
    last_day: date | None  # last day interest may run (collective proceedings)
    increased_from: date | None
    principal: Decimal
    accrued_through: date | None = None
    slices: list[InterestSlice] = field(default_factory=list)
    interest_paid: Decimal = ZERO
    capitalised: Decimal = ZERO
    indemnity: Decimal = ZERO
    indemnity_paid: Decimal = ZERO
    costs_paid: Decimal = ZERO
    late: bool | None = None
    rows: list[LegalRow] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.line.invoice.number

    @property
    def interest_outstanding(self) -> Decimal:
        return sum((s.amount for s in self.slices), ZERO) - self.interest_paid


class Walk:
    """What every ledger of one ``statement()`` call shares, and how each element accrues."""

    def __init__(
        self,
        facts: ClaimFacts,
        options: StatementOptions,
        tables: LegalTables,
        costs: Sequence[Cost],
    ) -> None:
        self.facts, self.options, self.tables, self.costs = facts, options, tables, costs
        self.notices: list[Notice] = []

    def pieces(self, ledger: Ledger, span: Span) -> list[RatePiece]:
        invoice = ledger.line.invoice
        if ledger.regime is InterestKind.LATE_PAYMENT_PENALTY:
            terms = LatePaymentTerms(
                invoice.due_date,
                invoice.contractual_rate,
                ledger.line.anchor or self.options.anchor,
                self.options.below_floor,
            )
            # below-floor clauses are reported once, from the committed slices (floor_notice)
            pieces, _ = late_payment_pieces(self.tables, span, terms)
            return pieces
        return legal_pieces(self.tables, span, self.facts.legal_category, ledger.increased_from)

    def accrue(self, ledger: Ledger, through: date) -> list[InterestSlice]:
        """Slices from the day after ``accrued_through`` to ``through`` (not committed)."""
        if ledger.regime is None or ledger.accrued_through is None or ledger.last_day is None:
            return []
        last = min(through, ledger.last_day)
        if last <= ledger.accrued_through:
            return []
        span = Span(ledger.accrued_through + ONE_DAY, last)
        basis = ledger.principal + ledger.capitalised
        if basis <= 0:
            return []
        return slices_for(basis, self.pieces(ledger, span), self.options.day_count)

    def commit(self, ledger: Ledger, through: date, slices: list[InterestSlice]) -> None:
        ledger.slices.extend(slices)
        if ledger.accrued_through is not None and through > ledger.accrued_through:
            ledger.accrued_through = min(through, ledger.last_day or through)

    def settle_lateness(self, ledger: Ledger, on: date) -> None:
        """Decide, once the due date has passed, whether the invoice was paid late (indemnity)."""
        invoice = ledger.line.invoice
        if ledger.late is not None or on <= invoice.due_date:
            return
        ledger.late = ledger.principal > 0
        result = fixed_indemnity(
            invoice=invoice.number,
            professional_parties=self.facts.professional_parties,
            due_date=invoice.due_date,
            late_on=invoice.due_date + ONE_DAY if ledger.late else None,
            collective_opened_on=self.facts.collective_opened_on,
            tables=self.tables,
        )
        ledger.indemnity = result.amount
        if result.row is not None:
            ledger.rows.append(result.row)
        if result.notice is not None:
            self.notices.append(result.notice)

    def costs_on(self, ledger: Ledger, on: date) -> Decimal:
        """Chargeable costs of the invoice incurred on or before ``on``."""
        own = [c for c in self.costs if c.invoice == ledger.number and c.incurred_on <= on]
        enforcement = sum((c.amount for c in own if c.enforcement), ZERO)
        recovery = sum((c.amount for c in own if not c.enforcement), ZERO)
        if not self.facts.professional_parties or ledger.indemnity == 0:
            recovery = ZERO
        return enforcement + supplementary_compensation(recovery, ledger.indemnity)


def interest_setup(
    invoice: Invoice, facts: ClaimFacts, options: StatementOptions, tables: LegalTables
) -> tuple[InterestKind | None, date | None, date | None, list[LegalRow], list[Notice]]:
    """Regime, the day after which interest runs, the day it is majorated from."""
    rows: list[LegalRow] = []
    notices: list[Notice] = []
    if facts.professional_parties:
        return InterestKind.LATE_PAYMENT_PENALTY, invoice.due_date, None, rows, notices
    starts: list[date] = []
    notice = facts.formal_notice
    if notice is not None:
        chosen = (
            notice.received_on
            if options.interest_start is InterestStart.RECEIPT
            else notice.sent_on
        )
        if chosen is not None:
            starts.append(chosen)
    if facts.judgment is not None:
        starts.append(facts.judgment.pronounced_on)
    if not starts:
        notices.append(
            Notice(
                NoticeCode.NO_INTEREST_START,
                f"Facture {invoice.number} : pas d'intérêts au taux légal sans mise en demeure "
                "(C. civ. 1231-6, 1344-1) : date "
                + ("de réception" if options.interest_start is InterestStart.RECEIPT else "d'envoi")
                + " de la mise en demeure absente",
                invoice.number,
            )
        )
        return None, None, None, rows, notices
    start = max(min(starts), invoice.due_date)
    increased_from = None
    judgment = facts.judgment
    if judgment is not None and judgment.served_on is not None:
        increased_from, delay = judgment_increase_from(judgment.served_on, tables)
        rows.append(delay)
    return InterestKind.LEGAL, start, increased_from, rows, notices


def floor_notice(ledger: Ledger, tables: LegalTables, options: StatementOptions) -> Notice | None:
    """One notice per invoice whose contractual rate is below 3 × the legal rate (L441-10 II)
    on some committed slice, listing the floors by period."""
    invoice = ledger.line.invoice
    rate = invoice.contractual_rate
    if ledger.regime is not InterestKind.LATE_PAYMENT_PENALTY or rate is None:
        return None
    anchor = ledger.line.anchor or options.anchor
    periods: list[tuple[Decimal, date, date]] = []
    for s in ledger.slices:
        day = s.first if anchor is RateAnchor.PER_HALF_YEAR else invoice.due_date
        floor = contract_floor(tables, day)[0]
        if rate >= floor:
            continue
        if periods and periods[-1][0] == floor and periods[-1][2] + ONE_DAY == s.first:
            periods[-1] = (floor, periods[-1][1], s.last)
        else:
            periods.append((floor, s.first, s.last))
    if not periods:
        return None
    detail = " ; ".join(
        f"{format_rate(f)} du {format_date(a)} au {format_date(b)}" for f, a, b in periods
    )
    outcome = (
        "calcul au plancher"
        if options.below_floor is BelowFloorPolicy.FLOOR
        else "calcul au taux du contrat"
    )
    return Notice(
        NoticeCode.CONTRACT_RATE_BELOW_FLOOR,
        f"Facture {invoice.number} : taux contractuel de {format_rate(rate)} inférieur au plancher "
        f"légal de 3 fois le taux d'intérêt légal ({detail}) : {outcome} (C. com. L441-10 II)",
        invoice.number,
    )


def payment_term_notice(invoice: Invoice, facts: ClaimFacts, tables: LegalTables) -> Notice | None:
    """Between professionals, flag an agreed term beyond the legal caps (C. com. L441-10 I)."""
    keys = ("payment_term_max_days", "payment_term_max_days_end_of_month")
    if not facts.professional_parties or not all(tables.has(k, invoice.issue_date) for k in keys):
        return None
    return check_payment_term(invoice.number, invoice.issue_date, invoice.due_date, tables).notice


def capitalisation_origin(facts: ClaimFacts) -> date | None:
    """The date set by the contract clause or the judgment ordering capitalisation."""
    if facts.capitalisation_clause_from is not None:
        return facts.capitalisation_clause_from
    if facts.judgment is not None and facts.judgment.capitalisation:
        return facts.judgment.pronounced_on
    return None


def anniversaries(origin: date, on: date) -> list[date]:
    """Each anniversary of ``origin`` up to ``on``: interest then due for a whole year is
    capitalised and bears interest from that day (C. civ. 1343-2)."""
    dates, k = [], 1
    while (anniversary := add_years(origin, k)) <= on:
        dates.append(anniversary)
        k += 1
    return dates
