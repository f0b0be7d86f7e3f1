"""Lifecycle statuses read from a CDAR message or a platform's CSV/JSON export (issue 13): the
real sample of the reform's flux 6, a hand-written message for each status code, the amounts
and reason of a 206, and every refusal with its line, nothing returned."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.adapters.importers.lifecycle import StatusFileError, read_cdar
from recouvre.adapters.importers.lifecycle_rows import read_status_rows
from recouvre.adapters.importers.xml_screen import XmlRefused
from recouvre.domain.einvoicing import CODES, StatusEffect
from support.paths import FIXTURES, shared_file

SAMPLE = "data/thirdparty/einvoice/tiime_cdar_UC1_F202500003_01-CDV-200_Deposee.xml"


def cdar(code: str, number: str = "F-1", stamp: str = "20261006151000", fmt: str = "204",
         extra: str = "") -> bytes:  # fmt: skip
    return f"""\ufeff<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossDomainAcknowledgementAndResponse
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100">
  <rsm:ExchangedDocument><ram:ID>MSG-1</ram:ID></rsm:ExchangedDocument>
  <rsm:AcknowledgementDocument>
    <ram:IssueDateTime><udt:DateTimeString format="{fmt}">{stamp}</udt:DateTimeString>
    </ram:IssueDateTime>
    <ram:ReferenceReferencedDocument>
      <ram:IssuerAssignedID>{number}</ram:IssuerAssignedID>
      <ram:ProcessConditionCode>{code}</ram:ProcessConditionCode>
      <ram:IssuerTradeParty>
        <ram:GlobalID schemeID="0002">732829320</ram:GlobalID>
      </ram:IssuerTradeParty>
      {extra}
    </ram:ReferenceReferencedDocument>
  </rsm:AcknowledgementDocument>
