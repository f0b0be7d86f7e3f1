"""Columnar batch path: L441-10 penalties and the 40 € indemnity for millions of invoices.

Why: the daily run needs the statement of every open invoice. ``statement.statement`` is the
reference (clear, one claim at a time); this module computes the same figures for a whole
portfolio with NumPy integer columns, and a property test asserts both agree to the cent
(tests/law/test_batch_properties.py).

Scope (the common B2B case; anything else goes through the scalar path): creditor and debtor
professionals (C. com. L441-10), one claim per invoice, partial payments designated to their
invoice (imputed per C. civ. 1343-1: indemnity, then penalties, then principal), default rate
per half-year or a contractual rate with the 3 × legal-rate floor (computed at the floor),
ACT/365 or ACT/ACT, collective proceedings stopping interest, no costs, no capitalisation.

Exactness: amounts are int64 cents, rates int64 in units of 0.0001 % (``14.50 %`` -> 145 000),
dates int64 proleptic ordinals (``date.toordinal()``). A slice is
``round_half_up(cents × units × days / (10**6 × denominator))`` computed as
``(2·num + den) // (2·den)``: the same integer the scalar Decimal path rounds to. Limits that
keep int64 exact: principal below 10**10 cents (100 M€), rate below 100 %.

Worked example: 12 345,67 € due 2024-03-15, paid 2025-02-10 gives
``interest_cents == [159400]`` and ``indemnity_cents == [4000]``, like the scalar statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from recouvre.law.interest import contract_floor, default_late_rate
from recouvre.law.parameters import LegalRow, LegalTables, MissingLegalData, warnings_of
from recouvre.law.periods import DayCount

I64 = NDArray[np.int64]
NO_DATE = np.iinfo(np.int64).max // 4  # "no collective proceedings"
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
RATE_SCALE = 10_000  # rate units per percent
MAX_CENTS = 10**10
MAX_RATE_UNITS = 100 * RATE_SCALE


def rate_units(percent: Decimal) -> int:
    """``Decimal('14.50')`` -> ``145000``; refuses rates finer than 0.0001 %."""
    units = percent * RATE_SCALE
    if units != units.to_integral_value():
        raise ValueError(f"taux trop précis pour le calcul en lot : {percent} %")
    return int(units)


@dataclass(frozen=True, slots=True)
class Portfolio:
    """Invoices as columns; payments in CSR layout (``pay_offsets[i]:pay_offsets[i+1]`` are
    invoice ``i``'s payments, in date order)."""

    amount_cents: I64
    due: I64
    contract_rate: I64  # rate units, -1 = no contractual rate (default L441-10 rate)
    collective: I64  # opening date of collective proceedings, NO_DATE if none
    pay_offsets: I64
    pay_date: I64
    pay_cents: I64

    def __len__(self) -> int:
        return int(self.amount_cents.shape[0])


@dataclass(frozen=True, slots=True)
class BatchResult:
    interest_cents: I64
    interest_paid_cents: I64
    indemnity_cents: I64
    indemnity_paid_cents: I64
    principal_outstanding_cents: I64
    surplus_cents: I64
    warnings: tuple[LegalRow, ...]

    def totals_cents(self) -> dict[str, int]:
        """Portfolio totals in cents (exact Python ints)."""
        return {
            "principal_outstanding": int(self.principal_outstanding_cents.sum()),
            "interest": int(self.interest_cents.sum()),
            "interest_outstanding": int((self.interest_cents - self.interest_paid_cents).sum()),
            "indemnity": int(self.indemnity_cents.sum()),
            "indemnity_outstanding": int((self.indemnity_cents - self.indemnity_paid_cents).sum()),
            "total_due": int(self.total_due_cents.sum()),
            "surplus": int(self.surplus_cents.sum()),
        }

    @property
    def total_due_cents(self) -> I64:
        return (
            self.principal_outstanding_cents
            + self.interest_cents
            - self.interest_paid_cents
            + self.indemnity_cents
            - self.indemnity_paid_cents
        )


def _half_of(ordinals: I64) -> I64:
    """Half-year index (2 per year since 1970) of each ordinal."""
    months = (ordinals - EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[M]")
    return months.astype(np.int64) // 6


def _half_start(halves: I64) -> I64:
    days = (halves * 6).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return days + EPOCH_ORDINAL


class _Days:
    """Lookup tables over the portfolio's range of days: faster than datetime64 per element."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.halves = _half_of(np.arange(first, last + 1, dtype=np.int64))
        self.h0 = int(self.halves[0])
        h1 = int(self.halves[-1])
        self.starts = _half_start(np.arange(self.h0, h1 + 2, dtype=np.int64))

    def half(self, ordinals: I64) -> I64:
        return self.halves[ordinals - self.first]

    def start(self, halves: I64) -> I64:
        return self.starts[halves - self.h0]


class _RateTable:
    """Per half-year default rate and contractual floor (units), -1 where no row exists."""

    def __init__(self, tables: LegalTables, first_half: int, last_half: int) -> None:
        self.h0 = first_half
        count = last_half - first_half + 1
        self.default = np.full(count, -1, dtype=np.int64)
        self.floor = np.full(count, -1, dtype=np.int64)
        self.default_rows: list[tuple[LegalRow, ...]] = [()] * count
        self.floor_rows: list[tuple[LegalRow, ...]] = [()] * count
        starts = _half_start(np.arange(first_half, last_half + 1, dtype=np.int64))
        self.starts = [date.fromordinal(int(s)) for s in starts]
        for i, start in enumerate(self.starts):
            try:
                rate, rows = default_late_rate(tables, start)
                self.default[i], self.default_rows[i] = rate_units(rate), rows
            except MissingLegalData:
                pass
            try:
                rate, rows = contract_floor(tables, start)
                self.floor[i], self.floor_rows[i] = rate_units(rate), rows
            except MissingLegalData:
                pass
        self.used_default = np.zeros(count, dtype=np.int64)
        self.used_floor = np.zeros(count, dtype=np.int64)

    def rates(self, halves: I64, contract: I64) -> I64:
        index = halves - self.h0
        has_contract = contract >= 0
        self.used_default += np.bincount(index[~has_contract], minlength=len(self.starts))
        self.used_floor += np.bincount(index[has_contract], minlength=len(self.starts))
        default = self.default[index]
        floor = self.floor[index]
        missing_default = (~has_contract) & (default < 0)
        missing_floor = has_contract & (floor < 0)
        if missing_default.any():
            day = self.starts[int(index[np.argmax(missing_default)])]
            default_late_rate(LegalTables(()), day)  # raises MissingLegalData naming the row
        if missing_floor.any():
            day = self.starts[int(index[np.argmax(missing_floor)])]
            contract_floor(LegalTables(()), day)
        return np.where(has_contract, np.maximum(contract, floor), default)

    def rows_used(self) -> list[LegalRow]:
        rows: list[LegalRow] = []
        for i in np.nonzero(self.used_default)[0]:
            rows.extend(self.default_rows[int(i)])
        for i in np.nonzero(self.used_floor)[0]:
            rows.extend(self.floor_rows[int(i)])
        return rows


def _accrue(
    first: I64,
    last: I64,
    basis: I64,
    contract: I64,
    rates: _RateTable,
    days_lut: _Days,
    day_count: DayCount,
) -> I64:
    """Interest cents on ``basis`` over days ``first..last`` (0 where empty), per half-year."""
    out = np.zeros(first.shape[0], dtype=np.int64)
    valid = (last >= first) & (basis > 0)
    if not valid.any():
        return out
    seg = np.nonzero(valid)[0]
    f, la, b, c = first[seg], last[seg], basis[seg], contract[seg]
    hf, hl = days_lut.half(f), days_lut.half(la)
    counts = hl - hf + 1
    offsets = np.zeros(seg.shape[0], dtype=np.int64)
    np.cumsum(counts[:-1], out=offsets[1:])
    owner = np.repeat(np.arange(seg.shape[0], dtype=np.int64), counts)
    halves = hf[owner] + (np.arange(owner.shape[0], dtype=np.int64) - offsets[owner])
    s_first = np.maximum(f[owner], days_lut.start(halves))
    s_last = np.minimum(la[owner], days_lut.start(halves + 1) - 1)
    days = s_last - s_first + 1
    rate = rates.rates(halves, c[owner])
    if day_count is DayCount.ACT_ACT:
        year = halves // 2 + 1970
        leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
        denominator = np.where(leap, 366, 365).astype(np.int64)
    else:
        denominator = np.full(owner.shape[0], 365, dtype=np.int64)
    den = denominator * (100 * RATE_SCALE)
    amounts = (2 * b[owner] * rate * days + den) // (2 * den)
    out[seg] = np.add.reduceat(amounts, offsets)
    return out


def batch_statements(
    portfolio: Portfolio,
    on: date,
    tables: LegalTables,
    day_count: DayCount = DayCount.ACT_365,
) -> BatchResult:
    """Penalties, indemnity, imputed payments and balances of every invoice on ``on``."""
    n = len(portfolio)
    amount = portfolio.amount_cents.astype(np.int64)
    if n and (amount.max() >= MAX_CENTS or amount.min() <= 0):
        raise ValueError("montants hors des bornes du calcul en lot (0 < montant < 100 M€)")
    if n and portfolio.contract_rate.max() >= MAX_RATE_UNITS:
        raise ValueError("taux contractuel hors des bornes du calcul en lot (< 100 %)")
    on_ord = on.toordinal()
    due = portfolio.due
    contract = portfolio.contract_rate
    last_day = np.minimum(on_ord, portfolio.collective - 1)
    first_day = min(int(due.min()) + 1, on_ord) if n else on_ord
    days_lut = _Days(first_day, on_ord)
    rates = _RateTable(tables, days_lut.h0, int(days_lut.halves[-1]))

    principal = amount.copy()
    through = due.copy()
    late = np.full(n, -1, dtype=np.int8)
    indemnity = np.zeros(n, dtype=np.int64)
    indemnity_paid = np.zeros(n, dtype=np.int64)
    interest = np.zeros(n, dtype=np.int64)
    interest_paid = np.zeros(n, dtype=np.int64)
    surplus = np.zeros(n, dtype=np.int64)
    indemnity_rows: list[LegalRow] = []

    def settle(idx: I64, day: I64) -> None:
        pending = (late[idx] == -1) & (day > due[idx])
        sel = idx[pending]
        if sel.size == 0:
            return
        is_late = principal[sel] > 0
        late[sel] = is_late.astype(np.int8)
        owed = sel[is_late & (portfolio.collective[sel] > due[sel])]
        if owed.size == 0:
            return
        late_on = due[owed] + 1
        unique = np.unique(late_on)
        values = np.empty(unique.shape[0], dtype=np.int64)
        for i, ordinal in enumerate(unique):
            row = tables.row_on("fixed_indemnity", date.fromordinal(int(ordinal)))
            indemnity_rows.append(row)
            values[i] = int(row.value * 100)
        indemnity[owed] = values[np.searchsorted(unique, late_on)]

    counts = np.diff(portfolio.pay_offsets)
    rounds = int(counts.max()) if n else 0
    for k in range(rounds):
        idx = np.nonzero(counts > k)[0]
        j = portfolio.pay_offsets[idx] + k
        day = portfolio.pay_date[j]
        in_range = day <= on_ord
        idx, j, day = idx[in_range], j[in_range], day[in_range]
        if idx.size == 0:
            continue
        pay = portfolio.pay_cents[j]
        settle(idx, day)
        upto = np.minimum(day, last_day[idx])
        provisional = _accrue(
            through[idx] + 1, upto, principal[idx], contract[idx], rates, days_lut, day_count
        )
        to_accessories = np.minimum(pay, indemnity[idx] - indemnity_paid[idx])
        rest = pay - to_accessories
        to_interest = np.minimum(rest, interest[idx] - interest_paid[idx] + provisional)
        rest -= to_interest
        to_principal = np.minimum(rest, principal[idx])
        rest -= to_principal
        touched = (pay - rest) > 0
        interest[idx] += np.where(touched, provisional, 0)
        through[idx] = np.where(touched, np.maximum(through[idx], upto), through[idx])
        indemnity_paid[idx] += to_accessories
        interest_paid[idx] += to_interest
        principal[idx] -= to_principal
        surplus[idx] += rest

    everyone = np.arange(n, dtype=np.int64)
    settle(everyone, np.full(n, on_ord, dtype=np.int64))
    interest += _accrue(through + 1, last_day, principal, contract, rates, days_lut, day_count)
    return BatchResult(
        interest_cents=interest,
        interest_paid_cents=interest_paid,
        indemnity_cents=indemnity,
        indemnity_paid_cents=indemnity_paid,
        principal_outstanding_cents=principal,
        surplus_cents=surplus,
        warnings=warnings_of([*rates.rows_used(), *indemnity_rows]),
    )
