"""Which case a bank line pays (``services.payments.matching``), rule by rule, on an index built
by hand: the references first, then the payer's name and the amount, else nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recouvre.domain.bank_statements import BankLine
from recouvre.domain.creditor_reference import creditor_reference
from recouvre.services.payments.matching import (
    Ambiguous,
    CaseIndex,
    Match,
    match_line,
    normalised,
    payer_key,
)
from recouvre.services.payments.ports import OpenInvoice

ON = date(2026, 12, 4)


def invoice(
    case: int, number: str, left: str, name: str, due: date = date(2026, 10, 31)
) -> OpenInvoice:
    return OpenInvoice(case, f"D-2026-{case:06d}", 1, case, number, due, Decimal(left), name)


INDEX = CaseIndex.of([
    invoice(1, "FA-2026-0101", "1200.00", "Métallerie Lorraine SARL"),
    invoice(1, "FA-2026-0102", "300.00", "Métallerie Lorraine SARL", due=date(2027, 1, 31)),
    invoice(2, "FA-2026-0201", "480.00", "Boulangerie Schmitt"),
    invoice(3, "FA-2026-0301", "75.50", "Dupont"),
    invoice(4, "FA-2026-0401", "99.00", "Dupont"),
])  # fmt: skip


def line(
    amount: str, remittance: str = "", payer: str = "", refs: tuple[str, ...] = ()
) -> BankLine:
    return BankLine("k", ON, ON, Decimal(amount), "EUR", True, False, remittance, refs, payer, "",
                    "", 1)  # fmt: skip


def test_keys_tolerate_separators_case_and_leading_zeros() -> None:
    assert normalised("FA-2026-0101") == normalised("fa 2026 101") == normalised("FA.2026/00101")
    assert payer_key("Métallerie Lorraine SARL") == payer_key("METALLERIE  LORRAINE") != ""


def test_the_rf_reference_wins_over_everything_else() -> None:
    found = match_line(line("5.00", "facture FA-2026-0201", "Dupont",
                            (creditor_reference("D-2026-000001"),)), INDEX)  # fmt: skip
    assert isinstance(found, Match) and (found.case_id, found.confidence) == (1, 100)


def test_an_invoice_number_designates_its_invoice() -> None:
    found = match_line(line("480.00", "Règlement fact. FA 2026 201"), INDEX)
    assert isinstance(found, Match)
    assert (found.case_id, found.invoice, found.confidence) == (2, "FA-2026-0201", 90)


def test_invoices_of_two_cases_are_ambiguous() -> None:
    found = match_line(line("555.50", "FA-2026-0201 FA-2026-0301"), INDEX)
    assert isinstance(found, Ambiguous) and "D-2026-000002" in found.reason


def test_the_payer_s_name_and_the_amount_due() -> None:
    exact = match_line(line("1200.00", "VIR SEPA", "METALLERIE LORRAINE"), INDEX)
    assert isinstance(exact, Match) and (exact.case_id, exact.confidence) == (1, 80)
    partial = match_line(line("400.00", "VIR SEPA", "Métallerie Lorraine"), INDEX)
    assert isinstance(partial, Match) and (partial.case_id, partial.confidence) == (1, 60)


def test_a_name_two_debtors_share_proves_nothing() -> None:
    assert match_line(line("75.50", "VIR", "DUPONT"), INDEX) is None


def test_the_amount_alone_is_a_weak_candidate() -> None:
    found = match_line(line("480.00", "VIREMENT"), INDEX)
    assert isinstance(found, Match) and (found.invoice, found.confidence) == ("FA-2026-0201", 40)
    assert match_line(line("1.23", "VIREMENT"), INDEX) is None


COMBINED = CaseIndex.of([
    invoice(5, "FA-2026-0501", "100.00", "Garage Muller", due=date(2026, 9, 30)),
    invoice(5, "FA-2026-0502", "250.00", "Garage Muller", due=date(2026, 10, 15)),
    invoice(5, "FA-2026-0503", "410.00", "Garage Muller", due=date(2026, 10, 31)),
    invoice(5, "FA-2026-0504", "90.00", "Garage Muller", due=date(2026, 11, 15)),
    invoice(5, "FA-2026-0505", "600.00", "Garage Muller", due=date(2027, 3, 31)),  # not due
])  # fmt: skip


def test_a_payment_equal_to_several_due_invoices_of_the_debtor_designates_them() -> None:
    found = match_line(line("660.00", "VIR SEPA", "GARAGE MULLER"), COMBINED)
    assert isinstance(found, Match) and found.confidence == 80, found
    assert found.invoices == ("FA-2026-0502", "FA-2026-0503"), found
    assert "FA-2026-0502, FA-2026-0503" in found.reason
    three = match_line(line("600.00", "VIR SEPA", "GARAGE MULLER"), COMBINED)
    assert isinstance(three, Match) and three.invoices == (
        "FA-2026-0501", "FA-2026-0503", "FA-2026-0504"), three  # fmt: skip
    assert COMBINED.combination(5, ON, Decimal("350.00")) == ("FA-2026-0501", "FA-2026-0502")
    # the invoice not yet due is never part of a combination
    assert COMBINED.combination(5, ON, Decimal("700.00")) == ()


def test_two_combinations_giving_the_amount_are_a_guess_not_a_designation() -> None:
    twice = CaseIndex.of([
        invoice(6, "FA-2026-0601", "100.00", "Garage Muller"),
        invoice(6, "FA-2026-0602", "200.00", "Garage Muller"),
        invoice(6, "FA-2026-0603", "300.00", "Garage Muller"),
        invoice(6, "FA-2026-0604", "400.00", "Garage Muller"),
    ])  # fmt: skip
    assert twice.combination(6, ON, Decimal("500.00")) == ()  # 100 + 400 or 200 + 300
    found = match_line(line("500.00", "VIR", "GARAGE MULLER"), twice)
    assert isinstance(found, Match) and (found.confidence, found.invoices) == (60, ())


def test_a_known_iban_designates_the_combination_it_pays() -> None:
    index = CaseIndex.of(COMBINED.invoices_of[5])
    index.learn("FR7617569000305147938769E47", 5)
    paid = BankLine("k", ON, ON, Decimal("340.00"), "EUR", True, False, "VIR", (), "",
                    "FR7617569000305147938769E47", "", 1)  # fmt: skip
    found = match_line(paid, index)
    assert isinstance(found, Match) and found.confidence == 85
    assert found.invoices == ("FA-2026-0502", "FA-2026-0504")
    assert "IBAN déjà connu pour ce débiteur" in found.reason
