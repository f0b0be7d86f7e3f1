"""The camt.053 / camt.054 reader (``adapters.importers.camt``): hand-written files for each rule,
then the real files of three other parsers' test suites, read in place from ``../shared``."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal

import pytest

from recouvre.adapters.importers.camt import BankStatementFileError, read_camt
from recouvre.domain.creditor_reference import creditor_reference
from support.camt_files import Entry, Tx, camt053
from support.paths import shared_file

RF = creditor_reference("D-2026-000007")


def refused(data: bytes) -> str:
    with pytest.raises(BankStatementFileError) as caught:
        read_camt(data, "releve.xml")
    return str(caught.value)


@pytest.mark.parametrize("version", range(2, 11))
def test_every_schema_version_reads_alike(version: int) -> None:
    entries = [Entry("150.00", ref="BQ-1", txs=[Tx(creditor_ref=RF, ustrd=("Facture F-7",))])]
    [statement] = read_camt(camt053(entries, version=version), "releve.xml")
    [line] = statement.lines
    assert statement.account == "FR7630004000031234567890143" and statement.currency == "EUR"
    assert (line.amount, line.credit, line.value_on) == (Decimal("150.00"), True, date(2026, 12, 4))
    assert line.booked_on == date(2026, 12, 3)
    assert line.references == (RF,) and line.remittance == "Facture F-7"
    assert line.payer_name == "Boulangerie Schmitt"
    assert line.payer_iban == "FR7630006000011234567890189"
    assert statement.opening is not None and statement.opening.amount == Decimal("1000.00")
    assert statement.unbalanced_by() == 0


def test_a_batch_booking_becomes_one_line_per_transaction() -> None:
    batch = Entry("300.00", ref="BQ-9", txs=[Tx("100.00", "E2E-A"), Tx("200.00", "E2E-B")])
    [statement] = read_camt(camt053([batch]), "releve.xml")
    assert [x.amount for x in statement.lines] == [Decimal("100.00"), Decimal("200.00")]
    assert len({x.key for x in statement.lines}) == 2


def test_a_batch_whose_parts_do_not_add_up_is_refused_with_its_line() -> None:
    batch = Entry("300.00", txs=[Tx("100.00"), Tx("150.00")])
    message = refused(camt053([batch], opening=None))
    assert "2 opérations de 250.00 pour une écriture de 300.00" in message
    assert "ligne 6" in message and "rien n'a été enregistré" in message


def test_a_reversal_and_a_debit_are_lines_with_their_direction() -> None:
    entries = [Entry("80.00", credit=False, reversal=True, ref="R-1"), Entry("5.00", credit=False)]
    [statement] = read_camt(camt053(entries), "releve.xml")
    reversal, fee = statement.lines
    assert (reversal.reversal, reversal.signed) == (True, Decimal("-80.00"))
    assert (fee.reversal, fee.signed) == (False, Decimal("-5.00"))


def test_pending_entries_are_not_payments() -> None:
    entries = [Entry("10.00", status="PDNG"), Entry("20.00")]
    [statement] = read_camt(camt053(entries, version=9), "releve.xml")
    assert [x.amount for x in statement.lines] == [Decimal("20.00")]


def test_a_utc_timestamp_is_the_paris_date() -> None:
    late = Entry(
        "42.00",
        booked="<DtTm>2026-12-03T23:30:00.123456789Z</DtTm>",
        value="<DtTm>2026-06-30T22:15:00+00:00</DtTm>",
    )
    [statement] = read_camt(camt053([late]), "releve.xml")
    [line] = statement.lines
    assert (line.booked_on, line.value_on) == (date(2026, 12, 4), date(2026, 7, 1))


def test_keys_are_the_same_in_a_copy_and_identical_lines_stay_two() -> None:
    twins = [Entry("25.00", txs=[Tx(ustrd=("cotisation",))]) for _ in range(2)]
    [first] = read_camt(camt053(twins), "a.xml")
    [again] = read_camt(camt053(twins, copy="DUPL"), "b.xml")
    assert len({x.key for x in first.lines}) == 2
    assert [x.key for x in first.lines] == [x.key for x in again.lines] and again.copy


def test_the_payer_s_end_to_end_id_alone_never_merges_two_payers() -> None:
    a = Entry("25.00", txs=[Tx(end_to_end="115", debtor="A SARL")])
    b = Entry("25.00", txs=[Tx(end_to_end="115", debtor="B SAS")])
    [statement] = read_camt(camt053([a, b]), "releve.xml")
    assert len({x.key for x in statement.lines}) == 2


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>',
            "entité interdite",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d SYSTEM "file:///etc/passwd"><Document/>',
            "interdite",
        ),
        (camt053([Entry("10.00")])[:300], "XML illisible"),
        (camt053([Entry("12,50")], opening=None), "montant illisible « 12,50 »"),
        (camt053([Entry("10.00", value="<Dt>9999-12-31</Dt>")]), "date hors limites"),
        (camt053([Entry("10.00")]).replace(b"camt.053.001.02", b"camt.053.001.13"), "version"),
        (b"<Document><BkToCstmrAcctRpt/></Document>", "camt.052 n'est pas définitif"),
        (b"<Document><BkToCstmrStmt><GrpHdr/></BkToCstmrStmt></Document>", "aucun relevé"),
        (b"not xml at all", "XML illisible"),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_reason(data: bytes, said: str) -> None:
    assert said in refused(data)


# --- real files written by others (../shared/data/thirdparty/camt) --------------------------


def _camt(name: str) -> bytes:
    data: bytes = shared_file(f"data/thirdparty/camt/{name}").read_bytes()
    return data


@pytest.mark.parametrize(
    ("name", "golden"),
    [
        ("oca_test-camt053.xml", "oca_golden-camt053.pydata"),
        ("oca_test-camt053-txdtls.xml", "oca_golden-camt053-txdtls.pydata"),
        ("oca_test-camt054.xml", "oca_golden-camt054.pydata"),
    ],
)
def test_the_oca_files_give_their_expected_results(name: str, golden: str) -> None:
    _currency, account, expected = ast.literal_eval(
        shared_file(f"data/thirdparty/camt/{golden}").read_text("utf-8")
    )
    statements = read_camt(_camt(name), name)
    assert [s.account for s in statements] == [account] * len(expected)
    for statement, wanted in zip(statements, expected, strict=True):
        assert [x.signed for x in statement.lines] == [
            Decimal(str(t["amount"])) for t in wanted["transactions"]
        ]
        # OCA dates a line by its booking; recouvre keeps that and pays on the value date.
        assert [x.booked_on.isoformat() for x in statement.lines if x.booked_on] == [
            t["date"] for t in wanted["transactions"]
        ]
        if "balance_start" in wanted and statement.opening is not None:
            assert statement.opening.amount == Decimal(str(wanted["balance_start"]))
        if "balance_end_real" in wanted and statement.closing is not None:
            assert statement.closing.amount == Decimal(str(wanted["balance_end_real"]))


def test_one_statement_in_four_schema_versions_gives_one_line() -> None:
    read = [
        read_camt(_camt(f"genkgo_camt053.{v}.xml"), v)[0].lines[0]
        for v in ("v2.minimal", "v3", "v4", "v8")
    ]
    assert {(x.amount, x.credit, x.value_on) for x in read} == {
        (Decimal("8.85"), True, read[0].value_on)
    }


def test_real_files_peculiarities() -> None:
    assert "aucun relevé" in refused(_camt("genkgo_camt053.v2.wrong.xml"))
    assert "camt.052" in refused(_camt("kedder_camt052.xml"))
    [empty] = read_camt(_camt("oca_test-camt053-no-ntry.xml"), "x")
    assert empty.lines == () and empty.unbalanced_by() == 0
    [duplicate] = read_camt(_camt("kedder_gcamp6.xml"), "x")
    assert duplicate.copy
    [midnight] = read_camt(_camt("oca_test-camt053-bookgdt-dttm.xml"), "x")
    assert midnight.lines[0].booked_on == date(2014, 1, 5)  # 2014-01-04T23:00Z in Paris
    [wise] = read_camt(_camt("oca_test-camt053-v10-wise-addtlntryinf.xml"), "x")
    assert [x.signed for x in wise.lines] == [Decimal("-900.00"), Decimal("1000.00")]
    [swiss] = read_camt(_camt("kedder_davider80.xml"), "x")
    assert len(swiss.lines) == 16 and swiss.unbalanced_by() == 0
    [lithuanian] = read_camt(_camt("kedder_simple.xml"), "x")
    assert "Lėšų pervedimas" in lithuanian.lines[1].remittance


def _prefixed(data: bytes) -> bytes:
    """The same file as banks' Java exports write it: every tag with an ``ns2:`` prefix."""
    import re

    text = data.decode().replace('xmlns="', 'xmlns:ns2="')
    return re.sub(r"<(/?)([A-Za-z])", r"<\1ns2:\2", text.replace("<?xml", "\0")).replace(
        "\0", "<?xml"
    ).encode()


