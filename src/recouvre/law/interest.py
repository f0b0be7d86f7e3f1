"""Interest: late-payment penalties (C. com. L441-10) and legal interest (C. civ. 1231-6, 1344-1).

Legal basis
-----------
* **L441-10 II** (between professionals): penalties are due from the day after the due date
  written on the invoice, without reminder, at the ECB main refinancing rate in force on
  1 January (days of January-June) or 1 July (days of July-December) plus 10 points, unless
  the contract sets another rate, which may not be below three times the taux de l'intérêt
  légal (the « autres cas » rate of CMF L313-2: the creditor is a professional).
  Options: ``RateAnchor.FIXED_AT_DUE_DATE`` (one rate, the due date's half-year, for a
  reading of the text no court has settled [U]); a clause below the floor is flagged and
  computed at the floor by default (``BelowFloorPolicy``) [U].
* **C. civ. 1231-6, 1344-1** (consumers, civil claims): legal interest from the formal notice
  at the rate of the creditor's category (CMF L313-2), per half-year.
* **CMF L313-3**: after a judgment the legal rate is increased by 5 points two months after
  the day the decision became enforceable against the debtor (for a judgment its service,
  CPC 503; for an injonction de payer order the end of the opposition period, CPC 1422):
  ``judgment_increase_from`` gives the first increased day, which the caller passes on.
* Interest stops at the opening of collective proceedings (C. com. L622-28): the caller ends
  the span the day before.

Conventions (no text fixes them, [U]): interest = basis × rate × days / 365 (ACT/365; ACT/ACT as an
option); one slice per half-year and per change of rate or basis; each slice rounded half-up to
the cent; the total is the sum of rounded slices. Rates are percents (``Decimal('14.50')``).

A half-year whose rate is not published yet raises ``MissingLegalData`` (the action waits in
review), unless the creditor chose « dernier taux publié » (``MissingRatePolicy``): the last
published rate is then used for that part, and the result is ``provisional`` with the date of
that rate (« taux en vigueur au 01/07/2026 ; montant à parfaire »).

Worked example: 12 345,67 € due 2024-03-15, paid 2025-02-10::

    2024-03-16 .. 2024-06-30  107 days  14,50 %  524,78
    2024-07-01 .. 2024-12-31  184 days  14,25 %  886,86
    2025-01-01 .. 2025-02-10   41 days  13,15 %  182,36     total 1 594,00 €
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import assert_never

from recouvre.domain.money import ZERO, round_cents
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.law.parameters import LegalRow, LegalTables, provisional_rate_on, warnings_of
from recouvre.law.periods import (
    ONE_DAY,
    DayCount,
    Span,
    accrual_span,
    add_months,
    cut,
    half_year_starts,
    year_denominator,
    year_starts,
)
from recouvre.law.statement.explain import Notice, NoticeCode, format_date, format_rate


class RateAnchor(enum.StrEnum):
    """How the L441-10 default rate follows time."""

    PER_HALF_YEAR = "per_half_year"
    FIXED_AT_DUE_DATE = "fixed_at_due_date"


class BelowFloorPolicy(enum.StrEnum):
    """What to compute when a contractual rate is below 3 × the legal rate."""

    FLOOR = "floor"
    CONTRACT = "contract"


class InterestKind(enum.StrEnum):
    LATE_PAYMENT_PENALTY = "late_payment_penalty"
    LEGAL = "legal"
    LEGAL_INCREASED = "legal_increased"

    @property
    def label_fr(self) -> str:
        match self:
            case InterestKind.LATE_PAYMENT_PENALTY:
                return "Pénalités de retard"
            case InterestKind.LEGAL:
                return "Intérêts légaux"
            case InterestKind.LEGAL_INCREASED:
                return "Intérêts légaux majorés (CMF L313-3)"
            case _:
                assert_never(self)


class LegalRateCategory(enum.StrEnum):
    """CMF L313-2: the category follows the CREDITOR (a natural person not acting for
    professional needs, or any other case)."""

    PARTICULIERS = "particuliers"
    AUTRES = "autres"

    @property
    def key(self) -> str:
        match self:
            case LegalRateCategory.PARTICULIERS:
                return "til_particuliers"
            case LegalRateCategory.AUTRES:
                return "til_autres"
            case _:
                assert_never(self)


@dataclass(frozen=True, slots=True)
class LatePaymentTerms:
    """The L441-10 terms of one invoice."""

    due_date: date
    contractual_rate: Decimal | None = None
    anchor: RateAnchor = RateAnchor.PER_HALF_YEAR
    below_floor: BelowFloorPolicy = BelowFloorPolicy.FLOOR


@dataclass(frozen=True, slots=True)
class RatePiece:
    """A span over which one rate applies, with the legal rows that gave it."""

    span: Span
    rate: Decimal
    kind: InterestKind
    rows: tuple[LegalRow, ...]


@dataclass(frozen=True, slots=True)
class InterestSlice:
    """One computed slice: ``amount = round_half_up(basis × rate × days / (100 × denominator))``."""

    kind: InterestKind
    first: date
    last: date
    days: int
    rate: Decimal
    basis: Decimal
    denominator: int
    amount: Decimal
    rows: tuple[LegalRow, ...] = ()

    @property
    def provisional_rate_on(self) -> date | None:
        """The date of the last published rate this slice prolongs; ``None``: exact."""
        return provisional_rate_on(self.rows)


@dataclass(frozen=True, slots=True)
class InterestResult:
    slices: tuple[InterestSlice, ...]
    notices: tuple[Notice, ...] = ()
    total: Decimal = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum((s.amount for s in self.slices), ZERO))

    @property
    def warnings(self) -> tuple[LegalRow, ...]:
        return warnings_of(row for s in self.slices for row in s.rows)

    @property
    def provisional_rate_on(self) -> date | None:
        """« taux en vigueur au <this date> ; montant à parfaire »: the date of effect of the
        last published rate used for a part of the period whose rate is not published yet
        (mode ``MissingRatePolicy.LAST_PUBLISHED``); ``None`` when the amount is exact."""
        return provisional_rate_on(row for s in self.slices for row in s.rows)

    @property
    def provisional(self) -> bool:
        return self.provisional_rate_on is not None


def tables_for(tables: LegalTables, missing: MissingRatePolicy) -> LegalTables:
    """The tables a computation reads under the creditor's choice for a rate not published
    yet: as they are (``REVIEW``: ``MissingLegalData`` names the row to add), or prolonged by
    the last published half-yearly rates (``LAST_PUBLISHED``)."""
    match missing:
        case MissingRatePolicy.REVIEW:
            return tables
        case MissingRatePolicy.LAST_PUBLISHED:
            return tables.extended_with_last_published()
        case _:
            assert_never(missing)


def slice_amount(basis: Decimal, rate: Decimal, days: int, denominator: int) -> Decimal:
    """One slice, computed in one division (no double rounding) and rounded half-up."""
    return round_cents(basis * rate * days / (100 * denominator))


def default_late_rate(tables: LegalTables, on: date) -> tuple[Decimal, tuple[LegalRow, ...]]:
    """L441-10 default rate on ``on``: an explicit ``l441_10_default`` row if the user gave one,
    else ``ecb_mro`` + ``l441_10_margin``."""
    if tables.has("l441_10_default", on):
        row = tables.row_on("l441_10_default", on)
        return row.value, (row,)
    mro = tables.row_on("ecb_mro", on)
    margin = tables.row_on("l441_10_margin", on)
    return mro.value + margin.value, (mro, margin)


def contract_floor(tables: LegalTables, on: date) -> tuple[Decimal, tuple[LegalRow, ...]]:
    """3 × the legal rate « autres cas » on ``on`` (L441-10 II: the creditor is a professional)."""
    multiplier = tables.row_on("l441_10_contract_floor_multiplier", on)
    legal = tables.row_on(LegalRateCategory.AUTRES.key, on)
    return multiplier.value * legal.value, (multiplier, legal)


def late_payment_pieces(
    tables: LegalTables, span: Span, terms: LatePaymentTerms
) -> tuple[list[RatePiece], list[Notice]]:
    """The L441-10 rate over ``span``, cut at each half-year (unless the rate is fixed)."""
    match terms.anchor:
        case RateAnchor.PER_HALF_YEAR:
            pieces = cut(span, half_year_starts(span.first, span.last))
        case RateAnchor.FIXED_AT_DUE_DATE:
            pieces = [span]
        case _:
            assert_never(terms.anchor)
    result: list[RatePiece] = []
    notices: list[Notice] = []
    for piece in pieces:
        rate_day = piece.first if terms.anchor is RateAnchor.PER_HALF_YEAR else terms.due_date
        if terms.contractual_rate is None:
            rate, rows = default_late_rate(tables, rate_day)
        else:
            floor, rows = contract_floor(tables, rate_day)
            rate = terms.contractual_rate
            if rate < floor:
                notices.append(
                    Notice(
                        NoticeCode.CONTRACT_RATE_BELOW_FLOOR,
                        f"Taux contractuel de {format_rate(rate)} inférieur au plancher légal de "
                        f"{format_rate(floor)} (3 fois le taux légal) du {format_date(piece.first)}"
                        f" au {format_date(piece.last)}"
                        + (
                            " : calcul au plancher"
                            if terms.below_floor is BelowFloorPolicy.FLOOR
                            else " : calcul au taux du contrat"
                        ),
                    )
                )
                if terms.below_floor is BelowFloorPolicy.FLOOR:
                    rate = floor
        result.append(RatePiece(piece, rate, InterestKind.LATE_PAYMENT_PENALTY, rows))
    return result, notices


def judgment_increase_from(enforceable_on: date, tables: LegalTables) -> tuple[date, LegalRow]:
    """The first day of the CMF L313-3 increase for a decision enforceable against the debtor
    from ``enforceable_on``: the delay row (two months) added as CPC 641 counts months (same
    day number, else the month's last day), then the next day; with the row used.

    Enforceable 2026-10-01: two months expire on 2026-12-01, the increase runs from 2026-12-02;
    enforceable 2026-12-31: they expire on 2027-02-28, the increase runs from 2027-03-01.
    """
    delay = tables.row_on("judgment_interest_delay_months", enforceable_on)
    return add_months(enforceable_on, int(delay.value)) + ONE_DAY, delay


def legal_pieces(
    tables: LegalTables,
    span: Span,
    category: LegalRateCategory,
    increased_from: date | None = None,
) -> list[RatePiece]:
    """Legal interest over ``span`` per half-year; from ``increased_from`` on, + the
    ``judgment_interest_increase`` points (CMF L313-3)."""
    starts = half_year_starts(span.first, span.last)
    if increased_from is not None:
        starts.append(increased_from)
    result: list[RatePiece] = []
    for piece in cut(span, starts):
        row = tables.row_on(category.key, piece.first)
        if increased_from is not None and piece.first >= increased_from:
            increase = tables.row_on("judgment_interest_increase", piece.first)
            result.append(
                RatePiece(
                    piece, row.value + increase.value, InterestKind.LEGAL_INCREASED, (row, increase)
                )
            )
        else:
            result.append(RatePiece(piece, row.value, InterestKind.LEGAL, (row,)))
    return result


def slices_for(
    basis: Decimal, pieces: Sequence[RatePiece], day_count: DayCount = DayCount.ACT_365
) -> list[InterestSlice]:
    """Compute each piece on ``basis`` (cut at 1 January for ACT/ACT). Never negative."""
    if basis < 0:
        raise ValueError("assiette négative")
    result: list[InterestSlice] = []
    for piece in pieces:
        parts = (
            cut(piece.span, year_starts(piece.span.first, piece.span.last))
            if day_count is DayCount.ACT_ACT
            else [piece.span]
        )
        for part in parts:
            denominator = year_denominator(part, day_count)
            result.append(
                InterestSlice(
                    kind=piece.kind,
                    first=part.first,
                    last=part.last,
                    days=part.days,
                    rate=piece.rate,
                    basis=basis,
                    denominator=denominator,
                    amount=slice_amount(basis, piece.rate, part.days, denominator),
                    rows=piece.rows,
                )
            )
    return result


def late_payment_interest(
    principal: Decimal,
    terms: LatePaymentTerms,
    paid_on: date,
    tables: LegalTables,
    day_count: DayCount = DayCount.ACT_365,
    missing: MissingRatePolicy = MissingRatePolicy.REVIEW,
) -> InterestResult:
    """L441-10 penalties on an unchanged ``principal`` from the day after the due date through
    ``paid_on`` (the payment date, or the statement date if unpaid). ``missing`` says what a
    half-year with no published rate gets (``tables_for``); with ``LAST_PUBLISHED`` the result
    is ``provisional`` and names the date of the rate used."""
    span = accrual_span(terms.due_date, paid_on)
    if span is None:
        return InterestResult(())
    pieces, notices = late_payment_pieces(tables_for(tables, missing), span, terms)
    return InterestResult(tuple(slices_for(principal, pieces, day_count)), tuple(notices))


def legal_interest(
    principal: Decimal,
    start_after: date,
    until: date,
    tables: LegalTables,
    category: LegalRateCategory,
    increased_from: date | None = None,
    day_count: DayCount = DayCount.ACT_365,
    missing: MissingRatePolicy = MissingRatePolicy.REVIEW,
) -> InterestResult:
    """Legal interest on an unchanged ``principal`` from the day after ``start_after`` (the
    formal notice's receipt) through ``until``; ``missing`` as for ``late_payment_interest``."""
    span = accrual_span(start_after, until)
    if span is None:
        return InterestResult(())
    pieces = legal_pieces(tables_for(tables, missing), span, category, increased_from)
    return InterestResult(tuple(slices_for(principal, pieces, day_count)))
