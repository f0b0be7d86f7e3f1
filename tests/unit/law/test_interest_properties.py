"""Properties of interest: splitting, sign, monotony in the payment date."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.law.interest import (
    LatePaymentTerms,
    RateAnchor,
    late_payment_interest,
    late_payment_pieces,
    slices_for,
)
from recouvre.law.periods import DayCount, Span, cut
from recouvre.reference.loader import load_tables

TABLES = load_tables()
FIRST = date(2013, 1, 1)
LAST = date(2026, 12, 31)

amounts = st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c) / 100)
days = st.integers(min_value=0, max_value=(LAST - FIRST).days - 1)
day_counts = st.sampled_from(list(DayCount))
anchors = st.sampled_from(list(RateAnchor))


@settings(max_examples=150, deadline=None)
@given(
    amounts,
    days,
    st.integers(min_value=1, max_value=1500),
    st.integers(min_value=0, max_value=1500),
    day_counts,
)
def test_splitting_a_period_changes_the_total_by_at_most_half_a_cent_per_extra_slice(
    principal: Decimal, start: int, length: int, split: int, day_count: DayCount
) -> None:
    due = FIRST + timedelta(days=start)
    paid = min(due + timedelta(days=length), LAST)
    if paid <= due:
        return
    span = Span(due + timedelta(days=1), paid)
    pieces, _ = late_payment_pieces(TABLES, span, LatePaymentTerms(due))
    whole = slices_for(principal, pieces, day_count)
    cut_at = span.first + timedelta(days=split % span.days)
    split_pieces = [
        type(p)(part, p.rate, p.kind, p.rows) for p in pieces for part in cut(p.span, [cut_at])
    ]
    parts = slices_for(principal, split_pieces, day_count)
    extra = len(parts) - len(whole)
    assert extra in (0, 1)
    difference = abs(sum(s.amount for s in parts) - sum(s.amount for s in whole))
    assert difference <= Decimal("0.01") * extra
    exact_whole = sum(s.basis * s.rate * s.days / (100 * s.denominator) for s in whole)
    assert abs(sum(s.amount for s in whole) - exact_whole) <= Decimal("0.005") * len(whole)


@settings(max_examples=150, deadline=None)
@given(
    amounts,
    days,
    st.integers(min_value=0, max_value=2000),
    st.integers(min_value=0, max_value=400),
    anchors,
    day_counts,
)
def test_interest_is_never_negative_and_a_later_payment_never_lowers_it(
    principal: Decimal, start: int, length: int, more: int, anchor: RateAnchor, day_count: DayCount
) -> None:
    due = FIRST + timedelta(days=start)
    paid = min(due + timedelta(days=length), LAST)
    later = min(paid + timedelta(days=more), LAST)
    terms = LatePaymentTerms(due, anchor=anchor)
    first = late_payment_interest(principal, terms, paid, TABLES, day_count)
    second = late_payment_interest(principal, terms, later, TABLES, day_count)
    assert first.total >= 0
    assert all(s.amount >= 0 for s in first.slices)
    assert second.total >= first.total
