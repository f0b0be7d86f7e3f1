"""The statement (décompte) of a claim on a date: what is owed, slice by slice, and why.

Legal basis: CPC 1407 asks an injonction de payer request for « le décompte des différents
éléments de la créance »; CPCE R124-4 asks an agency's letter to distinguish principal,
interest and accessories. The elements are computed by the sibling modules:

* interest: C. com. L441-10 between professionals (``interest.late_payment_pieces``), legal
  interest from the formal notice otherwise (C. civ. 1231-6, 1344-1), majorated by 5 points two
  months after the judgment's service (CMF L313-3), stopped at the opening of collective
  proceedings (C. com. L622-28), capitalised yearly only if a clause or judgment says so
  (C. civ. 1343-2);
* the 40 € indemnity and justified costs (``indemnity``);
* payments, imputed across invoices (C. civ. 1342-10) and within each (C. civ. 1343-1).

How payments and interest interact (the rule this module makes explicit): the timeline is
walked in date order. On a payment dated ``d`` each invoice's interest is accrued through
``d`` inclusive on the balance before the payment (interest runs to the payment date); the
payment is imputed (accessories, then interest, then principal by default); the reduced
principal is the new basis **from ``d + 1``**. An invoice that receives nothing from a payment
is not cut at that date, so its slices stay whole half-years.

Worked example (reference §12 example 1): 12 345,67 € due 2024-03-15, paid in full
2025-02-10; on 2025-02-10 the statement shows penalties 524,78 + 886,86 + 182,36 = 1 594,00 €
and the 40 € indemnity. With the default order the payment first pays those 1 634,00 €, so
the principal still owed is 1 634,00 € and it keeps bearing penalties from 2025-02-11.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from recouvre.domain.claims import Invoice
from recouvre.domain.money import ZERO
from recouvre.domain.payments import Payment
from recouvre.law.imputation import Imputation, Owed, impute
from recouvre.law.indemnity import fixed_indemnity, supplementary_compensation
from recouvre.law.interest import (
    BelowFloorPolicy,
    InterestKind,
    InterestSlice,
    LatePaymentTerms,
    RateAnchor,
    RatePiece,
    contract_floor,
    late_payment_pieces,
    legal_pieces,
    slices_for,
)
from recouvre.law.parameters import LegalRow, LegalTables, warnings_of
from recouvre.law.payment_terms import check_payment_term
from recouvre.law.periods import ONE_DAY, Span, add_months, add_years
from recouvre.law.statement.explain import Notice, NoticeCode, format_date, format_rate
from recouvre.law.statement.inputs import (
    ClaimFacts,
    ClaimInvoice,
    Cost,
    CreditorKind,
    FormalNotice,
    InterestStart,
    Judgment,
    StatementOptions,
)

__all__ = [
    "ClaimFacts",
    "ClaimInvoice",
    "Cost",
    "CreditorKind",
    "FormalNotice",
    "InterestStart",
    "InvoiceStatement",
    "Judgment",
    "PaymentImputation",
    "Statement",
    "StatementOptions",
    "StatementTotals",
    "statement",
]


@dataclass(frozen=True, slots=True)
class PaymentImputation:
    payment: Payment
    imputation: Imputation


@dataclass(frozen=True, slots=True)
class InvoiceStatement:
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    regime: InterestKind | None
    interest_from: date | None
    slices: tuple[InterestSlice, ...]
    interest_paid: Decimal
    indemnity: Decimal
    indemnity_paid: Decimal
    costs: Decimal
    costs_paid: Decimal
    principal_paid: Decimal
    capitalised: Decimal

    @property
    def interest(self) -> Decimal:
        return sum((s.amount for s in self.slices), ZERO)

    @property
    def interest_outstanding(self) -> Decimal:
        return self.interest - self.interest_paid

    @property
    def indemnity_outstanding(self) -> Decimal:
        return self.indemnity - self.indemnity_paid

    @property
    def costs_outstanding(self) -> Decimal:
        return self.costs - self.costs_paid

    @property
    def principal_outstanding(self) -> Decimal:
        return self.amount - self.principal_paid

    @property
    def total_due(self) -> Decimal:
        return (
            self.principal_outstanding
            + self.interest_outstanding
            + self.indemnity_outstanding
            + self.costs_outstanding
        )


@dataclass(frozen=True, slots=True)
class StatementTotals:
    principal_outstanding: Decimal
    interest: Decimal
    interest_outstanding: Decimal
    indemnity: Decimal
    indemnity_outstanding: Decimal
    costs: Decimal
    costs_outstanding: Decimal
    total_due: Decimal


@dataclass(frozen=True, slots=True)
class Statement:
    on: date
    invoices: tuple[InvoiceStatement, ...]
    payments: tuple[PaymentImputation, ...]
    notices: tuple[Notice, ...]
    rows_used: tuple[LegalRow, ...] = field(repr=False)

    @property
    def totals(self) -> StatementTotals:
        """The claim's totals over its invoices."""
        invs = self.invoices

        def add(values: Iterable[Decimal]) -> Decimal:
            return sum(values, ZERO)

        return StatementTotals(
            principal_outstanding=add(i.principal_outstanding for i in invs),
            interest=add(i.interest for i in invs),
            interest_outstanding=add(i.interest_outstanding for i in invs),
            indemnity=add(i.indemnity for i in invs),
            indemnity_outstanding=add(i.indemnity_outstanding for i in invs),
            costs=add(i.costs for i in invs),
            costs_outstanding=add(i.costs_outstanding for i in invs),
            total_due=add(i.total_due for i in invs),
        )

    @property
    def surplus(self) -> Decimal:
        return sum((p.imputation.surplus for p in self.payments), ZERO)

    @property
    def warnings(self) -> tuple[LegalRow, ...]:
        """Secondary or unverified legal rows this statement relied on."""
        return warnings_of(self.rows_used)


