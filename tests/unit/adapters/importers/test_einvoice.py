"""The e-invoice reader (``adapters.importers.einvoice``): the real Factur-X, CII and UBL files
of four projects, read in place from ``../shared`` with the values their sources give; then
hostile input, each refused with a French message naming why."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfWriter

from recouvre.adapters.importers.einvoice import open_einvoice, read_einvoice
from recouvre.services.imports.einvoice_documents import DocumentKind, EInvoice, Term, describe
from support.paths import shared_file

CREDIT = DocumentKind.CREDIT_NOTE
INVOICE = DocumentKind.INVOICE


def real(name: str) -> EInvoice:
    read = open_einvoice(shared_file(f"data/thirdparty/einvoice/{name}"))
    assert read.issues == (), [describe(i) for i in read.issues]
    assert read.document is not None
    return read.document


def refused(data: bytes) -> str:
    read = read_einvoice(data, "facture.xml")
    assert read.document is None and read.issues
    return " | ".join(describe(i) for i in read.issues)


# (file, kind, number, issue date, due date, due payable, prepaid, seller SIREN, buyer SIREN)
REAL_FILES = [
    ("corpus_FNFE_Facture_FR_BASICWL.pdf", INVOICE, "FA-2017-0010", date(2017, 11, 13),
     date(2017, 12, 13), "470.15", "201.00", "999999998", "787878784"),
    ("corpus_FNFE_Avoir_FR_type381_BASIC.pdf", CREDIT, "AV-2017-0005", date(2017, 11, 16),
     date(2017, 11, 16), "233.47", "0.00", "999999998", "787878784"),
    ("akretion_factur-x-en16931.xml", INVOICE, "F20260023", date(2026, 1, 31), date(2026, 3, 2),
     "104.90", "0.00", "123456782", None),
    ("akretion_factur-x-basic.xml", INVOICE, "F20260023", date(2026, 1, 31), date(2026, 3, 2),
     "104.90", "0.00", "123456782", None),
    ("akretion_factur-x-extended.xml", INVOICE, "F20260023", date(2026, 1, 31), date(2026, 3, 2),
     "104.90", "0.00", "123456782", None),
    ("akretion_factur-x-minimum.xml", INVOICE, "F20260023", date(2026, 1, 31), None,
     "104.90", "0", "123456782", None),
    ("akretion_ubl-21-en16931.xml", INVOICE, "F124212", date(2026, 6, 17), date(2026, 7, 16),
     "208.03", "100.00", "999999998", "787878784"),
    ("akretion_ubl-21-extended-ctc-fr.xml", INVOICE, "F124212", date(2026, 6, 17),
     date(2026, 7, 16), "208.03", "100.00", "999999998", "787878784"),
    ("corpus_EN16931_Einfach_DueDate.ubl.xml", INVOICE, "471102", date(2018, 3, 5),
     date(2019, 3, 5), "529.87", "0", None, None),
    ("corpus_EN16931_Einfach_negativePaymentDue.ubl.xml", CREDIT, "471102", date(2018, 3, 5),
     None, "529.87", "0", None, None),
    ("corpus_EN16931_Rechnungskorrektur.ubl.xml", CREDIT, "RK21012345", date(2018, 9, 16), None,
     "8.79", "0", None, None),
    ("corpus_ubl-tc434-creditnote1.xml", CREDIT, "018304 / 28865", date(2019, 9, 23), None,
     "100.11", "0", None, None),
    ("corpus_ZUGFeRD-invoice_rabatte_3_abschlag_duepayableamount.xml", INVOICE, "ST-1499",
     date(2019, 7, 26), None, "14.74", "50.00", None, None),
    ("corpus_mustang_testout-ZF2PushCreditNote.xml", CREDIT, "123", date(2020, 12, 22),
     date(2020, 12, 22), "3.57", "0", None, None),
    ("corpus_XRECHNUNG_Einfach.cii.xml", INVOICE, "471102", date(2024, 11, 15), None, "529.87",
     "0", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind", "number", "issued", "due", "payable", "prepaid", "seller", "buyer"),
    REAL_FILES,
    ids=[row[0] for row in REAL_FILES],
)
def test_real_files_read_as_their_sources_say(
    name: str, kind: DocumentKind, number: str, issued: date, due: date | None, payable: str,
    prepaid: str, seller: str | None, buyer: str | None,
) -> None:  # fmt: skip
    document = real(name)
    assert (document.kind, document.number, document.issue_date) == (kind, number, issued)
    assert document.due_date == due
    assert document.due_payable == Decimal(payable) and document.prepaid == Decimal(prepaid)
    assert (document.seller_siren, document.buyer_siren) == (seller, buyer)


def test_fnfe_invoice_says_its_total_prepayment_buyer_and_payment_reference() -> None:
    document = real("corpus_FNFE_Facture_FR_BASICWL.pdf")
    assert document.grand_total == Decimal("671.15")
    assert document.payment_reference == "FA-2017-0010"
    assert (document.buyer_name, document.buyer_postal_code, document.buyer_city) == (
        "Ma jolie boutique", "69001", "Lyon"
    )
    assert document.buyer_address == "35 rue de la République"
    assert document.where(Term.DUE_PAYABLE).element == "DuePayableAmount"
    assert document.where(Term.DUE_PAYABLE).line is not None


def test_credit_note_names_the_invoice_it_corrects() -> None:
    document = real("corpus_FNFE_Avoir_FR_type381_BASIC.pdf")
    assert (document.type_code, document.preceding_invoice) == ("381", "FA-2017-0010")


def test_akretion_payment_reference_and_the_wrong_buyer_siren_said() -> None:
    document = real("akretion_factur-x-en16931.xml")
    assert document.payment_reference == "F20260023BUYER"
    [notice] = document.notices  # 987654321 has a wrong Luhn key: left out, and said once
    assert "987654321" in notice and "clé de contrôle" in notice


def test_ubl_datetime_in_payment_id_is_not_a_payment_reference() -> None:
    document = real("akretion_ubl-21-en16931.xml")
    assert document.payment_reference is None
    assert any("2026-06-17 00:00:00" in n for n in document.notices)


def test_ubl_creditnote_root_with_bom_is_a_credit_note() -> None:
    raw = shared_file("data/thirdparty/einvoice/corpus_ubl-tc434-creditnote1.xml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert real("corpus_ubl-tc434-creditnote1.xml").flavor == "ubl-2.1-creditnote"


def test_zugferd_1_is_refused_in_french() -> None:
    data = shared_file("data/thirdparty/einvoice/akretion_zugferd-comfort.xml").read_bytes()
    message = refused(data)
    assert "ZUGFeRD 1.0 non lue" in message and "CrossIndustryDocument" in message


def test_a_lifecycle_status_is_not_an_invoice() -> None:
    data = shared_file(
        "data/thirdparty/einvoice/tiime_cdar_UC1_F202500003_01-CDV-200_Deposee.xml"
    ).read_bytes()
    assert "n'est pas une facture" in refused(data)


# --- Hostile input -------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">
&lol3;</rsm:CrossIndustryInvoice>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&xxe;</ID></Invoice>"""