</rsm:CrossDomainAcknowledgementAndResponse>""".encode()


def test_the_real_tiime_sample_is_a_200_deposee_of_its_invoice() -> None:
    data = shared_file(SAMPLE).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM is part of what is read
    [status] = read_cdar(data, "tiime.xml")
    assert (status.invoice_number, status.code, status.label) == ("F202500003", 200, "Déposée")
    assert status.on == date(2025, 7, 1)  # format 204, 20250701151000
    assert status.siren == "100000009" and status.effect is StatusEffect.RECORD
    assert status.message_id == "F202500003_200_20250701151000#380_20250701"
    assert status.where.startswith("ligne ")


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_status_code_is_read_with_its_label_and_effect(code: int) -> None:
    [status] = read_cdar(cdar(str(code)), "m.xml")
    assert status.code == code and status.label == CODES[code].label
    assert status.effect is CODES[code].effect and status.on == date(2026, 10, 6)


def test_the_effects_table_says_what_the_reform_means_for_collection() -> None:
    effects = {code: c.effect for code, c in CODES.items()}
    assert {c for c, e in effects.items() if e is StatusEffect.RECORD} == set(range(200, 206))
    assert effects[206] is StatusEffect.PARTIAL and effects[207] is StatusEffect.DISPUTE
    assert effects[208] is StatusEffect.SUSPEND and effects[209] is StatusEffect.RESUME
    assert effects[210] is effects[213] is StatusEffect.STOP
    assert effects[211] is StatusEffect.HOLD and effects[212] is StatusEffect.PAID


def test_a_multi_message_gives_each_status_with_the_amounts_and_reason_of_a_206() -> None:
    data = (FIXTURES / "einvoicing" / "cdar_multi.xml").read_bytes()
    partial, disputed, cashed = read_cdar(data, "multi.xml")
    assert (partial.code, partial.approved, partial.disputed) == (
        206, Decimal("900.00"), Decimal("300.00"))  # fmt: skip
    assert partial.reason == "QTE ; deux palettes manquantes"
    assert partial.on == date(2026, 10, 5)  # the status's own date (format 102)
    assert (disputed.code, disputed.reason) == (207, "prix non conforme au devis")
    assert cashed.invoice_number == "F-2026-0300" and cashed.siren == "732829320"
    assert len({s.key for s in (partial, disputed, cashed)}) == 3


def test_a_message_with_problems_is_refused_whole_with_each_line() -> None:
    bad = cdar("299", number="", stamp="2026100615", extra=(
        "<ram:SpecifiedDocumentCharacteristic><ram:TypeCode>MAP</ram:TypeCode>"
        "<ram:ValueAmount>douze</ram:ValueAmount></ram:SpecifiedDocumentCharacteristic>"
    ))  # fmt: skip
    with pytest.raises(StatusFileError) as refused:
        read_cdar(bad, "m.xml")
    text = str(refused.value)
    assert "rien n'a été enregistré" in text
    assert "ligne 8, IssueDateTime : date « 2026100615 » illisible" in text, text
    assert "ligne 10, IssuerAssignedID : numéro de facture absent" in text, text  # its document
    assert "ligne 12, ProcessConditionCode : code de statut « 299 » inconnu" in text, text
    assert "montant « douze » illisible" in text


def test_an_xml_that_is_not_a_cdar_is_refused() -> None:
    with pytest.raises(StatusFileError, match="message CDAR attendu"):
        read_cdar(b"<Document><BkToCstmrStmt/></Document>", "camt.xml")


@pytest.mark.parametrize(
    "hostile",
    [
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<CrossDomainAcknowledgementAndResponse>&b;</CrossDomainAcknowledgementAndResponse>",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<CrossDomainAcknowledgementAndResponse>&x;</CrossDomainAcknowledgementAndResponse>",
        b"<CrossDomainAcknowledgementAndResponse><AcknowledgementDocument>",
    ],
    ids=["entity-expansion", "external-entity", "truncated"],
)
def test_hostile_xml_is_refused_before_it_is_read(hostile: bytes) -> None:
    with pytest.raises(XmlRefused):
        read_cdar(hostile, "hostile.xml")


def test_a_platform_csv_gives_one_status_per_code() -> None:
    data = (FIXTURES / "einvoicing" / "statuts_tous_codes.csv").read_bytes()
    statuses = read_status_rows(data, "statuts.csv")
    assert [s.code for s in statuses] == list(range(200, 214))
    by_code = {s.code: s for s in statuses}
    assert by_code[204].on == date(2026, 10, 1)  # « 204 Prise en charge »
    assert by_code[208].code == 208  # the label alone
    assert (by_code[206].approved, by_code[206].disputed) == (Decimal("900"), Decimal("300"))
    assert by_code[210].reason == "commande annulée" and by_code[210].where == "ligne 12"


def test_a_platform_json_export_is_read() -> None:
    data = (FIXTURES / "einvoicing" / "statuts.json").read_bytes()
    partial, held = read_status_rows(data, "statuts.json")
    assert (partial.code, partial.approved, partial.on) == (206, Decimal("900.00"),
                                                           date(2026, 10, 3))  # fmt: skip
    assert (held.code, held.on, held.reason, held.where) == (211, date(2026, 10, 8), "",
                                                             "entrée 2")  # fmt: skip


def test_a_csv_with_problems_is_refused_whole_with_each_line() -> None:
    data = (
        "numéro de facture,SIREN,code statut,date,montant approuvé\n"
        "F-1,732829320,207,06/10/2026,\n"
        "F-2,12345,207,31/02/2026,\n"
        ",732829320,En retard,06/10/2026,12.345\n"
    ).encode()
    with pytest.raises(StatusFileError) as refused:
        read_status_rows(data, "s.csv")
    text = str(refused.value)
    assert "ligne 3, SIREN : SIREN « 12345 » : 9 chiffres attendus" in text, text
    assert "ligne 3, date : date « 31/02/2026 » illisible" in text
    assert "ligne 4, numéro de facture : valeur absente" in text
    assert "ligne 4, code statut : code de statut « En retard » inconnu" in text
    assert "ligne 4, montant approuvé : montant « 12.345 » illisible" in text


def test_missing_columns_a_float_amount_and_a_wrong_encoding_are_refused() -> None:
    with pytest.raises(StatusFileError, match="ligne 1, code statut : colonne absente"):
        read_status_rows(b"facture;date\nF-1;06/10/2026\n", "s.csv")
    floats = b'[{"facture": "F-1", "code": 206, "date": "2026-10-06", "montant approuve": 9.5}]'
    with pytest.raises(StatusFileError, match="entrée 1, montant approuve : montant décimal"):
        read_status_rows(floats, "s.json")
    with pytest.raises(StatusFileError, match="pas en UTF-8"):
        read_status_rows("facture;code;date\nF-é;207;06/10/2026\n".encode("cp1252"), "s.csv")
    with pytest.raises(StatusFileError, match="ligne 1, JSON : illisible"):
        read_status_rows(b"[{", "s.json")
