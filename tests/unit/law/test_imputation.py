"""Imputation of payments (C. civ. 1342-10 across invoices, 1343-1 within one)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.law.imputation import Component, Owed, Rule, impute, pro_rata, within_invoice
from recouvre.law.statement.explain import NoticeCode

D = Decimal
ON = date(2025, 3, 1)
A = Owed("A", date(2025, 1, 31), D("40.00"), D("12.50"), D("600.00"), D("12.15"))
B = Owed("B", date(2025, 2, 15), D("0"), D("0"), D("800.00"), D("12.15"))
FUTURE = Owed("C", date(2025, 4, 30), D("0"), D("0"), D("500.00"), D("0"))


def parts(result_allocations: object) -> list[tuple[str, Decimal, Decimal, Decimal]]:
    return [(a.invoice, a.accessories, a.interest, a.principal) for a in result_allocations]  # type: ignore[attr-defined]


def test_worked_example_oldest_due_debt_first_then_accessories_interest_principal() -> None:
    result = impute(D("1000.00"), ON, [B, A])
    assert parts(result.allocations) == [
        ("A", D("40.00"), D("12.50"), D("600.00")),
        ("B", D("0"), D("0"), D("347.50")),
    ]
    assert result.surplus == 0 and result.notices == ()


def test_the_debtors_designation_comes_first() -> None:
    result = impute(D("300.00"), ON, [A, B], designated="B")
    assert parts(result.allocations) == [("B", D("0"), D("0"), D("300.00"))]
    assert result.allocations[0].rule is Rule.DESIGNATION


def test_a_designation_larger_than_the_invoice_spills_by_the_legal_order_and_says_so() -> None:
    result = impute(D("900.00"), ON, [A, B], designated="B")
    assert parts(result.allocations) == [
        ("B", D("0"), D("0"), D("800.00")),
        ("A", D("40.00"), D("12.50"), D("47.50")),
    ]
    assert [n.code for n in result.notices] == [NoticeCode.DESIGNATION_EXCEEDED]


def test_due_debts_before_debts_not_yet_due() -> None:
    result = impute(D("100.00"), ON, [FUTURE, B])
    assert [a.invoice for a in result.allocations] == ["B"]


def test_different_rates_need_a_human_and_the_higher_rate_goes_first() -> None:
    dearer = Owed("X", date(2025, 2, 20), D("0"), D("0"), D("100.00"), D("15.00"))
    result = impute(D("50.00"), ON, [B, dearer])
    assert [a.invoice for a in result.allocations] == ["X"]
    assert NoticeCode.IMPUTATION_NEEDS_REVIEW in [n.code for n in result.notices]


def test_all_things_equal_pro_rata_to_the_cent() -> None:
    one = Owed("P1", date(2025, 2, 1), D("0"), D("0"), D("100.00"))
    two = Owed("P2", date(2025, 2, 1), D("0"), D("0"), D("200.00"))
    result = impute(D("100.00"), ON, [one, two])
    assert [(a.invoice, a.principal, a.rule) for a in result.allocations] == [
        ("P1", D("33.33"), Rule.PRO_RATA),
        ("P2", D("66.67"), Rule.PRO_RATA),
    ]


def test_overpayment_is_kept_as_surplus_and_flagged() -> None:
    result = impute(D("2000.00"), ON, [A, B])
    assert result.surplus == D("547.50")
    assert NoticeCode.OVERPAYMENT in [n.code for n in result.notices]


def test_order_within_an_invoice_is_configurable() -> None:
    allocation, left = within_invoice(
        D("620.00"),
        A,
        Rule.DUE_DEBTS,
        (Component.PRINCIPAL, Component.INTEREST, Component.ACCESSORIES),
    )
    assert (allocation.principal, allocation.interest, allocation.accessories, left) == (
        D("600.00"),
        D("12.50"),
        D("7.50"),
        D("0"),
    )


cents = st.integers(min_value=0, max_value=10**7).map(lambda c: D(c) / 100)
owed_strategy = st.builds(
    Owed,
    invoice=st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    due_date=st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31)),
    accessories=cents,
    interest=cents,
    principal=cents,
    rate=st.sampled_from([D("0"), D("12.15"), D("14.50")]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**7).map(lambda c: D(c) / 100),
    st.lists(owed_strategy, max_size=6, unique_by=lambda o: o.invoice),
    st.one_of(st.none(), st.sampled_from(["A", "B", "Z"])),
    st.permutations(list(Component)),
)
def test_imputation_never_allocates_more_than_paid_nor_loses_money(
    amount: Decimal, owed: list[Owed], designated: str | None, order: list[Component]
) -> None:
    result = impute(amount, ON, owed, designated, order)
    allocated = sum((a.total for a in result.allocations), D("0"))
    assert allocated + result.surplus == amount
    assert result.surplus >= 0
    by_name = {o.invoice: o for o in owed}
    for a in result.allocations:
        o = by_name[a.invoice]
        assert 0 <= a.accessories <= o.accessories
        assert 0 <= a.interest <= o.interest
        assert 0 <= a.principal <= o.principal
    if result.surplus > 0:
        assert allocated == sum((o.total for o in owed), D("0"))


@given(
    st.integers(min_value=0, max_value=10**6),
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=5),
)
def test_pro_rata_shares_add_up_exactly(amount: int, weights: list[int]) -> None:
    shares = pro_rata(D(amount) / 100, [D(w) for w in weights])
    assert sum(shares, D("0")) == D(amount) / 100
    assert all(s >= 0 for s in shares)