@pytest.mark.parametrize("version", (2, 8))
def test_a_prefixed_or_redeclared_namespace_reads_like_the_plain_file(version: int) -> None:
    """Read as a stream (one default namespace) or as a whole tree (prefixed tags, a second
    declaration): the same statements, line for line, errors with the same lines."""
    entries = [
        Entry("150.00", ref="BQ-1", txs=[Tx(creditor_ref=RF, ustrd=("Facture F-7",))]),
        Entry("20.00", credit=False, ref="BQ-2"),
        Entry("30.00", status="PDNG", ref="BQ-3"),
        Entry("70.00", txs=[Tx(amount="30.00"), Tx(amount="40.00", ustrd=("solde",))]),
    ]
    plain = camt053(entries, version=version)
    redeclared = plain.replace(b"<Ntry>", b'<Ntry xmlns="' + plain.split(b'xmlns="')[1]
                               .split(b'"')[0] + b'">', 1)  # fmt: skip
    expected = read_camt(plain, "releve.xml")
    assert len(expected[0].lines) == 4
    assert read_camt(_prefixed(plain), "releve.xml") == expected
    assert read_camt(redeclared, "releve.xml") == expected
    broken = camt053([*entries, Entry("x", ref="BQ-9")], version=version, opening=None)
    said = refused(broken)
    assert "montant illisible « x »" in said
    assert refused(_prefixed(broken)) == said