def test_entity_expansion_is_refused() -> None:
    assert "entité interdite" in refused(BILLION_LAUGHS)


def test_external_entity_is_refused() -> None:
    message = refused(EXTERNAL_ENTITY)
    assert "entité interdite" in message and "root:" not in message


def test_truncated_xml_is_refused() -> None:
    data = shared_file("data/thirdparty/einvoice/akretion_factur-x-en16931.xml").read_bytes()
    assert "XML illisible" in refused(data[: len(data) // 2])


def _pdf(attachment: bytes | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if attachment is not None:
        writer.add_attachment("factur-x.xml", attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_without_embedded_xml_is_refused() -> None:
    assert "PDF sans facture électronique" in refused(_pdf())


def test_entity_bomb_inside_a_pdf_is_screened_too() -> None:
    assert "entité interdite" in refused(_pdf(BILLION_LAUGHS))


def test_missing_number_and_amount_are_named_with_their_element_line() -> None:
    data = shared_file("data/thirdparty/einvoice/akretion_factur-x-minimum.xml").read_bytes()
    text = data.decode("utf-8-sig")
    text = text.replace("<ram:ID>F20260023</ram:ID>", "<ram:ID></ram:ID>", 1)
    message = refused(text.encode())
    assert "élément « ID (BT-1, numéro de facture) » : valeur obligatoire manquante" in message
    assert message.startswith("ligne ")


def test_unreadable_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "facture.pdf"
    path.write_bytes(b"%PDF-1.7\n%broken")
    read = open_einvoice(path)
    assert read.document is None and "PDF" in describe(read.issues[0])
