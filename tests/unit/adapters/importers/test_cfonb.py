"""The CFONB 120 reader (``adapters.importers.cfonb``): records built by hand for each rule, a
round trip of the overpunched amounts, then the real files of four other projects, read in
place from ``../shared``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iban

from recouvre.adapters.importers.camt import BankStatementFileError
from recouvre.adapters.importers.cfonb import iban_of, read_cfonb
from recouvre.domain.creditor_reference import creditor_reference
from support.cfonb_files import complement, move, statement
from support.paths import shared_file


def test_the_rib_gives_the_iban_the_creditor_stored() -> None:
    account = iban_of("30003", "01234", "01234567890")
    assert account == "FR7630003012340123456789057" and iban.is_valid(account)
    assert iban.is_valid(iban_of("30002", "00447", "0000888899H"))  # letters in the account


def test_a_movement_with_its_complements() -> None:
    rf = creditor_reference("D-2026-000042")
    data = statement(
        move("041226", Decimal("1250.40"), "VIR SEPA METALLERIE", "051226"),
        complement("NPY", "METALLERIE LORRAINE"),
        complement("RCN", rf),
        complement("IPY", "FR76 3000 6000 0112 3456 7890 189"),
        move("041226", Decimal("-12.50"), "FRAIS"),
    )
    [s] = read_cfonb(data, "releve.cfo")
    assert s.account == "FR7630003012340123456789057" and s.currency == "EUR"
    assert (s.opening and s.opening.amount, s.closing and s.closing.amount) == (
        Decimal("1000.00"), Decimal("2237.90")
    )
    paid, fee = s.lines
    assert (paid.signed, paid.value_on, paid.booked_on) == (
        Decimal("1250.40"), date(2026, 12, 5), date(2026, 12, 4)
    )
    assert paid.payer_name == "METALLERIE LORRAINE" and paid.references == (rf,)
    assert paid.payer_iban == "FR7630006000011234567890189"
    assert (fee.signed, fee.credit) == (Decimal("-12.50"), False)
    assert s.unbalanced_by() == 0


def test_without_line_breaks_and_with_blank_lines_it_reads_the_same() -> None:
    data = statement(move("041226", Decimal("10.00"), "VIR A"))
    [with_breaks] = read_cfonb(data, "a")
    [without] = read_cfonb(data.replace(b"\r\n", b""), "b")
    [blank] = read_cfonb(data.replace(b"\r\n", b"\r\n\r\n"), "c")
    def seen(lines: tuple[object, ...]) -> list[tuple[object, ...]]:
        return [(x.key, x.signed, x.value_on, x.remittance) for x in lines]  # type: ignore[attr-defined]

    assert seen(with_breaks.lines) == seen(without.lines) == seen(blank.lines)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (statement(move("311326", Decimal("1"))), "date impossible « 311326 »"),
        (statement(move("041226", Decimal("1")).replace("{", "X")), "montant illisible"),
        (statement(complement("LIB", "x")), "complément sans mouvement"),
        (b"\r\n".join(statement().split(b"\r\n")[:-2]), "relevé sans nouveau solde (07)"),
        (b"", "fichier vide"),
        ((b"31" + b"0" * 238 + b"\n") * 2, "CFONB 240"),
        (statement().replace(b"\r\n07", b"\r\n09"), "inconnu « 09 »"),
    ],
)
def test_broken_files_are_refused_with_the_line(data: bytes, said: str) -> None:
    with pytest.raises(BankStatementFileError) as caught:
        read_cfonb(data, "releve.cfo")
    assert said in str(caught.value)


@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2))
def test_every_overpunched_amount_reads_back(value: Decimal) -> None:
    if value == 0:
        return
    [s] = read_cfonb(statement(move("041226", value, "X")), "x")
    assert s.lines[0].signed == value


# --- real files (../shared/data/thirdparty/cfonb) ---------------------------------------------


def _cfonb(name: str) -> bytes:
    data: bytes = shared_file(f"data/thirdparty/cfonb/{name}").read_bytes()
    return data


def test_the_oca_file_gives_its_expected_balances_with_or_without_line_breaks() -> None:
    for name in ("oca_cfonb_classic.cfo", "oca_cfonb_no_carriage_return.cfo"):
        [s] = read_cfonb(_cfonb(name), name)
        assert s.opening is not None and s.opening.amount == Decimal("1017311.89")
        assert s.closing is not None and s.closing.amount == Decimal("1031585.79")
        assert len(s.lines) == 13 and {x.booked_on for x in s.lines} == {date(2024, 1, 13)}
        assert "F230866 F230765 F238765" in s.lines[1].remittance  # LIB and LCC complements
        assert s.unbalanced_by() == 0


def test_real_files_peculiarities() -> None:
    strict = read_cfonb(_cfonb("silarhi_complex-test.txt"), "a")
    loose = read_cfonb(_cfonb("silarhi_non-strict-test.txt"), "b")
    assert [x.signed for s in strict for x in s.lines] == [x.signed for s in loose for x in s.lines]
    two = read_cfonb(_cfonb("pennylane_example.txt"), "c")
    assert two[0].opening is not None and two[0].opening.amount == Decimal("-190.40")
    [lcl] = read_cfonb(_cfonb("akretion_bank_statement.cfo"), "d")  # blank currency, decimals
    assert lcl.currency == "EUR" and lcl.unbalanced_by() != 0  # the source says it is unbalanced
    for name, said in (
        ("silarhi_cfonb.240-complex-test.txt", "CFONB 240"),
        ("pennylane_invalid_date.txt", "date illisible"),
        ("pennylane_operation_detail_without_operation.txt", "complément sans mouvement"),
        ("pennylane_new_statement_without_previous_ended.txt", "avant la fin du précédent"),
    ):
        with pytest.raises(BankStatementFileError) as caught:
            read_cfonb(_cfonb(name), name)
        assert said in str(caught.value), name
