"""« Dernier taux publié » (issue 11, item 2): a half-year whose rate is not published yet takes
the last published rate, and the result says it is provisional with that rate's date — never a
silent zero, never a slice dropped. The shipped tables end with the 2nd half of 2026 (ECB MRO
2,40 %, taux légal « autres cas » 2,75 %)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.domain.claims import Invoice
from recouvre.domain.parties import DebtorKind
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.law.interest import (
    LatePaymentTerms,
    LegalRateCategory,
    RateAnchor,
    late_payment_interest,
    legal_interest,
)
from recouvre.law.parameters import PUBLISHED_RATE_KEYS, LegalTables, MissingLegalData
from recouvre.law.periods import DayCount
from recouvre.law.statement.computation import (
    ClaimFacts,
    ClaimInvoice,
    CreditorKind,
    StatementOptions,
    statement,
)
from recouvre.law.statement.explain import NoticeCode, statement_lines
from recouvre.reference.loader import load_tables

TABLES = load_tables()
LAST = MissingRatePolicy.LAST_PUBLISHED
D = Decimal


def test_a_period_ending_the_day_after_the_last_known_half_year() -> None:
    terms = LatePaymentTerms(date(2026, 11, 30))
    with pytest.raises(MissingLegalData, match=r"taux BCE .* inconnu pour le 2027-01-01"):
        late_payment_interest(D("10000"), terms, date(2027, 1, 1), TABLES)
    result = late_payment_interest(D("10000"), terms, date(2027, 1, 1), TABLES, missing=LAST)
    known, last_day = result.slices
    assert (known.first, known.last, known.rate) == (date(2026, 12, 1), date(2026, 12, 31),
                                                     D("12.40"))  # fmt: skip
    assert known.provisional_rate_on is None
    assert (last_day.first, last_day.last, last_day.days) == (date(2027, 1, 1),) * 2 + (1,)
    assert last_day.rate == D("12.40") and last_day.amount == D("3.40")  # 10 000 × 12,40 % / 365
    assert last_day.provisional_rate_on == date(2026, 7, 1)
    assert result.provisional and result.provisional_rate_on == date(2026, 7, 1)
    assert result.total == known.amount + D("3.40") > 0


def test_the_last_known_day_is_exact_in_either_mode() -> None:
    terms = LatePaymentTerms(date(2026, 11, 30))
    exact = late_payment_interest(D("10000"), terms, date(2026, 12, 31), TABLES)
    same = late_payment_interest(D("10000"), terms, date(2026, 12, 31), TABLES, missing=LAST)
    assert same == exact and not same.provisional


def test_a_period_entirely_after_the_last_known_half_year() -> None:
    terms = LatePaymentTerms(date(2027, 3, 31))
    with pytest.raises(MissingLegalData):
        late_payment_interest(D("5000"), terms, date(2027, 9, 30), TABLES)
    result = late_payment_interest(D("5000"), terms, date(2027, 9, 30), TABLES, missing=LAST)
    assert [(s.first, s.last, s.rate) for s in result.slices] == [
        (date(2027, 4, 1), date(2027, 6, 30), D("12.40")),
        (date(2027, 7, 1), date(2027, 9, 30), D("12.40")),
    ]
    assert all(s.provisional_rate_on == date(2026, 7, 1) for s in result.slices)
    assert result.total == D("154.58") + D("156.27")  # 91 and 92 days at 12,40 % on 5 000 €


def test_legal_interest_takes_the_last_published_legal_rate() -> None:
    with pytest.raises(MissingLegalData, match="til_autres"):
        legal_interest(D("1000"), date(2027, 2, 1), date(2027, 3, 2), TABLES,
                       LegalRateCategory.AUTRES)  # fmt: skip
    result = legal_interest(D("1000"), date(2027, 2, 1), date(2027, 3, 2), TABLES,
                            LegalRateCategory.AUTRES, missing=LAST)  # fmt: skip
    [piece] = result.slices
    assert piece.rate == D("2.75") and piece.days == 29 and piece.amount == D("2.18")
    assert result.provisional_rate_on == date(2026, 7, 1)


def _extended_by_hand(tables: LegalTables, through: date) -> LegalTables:
    """The tables a person would write: the last published row copied into each later
    half-year through ``through``, as ordinary rows."""
    rows = list(tables)
    for key in PUBLISHED_RATE_KEYS:
        last = tables.rows(key)[-1]
        assert last.until is not None
        start = last.until + timedelta(days=1)
        while start <= through:
            end = date(start.year, 6, 30) if start.month == 1 else date(start.year, 12, 31)
            rows.append(replace(last, effective_from=start, until=end))
            start = end + timedelta(days=1)
    return LegalTables(rows)


@settings(max_examples=60, deadline=None)
@given(
    principal=st.decimals(min_value=D("0.01"), max_value=D("500000"), places=2),
    due=st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31)),
    length=st.integers(min_value=1, max_value=1500),
    anchor=st.sampled_from(list(RateAnchor)),
    day_count=st.sampled_from(list(DayCount)),
)
def test_the_provisional_amount_is_the_amount_with_the_last_rate_written_forward(
    principal: Decimal, due: date, length: int, anchor: RateAnchor, day_count: DayCount
) -> None:
    paid_on = due + timedelta(days=length)
    terms = LatePaymentTerms(due, anchor=anchor)
    provisional = late_payment_interest(principal, terms, paid_on, TABLES, day_count, LAST)
    by_hand = late_payment_interest(
        principal, terms, paid_on, _extended_by_hand(TABLES, paid_on), day_count
    )
    assert provisional.total == by_hand.total
    assert [(s.first, s.last, s.rate, s.amount) for s in provisional.slices] == [
        (s.first, s.last, s.rate, s.amount) for s in by_hand.slices
    ]
    rate_day = due if anchor is RateAnchor.FIXED_AT_DUE_DATE else paid_on  # the last rate read
    assert provisional.provisional == (rate_day > date(2026, 12, 31))
    assert sum(s.days for s in provisional.slices) == length  # no day dropped


def _claim() -> tuple[list[ClaimInvoice], ClaimFacts]:
    invoice = Invoice(1, 1, 1, "F-1", date(2026, 10, 1), date(2026, 10, 31), D("2000.00"))
    return [ClaimInvoice(invoice)], ClaimFacts(CreditorKind.COMPANY, DebtorKind.COMPANY)


def test_the_statement_says_which_part_is_provisional_and_never_drops_it() -> None:
    lines, facts = _claim()
    on = date(2027, 2, 15)
    with pytest.raises(MissingLegalData):
        statement(lines, (), facts, on, TABLES)
    result = statement(lines, (), facts, on, TABLES, StatementOptions(missing_rate=LAST))
    [invoice] = result.invoices
    assert [s.last for s in invoice.slices] == [date(2026, 12, 31), on]
    assert invoice.interest > 0 and result.provisional_rate_on == date(2026, 7, 1)
    [notice] = [n for n in result.notices if n.code is NoticeCode.PROVISIONAL_RATE]
    assert "taux en vigueur au 01/07/2026 ; montant à parfaire" in notice.message
    text = statement_lines(result)
    assert text[-1].startswith("Total dû") and text[-1].endswith(
        "(taux en vigueur au 01/07/2026 ; montant à parfaire)"
    )
    exact, provisional = (line for line in text if "Pénalités de retard" in line)
    assert "montant à parfaire" not in exact and "montant à parfaire" in provisional


def test_an_exact_statement_says_nothing_provisional() -> None:
    lines, facts = _claim()
    options = StatementOptions(missing_rate=LAST)
    result = statement(lines, (), facts, date(2026, 12, 31), TABLES, options)
    assert result.provisional_rate_on is None
    assert all(n.code is not NoticeCode.PROVISIONAL_RATE for n in result.notices)
    assert not any("parfaire" in line for line in statement_lines(result))