@dataclass(slots=True)
class _Ledger:
    """Mutable running state of one invoice while the timeline is walked (private)."""

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


class _Walk:
    """The timeline walk; one instance per ``statement()`` call."""

    def __init__(
        self,
        facts: ClaimFacts,
        options: StatementOptions,
        tables: LegalTables,
        costs: Sequence[Cost],
    ) -> None:
        self.facts, self.options, self.tables, self.costs = facts, options, tables, costs
        self.notices: list[Notice] = []

    def pieces(self, ledger: _Ledger, span: Span) -> list[RatePiece]:
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

    def accrue(self, ledger: _Ledger, through: date) -> list[InterestSlice]:
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

    def commit(self, ledger: _Ledger, through: date, slices: list[InterestSlice]) -> None:
        ledger.slices.extend(slices)
        if ledger.accrued_through is not None and through > ledger.accrued_through:
            ledger.accrued_through = min(through, ledger.last_day or through)

    def settle_lateness(self, ledger: _Ledger, on: date) -> None:
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

    def costs_on(self, ledger: _Ledger, on: date) -> Decimal:
        """Chargeable costs of the invoice incurred on or before ``on``."""
        own = [c for c in self.costs if c.invoice == ledger.number and c.incurred_on <= on]
        enforcement = sum((c.amount for c in own if c.enforcement), ZERO)
        recovery = sum((c.amount for c in own if not c.enforcement), ZERO)
        if not self.facts.professional_parties or ledger.indemnity == 0:
            recovery = ZERO
        return enforcement + supplementary_compensation(recovery, ledger.indemnity)


