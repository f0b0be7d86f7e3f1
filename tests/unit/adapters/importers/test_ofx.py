"""The OFX reader (``adapters.importers.ofx``): hand-written files for the rules, then the real
files of three other projects, read in place from ``../shared``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.adapters.importers.camt import BankStatementFileError
from recouvre.adapters.importers.ofx import read_ofx
from recouvre.domain.creditor_reference import creditor_reference, printed
from support.paths import shared_file

HEADER = (
    "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
    "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
)


def ofx(
    *movements: str, bank: str = "30006", branch: str = "00001", acct: str = "12345678901"
) -> bytes:
    body = "".join(movements)
    return (
        f"{HEADER}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        f"<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>{bank}<BRANCHID>{branch}<ACCTID>{acct}"
        f"<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20261201<DTEND>20261204"
        f"{body}</BANKTRANLIST><LEDGERBAL><BALAMT>1234,56<DTASOF>20261204</LEDGERBAL>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    ).encode("cp1252")


def trn(amount: str, fitid: str, name: str = "", memo: str = "", avail: str = "") -> str:
    extra = f"<DTAVAIL>{avail}" if avail else ""
    return (
        f"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261203120000.000[+1:CET]{extra}<TRNAMT>{amount}"
        f"<FITID>{fitid}<NAME>{name}<MEMO>{memo}</STMTTRN>"
    )


def test_a_french_export_with_comma_decimals() -> None:
    rf = creditor_reference("D-2026-000042")
    data = ofx(
        trn("1250,40", "F-1", "METALLERIE LORRAINE", f"VIR {printed(rf)}", avail="20261204"),
        trn("-12,50", "F-2", "FRAIS"),
    )
    [s] = read_ofx(data, "releve.ofx")
    assert s.account == "FR7630006000011234567890189" and s.currency == "EUR"
    paid, fee = s.lines
    assert (paid.signed, paid.booked_on, paid.value_on) == (
        Decimal("1250.40"), date(2026, 12, 3), date(2026, 12, 4)
    )
    assert paid.references == (rf,) and paid.payer_name == "METALLERIE LORRAINE"
    assert paid.key.endswith("ofx:F-1") and (fee.signed, fee.credit) == (Decimal("-12.50"), False)
    assert s.closing is not None and s.closing.amount == Decimal("1234.56")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (ofx(trn("12.3.4", "X")), "montant illisible « 12.3.4 »"),
        (ofx(trn("$120", "X")), "montant illisible « $120 »"),
        (b"OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1>", "OFX illisible"),
        (
            b'<?xml version="1.0"?><!DOCTYPE o [<!ENTITY a "x">]><?OFX OFXHEADER="200"?>'
            b"<OFX>&a;</OFX>",
            "entité interdite",
        ),
        (ofx().replace(b"<STMTRS>", b"<X>").replace(b"</STMTRS>", b"</X>"), "aucun relevé"),
    ],
)
def test_broken_files_are_refused_with_a_reason(data: bytes, said: str) -> None:
    with pytest.raises(BankStatementFileError) as caught:
        read_ofx(data, "releve.ofx")
    assert said in str(caught.value)


def _ofx(name: str) -> bytes:
    data: bytes = shared_file(f"data/thirdparty/ofx/{name}").read_bytes()
    return data


def test_real_files() -> None:
    [bank, card] = read_ofx(_ofx("oca_test_ofx_iban.ofx"), "a")
    assert bank.account == "FR7630001007941234567890185"  # the RIB's IBAN (key 85)
    assert [x.signed for x in bank.lines][:2] == [Decimal("-80"), Decimal("-90")]
    assert card.lines == ()
    sgml = read_ofx(_ofx("ofxparse_bank_medium.ofx"), "b")  # 1.02 on one long line
    assert len(sgml[0].lines) == 3 and sgml[0].lines[0].signed == Decimal("-6.60")
    [dot] = read_ofx(_ofx("ofxtools_stmtrs.ofx"), "c")
    [comma] = read_ofx(_ofx("ofxtools_stmtrs_euro.ofx"), "d")
    assert [x.signed for x in dot.lines] == [x.signed for x in comma.lines]
    [empty_tags] = read_ofx(_ofx("ofxparse_ofx-v102-empty-tags.ofx"), "e")  # 12 blank lines first
    assert empty_tags.lines[0].signed == Decimal("12.34")
    assert len(read_ofx(_ofx("ofxparse_multiple_accounts.ofx"), "f")) == 2
    for name, said in (
        ("oca_test_ofx_wrong.ofx", "OFX illisible"),
        ("ofxparse_fail_nice_decimal_error.ofx", "montant illisible « $120 »"),
    ):
        with pytest.raises(BankStatementFileError) as caught:
            read_ofx(_ofx(name), name)
        assert said in str(caught.value)
