"""The statement (décompte): worked examples, payments against interest, events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.domain.claims import Invoice
from recouvre.domain.parties import DebtorKind
from recouvre.domain.payments import Payment
from recouvre.law.imputation import Component
from recouvre.law.interest import InterestKind
from recouvre.law.statement.computation import (
    ClaimFacts,
    ClaimInvoice,
    Cost,
    CreditorKind,
    FormalNotice,
    InterestStart,
    Judgment,
    StatementOptions,
    statement,
)
from recouvre.law.statement.explain import NoticeCode, statement_lines
from recouvre.reference.loader import load_tables

TABLES = load_tables()
D = Decimal
B2B = ClaimFacts(CreditorKind.COMPANY, DebtorKind.COMPANY)
PRINCIPAL_FIRST = StatementOptions(
    order=(Component.PRINCIPAL, Component.ACCESSORIES, Component.INTEREST)
)


def invoice(number: str, due: date, amount: str, rate: str | None = None) -> ClaimInvoice:
    issue = date.fromordinal(due.toordinal() - 30)
    return ClaimInvoice(
        Invoice(
            None,
            None,
            None,
            number,
            issue,
            due,
            D(amount),
            contractual_rate=D(rate) if rate else None,
        )
    )


def pay(day: date, amount: str, designated: str | None = None) -> Payment:
    return Payment(None, None, day, D(amount), designated)


EXAMPLE_1 = invoice("F1", date(2024, 3, 15), "12345.67")


def test_example_1_statement_on_the_payment_date() -> None:
    result = statement(
        [EXAMPLE_1], [pay(date(2025, 2, 10), "12345.67", "F1")], B2B, date(2025, 2, 10), TABLES
    )
    (inv,) = result.invoices
    assert [s.amount for s in inv.slices] == [D("524.78"), D("886.86"), D("182.36")]
    assert (inv.interest, inv.indemnity) == (D("1594.00"), D("40.00"))
    # 1343-1: the payment first pays the indemnity and the penalties, then principal.
    assert (inv.indemnity_paid, inv.interest_paid, inv.principal_paid) == (
        D("40.00"),
        D("1594.00"),
        D("10711.67"),
    )
    assert inv.principal_outstanding == D("1634.00")
    assert inv.total_due == D("1634.00")
    lines = [line.replace("\u00a0", " ").replace("\u202f", " ") for line in statement_lines(result)]
    assert (
        "  Pénalités de retard au taux de 14,50 % du 16/03/2024 au 30/06/2024, "
        "soit 107 jours : 524,78 €" in lines
    )
    assert lines[-1] == "Total dû : 1 634,00 €"


def test_example_1_the_imputation_order_matters_only_after_the_payment() -> None:
    payments = [pay(date(2025, 2, 10), "12345.67", "F1")]
    legal = statement([EXAMPLE_1], payments, B2B, date(2025, 3, 12), TABLES)
    agreed = statement([EXAMPLE_1], payments, B2B, date(2025, 3, 12), TABLES, PRINCIPAL_FIRST)
    # principal first (C. civ. 1343-1 read strictly), 1 594 + 40 still claimable, no more penalties.
    (inv,) = agreed.invoices
    assert (inv.principal_outstanding, inv.interest_outstanding, inv.indemnity_outstanding) == (
        D("0.00"),
        D("1594.00"),
        D("40.00"),
    )
    assert inv.total_due == D("1634.00")
    # 1343-1: the 1 634 € left are principal, bearing penalties from 2025-02-11 (30 days, 13.15 %).
    (inv,) = legal.invoices
    assert inv.slices[-1].first == date(2025, 2, 11) and inv.slices[-1].basis == D("1634.00")
    assert inv.slices[-1].amount == D("17.66")  # 1634 × 13.15 % × 30 / 365 = 17.661…
    assert inv.total_due == D("1651.66")


def test_a_partial_payment_changes_the_basis_from_the_next_day() -> None:
    result = statement(
        [invoice("F1", date(2025, 1, 31), "10000.00")],
        [pay(date(2025, 3, 1), "5000.00", "F1")],
        B2B,
        date(2025, 4, 30),
        TABLES,
    )
    (inv,) = result.invoices
    assert [(s.first, s.last, s.basis, s.amount) for s in inv.slices] == [
        # 10 000 × 13.15 % × 29 / 365 = 104.479…: the payment day still bears the old basis
        (date(2025, 2, 1), date(2025, 3, 1), D("10000.00"), D("104.48")),
        # 5 000 - 40 - 104.48 = 4 855.52 of principal paid: new basis 5 144.48 from 2 March
        (date(2025, 3, 2), date(2025, 4, 30), D("5144.48"), D("111.21")),
    ]
    assert inv.principal_outstanding == D("5144.48")
    assert inv.total_due == D("5255.69")


def test_a_payment_on_time_reduces_the_basis_and_avoids_nothing_else() -> None:
    result = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")],
        [pay(date(2025, 1, 31), "600.00")],
        B2B,
        date(2025, 3, 1),
        TABLES,
    )
    (inv,) = result.invoices
    assert [s.basis for s in inv.slices] == [D("400.00")]
    assert inv.indemnity == D("40.00")  # still late for the rest


def test_an_invoice_paid_in_full_on_time_owes_no_indemnity() -> None:
    result = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")],
        [pay(date(2025, 1, 30), "1000.00")],
        B2B,
        date(2025, 3, 1),
        TABLES,
    )
    (inv,) = result.invoices
    assert (inv.indemnity, inv.interest, inv.total_due) == (D("0"), D("0"), D("0.00"))


def test_example_2_consumer_legal_interest_from_receipt_of_the_formal_notice() -> None:
    facts = ClaimFacts(
        CreditorKind.COMPANY,
        DebtorKind.CONSUMER,
        FormalNotice(date(2025, 5, 16), date(2025, 5, 20)),
    )
    line = invoice("C1", date(2025, 3, 31), "2480.00")
    result = statement([line], [], facts, date(2026, 3, 2), TABLES)
    (inv,) = result.invoices
    assert inv.interest == D("55.71") and inv.indemnity == 0
    assert inv.total_due == D("2535.71")
    assert {s.kind for s in inv.slices} == {InterestKind.LEGAL}
    by_sending = statement(
        [line],
        [],
        facts,
        date(2026, 3, 2),
        TABLES,
        StatementOptions(interest_start=InterestStart.SENDING),
    )
    assert by_sending.invoices[0].slices[0].first == date(2025, 5, 17)
    individual = ClaimFacts(
        CreditorKind.INDIVIDUAL, DebtorKind.CONSUMER, FormalNotice(None, date(2025, 5, 20))
    )
    assert statement([line], [], individual, date(2026, 3, 2), TABLES).invoices[0].total_due == D(
        "2610.87"
    )


def test_no_formal_notice_no_interest_for_a_consumer() -> None:
    facts = ClaimFacts(CreditorKind.COMPANY, DebtorKind.CONSUMER)
    result = statement(
        [invoice("C1", date(2025, 3, 31), "2480.00")], [], facts, date(2026, 3, 2), TABLES
    )
    assert result.invoices[0].interest == 0
    assert [n.code for n in result.notices] == [NoticeCode.NO_INTEREST_START]


def test_judgment_interest_is_increased_two_months_after_service() -> None:
    facts = ClaimFacts(
        CreditorKind.COMPANY,
        DebtorKind.CONSUMER,
        FormalNotice(None, date(2025, 5, 20)),
        Judgment(date(2025, 9, 1), D("2480.00"), date(2025, 9, 15)),
    )
    result = statement(
        [invoice("C1", date(2025, 3, 31), "2480.00")], [], facts, date(2025, 12, 31), TABLES
    )
    increased = [s for s in result.invoices[0].slices if s.kind is InterestKind.LEGAL_INCREASED]
    assert increased[0].first == date(2025, 11, 16) and increased[0].rate == D("7.76")
    assert "judgment_interest_delay_months" in [r.key for r in result.warnings]


def test_collective_proceedings_stop_interest_the_day_before_the_opening() -> None:
    facts = ClaimFacts(
        CreditorKind.COMPANY, DebtorKind.COMPANY, collective_opened_on=date(2025, 3, 1)
    )
    result = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")], [], facts, date(2025, 6, 30), TABLES
    )
    (inv,) = result.invoices
    assert inv.slices[-1].last == date(2025, 2, 28)
    assert inv.indemnity == D("40.00")  # the invoice was already late when proceedings opened
    assert NoticeCode.INTEREST_STOPPED in [n.code for n in result.notices]
    before_due = ClaimFacts(
        CreditorKind.COMPANY, DebtorKind.COMPANY, collective_opened_on=date(2025, 1, 15)
    )
    stopped = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")], [], before_due, date(2025, 6, 30), TABLES
    )
    assert stopped.invoices[0].interest == 0 and stopped.invoices[0].indemnity == 0


def test_justified_costs_above_the_indemnity_between_professionals_only() -> None:
    costs = [Cost(date(2025, 3, 10), D("150.00"), "F1", "agence")]
    b2b = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")],
        [],
        B2B,
        date(2025, 3, 31),
        TABLES,
        costs=costs,
    )
    assert b2b.invoices[0].costs == D("110.00")
    b2c_facts = ClaimFacts(
        CreditorKind.COMPANY, DebtorKind.CONSUMER, FormalNotice(None, date(2025, 2, 10))
    )
    b2c = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")],
        [],
        b2c_facts,
        date(2025, 3, 31),
        TABLES,
        costs=costs,
    )
    assert b2c.invoices[0].costs == 0
    assert NoticeCode.COSTS_NOT_CHARGEABLE in [n.code for n in b2c.notices]
    enforcement = [Cost(date(2025, 3, 10), D("80.00"), "F1", "signification", enforcement=True)]
    b2c_enf = statement(
        [invoice("F1", date(2025, 1, 31), "1000.00")],
        [],
        b2c_facts,
        date(2025, 3, 31),
        TABLES,
        costs=enforcement,
    )
    assert b2c_enf.invoices[0].costs == D("80.00")


def test_capitalisation_only_when_ordered_and_after_a_whole_year() -> None:
    line = invoice("C1", date(2023, 1, 31), "2480.00")
    plain = ClaimFacts(
        CreditorKind.INDIVIDUAL, DebtorKind.CONSUMER, FormalNotice(None, date(2023, 2, 10))
    )
    ordered = ClaimFacts(
        CreditorKind.INDIVIDUAL,
        DebtorKind.CONSUMER,
        FormalNotice(None, date(2023, 2, 10)),
        Judgment(date(2023, 3, 1), None, None, capitalisation=True),
    )
    simple = statement([line], [], plain, date(2025, 3, 31), TABLES).invoices[0]
    compound = statement([line], [], ordered, date(2025, 3, 31), TABLES).invoices[0]
    assert {s.basis for s in simple.slices} == {D("2480.00")}
    bases = sorted({s.basis for s in compound.slices})
    assert bases[0] == D("2480.00") and len(bases) == 3  # capitalised on 2024-03-01 and 2025-03-01
    first_raise = next(s for s in compound.slices if s.basis != D("2480.00"))
    assert first_raise.first == date(2024, 3, 1)
    interest_before = sum(s.amount for s in compound.slices if s.last < date(2024, 3, 1))
    assert first_raise.basis == D("2480.00") + interest_before
    assert compound.interest > simple.interest
    too_early = statement([line], [], ordered, date(2024, 2, 29), TABLES).invoices[0]
    assert too_early.capitalised == 0


def test_payments_across_invoices_go_to_the_oldest_due_one() -> None:
    lines = [invoice("F2", date(2025, 2, 28), "500.00"), invoice("F1", date(2025, 1, 31), "300.00")]
    result = statement(lines, [pay(date(2025, 3, 15), "400.00")], B2B, date(2025, 3, 15), TABLES)
    (paid,) = result.payments
    assert [a.invoice for a in paid.imputation.allocations] == ["F1", "F2"]
    f1 = next(i for i in result.invoices if i.number == "F1")
    assert f1.total_due == 0


def test_payment_after_the_statement_date_is_left_out() -> None:
    result = statement(
        [EXAMPLE_1], [pay(date(2025, 2, 11), "100.00")], B2B, date(2025, 2, 10), TABLES
    )
    assert result.payments == ()
    assert [n.code for n in result.notices] == [NoticeCode.PAYMENT_AFTER_DATE]


def test_unverified_rows_used_are_listed() -> None:
    result = statement(
        [invoice("F1", date(2026, 6, 30), "1000.00")], [], B2B, date(2026, 8, 1), TABLES
    )
    assert [(r.key, r.effective_from) for r in result.warnings] == [("ecb_mro", date(2026, 7, 1))]


@pytest.mark.parametrize("on", [date(2024, 6, 30), date(2024, 7, 1)])
def test_statement_boundary_days(on: date) -> None:
    result = statement([EXAMPLE_1], [], B2B, on, TABLES)
    assert result.invoices[0].slices[-1].last == on


def test_an_excessive_payment_term_is_flagged_between_professionals() -> None:
    line = ClaimInvoice(
        Invoice(None, None, None, "F9", date(2025, 1, 10), date(2025, 3, 18), D("100.00"))
    )
    result = statement([line], [], B2B, date(2025, 3, 1), TABLES)
    assert [n.code for n in result.notices] == [NoticeCode.PAYMENT_TERM_EXCEEDED]
    consumer = ClaimFacts(CreditorKind.COMPANY, DebtorKind.CONSUMER)
    assert NoticeCode.PAYMENT_TERM_EXCEEDED not in [
        n.code for n in statement([line], [], consumer, date(2025, 3, 1), TABLES).notices
    ]