def _interest_setup(
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
        delay = tables.row_on("judgment_interest_delay_months", judgment.served_on)
        rows.append(delay)
        increased_from = add_months(judgment.served_on, int(delay.value)) + ONE_DAY
    return InterestKind.LEGAL, start, increased_from, rows, notices


def _floor_notice(ledger: _Ledger, tables: LegalTables, options: StatementOptions) -> Notice | None:
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


def _payment_term_notice(invoice: Invoice, facts: ClaimFacts, tables: LegalTables) -> Notice | None:
    """Between professionals, flag an agreed term beyond the legal caps (C. com. L441-10 I)."""
    keys = ("payment_term_max_days", "payment_term_max_days_end_of_month")
    if not facts.professional_parties or not all(tables.has(k, invoice.issue_date) for k in keys):
        return None
    return check_payment_term(invoice.number, invoice.issue_date, invoice.due_date, tables).notice


def _capitalisation_origin(facts: ClaimFacts) -> date | None:
    """The date set by the contract clause or the judgment ordering capitalisation."""
    if facts.capitalisation_clause_from is not None:
        return facts.capitalisation_clause_from
    if facts.judgment is not None and facts.judgment.capitalisation:
        return facts.judgment.pronounced_on
    return None


def _anniversaries(origin: date, on: date) -> list[date]:
    """Each anniversary of ``origin`` up to ``on``: interest then due for a whole year is
    capitalised and bears interest from that day (C. civ. 1343-2)."""
    dates, k = [], 1
    while (anniversary := add_years(origin, k)) <= on:
        dates.append(anniversary)
        k += 1
    return dates


def statement(
    invoices: Sequence[ClaimInvoice],
    payments: Sequence[Payment],
    facts: ClaimFacts,
    on: date,
    tables: LegalTables,
    options: StatementOptions | None = None,
    costs: Sequence[Cost] = (),
) -> Statement:
    """The statement of the claim on ``on`` (payments after ``on`` are left out, flagged)."""
    options = options or StatementOptions()
    walk = _Walk(facts, options, tables, costs)
    ledgers: list[_Ledger] = []
    stop = facts.collective_opened_on
    for line in invoices:
        invoice = line.invoice
        regime, start_after, increased_from, rows, notices = _interest_setup(
            invoice, facts, options, tables
        )
        walk.notices.extend(notices)
        term_notice = _payment_term_notice(invoice, facts, tables)
        if term_notice is not None:
            walk.notices.append(term_notice)
        last_day = on if stop is None else min(on, stop - ONE_DAY)
        ledgers.append(
            _Ledger(
                line,
                regime,
                start_after,
                last_day,
                increased_from,
                invoice.amount - invoice.paid,
                accrued_through=start_after,
                rows=rows,
            )
        )
    if stop is not None and stop <= on:
        walk.notices.append(
            Notice(
                NoticeCode.INTEREST_STOPPED,
                f"Intérêts arrêtés au {format_date(stop - ONE_DAY)} : procédure collective "
                f"ouverte le {format_date(stop)} (C. com. L622-28)",
            )
        )

    kept = [p for p in payments if p.received_on <= on]
    for p in payments:
        if p.received_on > on:
            walk.notices.append(
                Notice(
                    NoticeCode.PAYMENT_AFTER_DATE,
                    f"Paiement du {format_date(p.received_on)} postérieur au "
                    f"{format_date(on)} : non pris en compte",
                )
            )
    # (last day accrued before the change, 0 = payment / 1 = capitalisation, index)
    checkpoints: list[tuple[date, int, int]] = [(p.received_on, 0, i) for i, p in enumerate(kept)]
    origin = _capitalisation_origin(facts)
    if origin is not None:
        for i, ledger in enumerate(ledgers):
            if ledger.regime is None or ledger.start_after is None:
                continue
            # a whole year of interest: count from the later of the clause and the first day
            start = max(origin, ledger.start_after + ONE_DAY)
            checkpoints.extend((d - ONE_DAY, 1, i) for d in _anniversaries(start, on))
    checkpoints.sort(key=lambda c: (c[0], c[1], c[2]))

    imputations: list[PaymentImputation] = []
    for day, kind, index in checkpoints:
        if kind == 1:
            ledger = ledgers[index]
            walk.commit(ledger, day, walk.accrue(ledger, day))
            ledger.capitalised = ledger.interest_outstanding
            continue
        payment = kept[index]
        provisional: dict[str, list[InterestSlice]] = {}
        owed: list[Owed] = []
        for ledger in ledgers:
            walk.settle_lateness(ledger, day)
            provisional[ledger.number] = walk.accrue(ledger, day)
            interest = ledger.interest_outstanding + sum(
                (s.amount for s in provisional[ledger.number]), ZERO
            )
            accessories = (
                ledger.indemnity
                - ledger.indemnity_paid
                + walk.costs_on(ledger, day)
                - ledger.costs_paid
            )
            rate = provisional[ledger.number][-1].rate if provisional[ledger.number] else ZERO
            owed.append(
                Owed(
                    ledger.number,
                    ledger.line.invoice.due_date,
                    accessories,
                    interest,
                    ledger.principal,
                    rate,
                )
            )
        imputation = impute(payment.amount, day, owed, payment.designated_invoice, options.order)
        imputations.append(PaymentImputation(payment, imputation))
        by_number = {ledger.number: ledger for ledger in ledgers}
        for allocation in imputation.allocations:
            ledger = by_number[allocation.invoice]
            walk.commit(ledger, day, provisional[ledger.number])
            to_indemnity = min(allocation.accessories, ledger.indemnity - ledger.indemnity_paid)
            ledger.indemnity_paid += to_indemnity
            ledger.costs_paid += allocation.accessories - to_indemnity
            ledger.interest_paid += allocation.interest
            ledger.principal -= allocation.principal
            ledger.capitalised = min(ledger.capitalised, ledger.interest_outstanding)
        walk.notices.extend(imputation.notices)

    results: list[InvoiceStatement] = []
    rows_used: list[LegalRow] = []
    for ledger in ledgers:
        walk.settle_lateness(ledger, on)
        walk.commit(ledger, on, walk.accrue(ledger, on))
        invoice = ledger.line.invoice
        floor_notice = _floor_notice(ledger, tables, options)
        if floor_notice is not None:
            walk.notices.append(floor_notice)
        rows_used.extend(ledger.rows)
        rows_used.extend(row for s in ledger.slices for row in s.rows)
        results.append(
            InvoiceStatement(
                number=invoice.number,
                issue_date=invoice.issue_date,
                due_date=invoice.due_date,
                amount=invoice.amount - invoice.paid,
                regime=ledger.regime,
                interest_from=ledger.start_after + ONE_DAY if ledger.start_after else None,
                slices=tuple(ledger.slices),
                interest_paid=ledger.interest_paid,
                indemnity=ledger.indemnity,
                indemnity_paid=ledger.indemnity_paid,
                costs=walk.costs_on(ledger, on),
                costs_paid=ledger.costs_paid,
                principal_paid=invoice.amount - invoice.paid - ledger.principal,
                capitalised=ledger.capitalised,
            )
        )
    if not facts.professional_parties and any(not c.enforcement for c in costs):
        walk.notices.append(
            Notice(
                NoticeCode.COSTS_NOT_CHARGEABLE,
                "Frais de recouvrement amiable non mis à la charge du débiteur : ils restent "
                "au créancier sans titre exécutoire (CPCE L111-8)",
            )
        )
    return Statement(on, tuple(results), tuple(imputations), tuple(walk.notices), tuple(rows_used))
