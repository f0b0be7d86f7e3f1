"""E-invoices end to end (issue 13): ``recouvre import einvoice`` on the real FNFE Factur-X PDFs
and on a Factur-X the factur-x library writes in the test, then ``recouvre case show``: the
invoice, what was prepaid, what the credit note took off and what is left. Importing again
changes nothing; a credit note before its invoice is kept and deducted when the invoice comes;
a refused file writes nothing and does not stop the others."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfWriter
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.paths import shared_file

runner = CliRunner()


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **env})
    # Amounts are written with a no-break space before the euro sign.
    return result.exit_code, (result.stdout + result.stderr).replace("\xa0", " ")


def thirdparty(name: str) -> str:
    return str(shared_file(f"data/thirdparty/einvoice/{name}"))


INVOICE = "corpus_FNFE_Facture_FR_BASICWL.pdf"
CREDIT_NOTE = "corpus_FNFE_Avoir_FR_type381_BASIC.pdf"


@pytest.fixture
def env(cli_env: dict[str, str]) -> dict[str, str]:
    assert cli(cli_env, "init")[0] == 0
    return cli_env


def rows(env: dict[str, str], query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        return db.execute(query).fetchall()


def counts(env: dict[str, str]) -> tuple[object, ...]:
    tables = ("invoices", "creditors", "einvoice_documents", "cases")
    counted = ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
    return rows(env, f"SELECT {counted}")[0]


def test_fnfe_invoice_then_credit_note_show_in_the_case(env: dict[str, str]) -> None:
    code, out = cli(env, "import", "einvoice", thirdparty(INVOICE))
    assert code == 0, out
    assert "facture FA-2017-0010 créée, dossier ouvert" in out and "créancier 999999998" in out
    code, out = cli(env, "case", "show", "1")
    assert code == 0, out
    assert "Ma jolie boutique (SIREN 787878784)" in out and "69001 Lyon" in out
    assert "671,15 €" in out and "201,00 €" in out and "470,15 €" in out  # total, prepaid, due

    code, out = cli(env, "import", "einvoice", thirdparty(CREDIT_NOTE))
    assert code == 0, out
    assert "avoir AV-2017-0005 : facture FA-2017-0010 671,15 € → 437,68 € (dossier 1)" in out
    code, out = cli(env, "case", "show", "1")
    assert "437,68 €" in out and "236,68 €" in out and "Montant de facture modifié" in out

    # Both again, in the other order: nothing is counted twice, nothing duplicated.
    code, out = cli(env, "import", "einvoice", thirdparty(CREDIT_NOTE), thirdparty(INVOICE))
    assert code == 0, out
    assert "déjà importé : rien ne change" in out and "facture FA-2017-0010 inchangée" in out
    assert rows(env, "SELECT number, amount_cents, paid_cents FROM invoices") == [
        ("FA-2017-0010", 43768, 20100)
    ]
    kept = "SELECT number, kind, invoice_number, payment_reference FROM einvoice_documents"
    assert rows(env, f"{kept} ORDER BY number") == [
        ("AV-2017-0005", "credit_note", "FA-2017-0010", "AV-2017-0005"),
        ("FA-2017-0010", "invoice", None, "FA-2017-0010"),
    ]


def test_credit_note_before_its_invoice_is_kept_then_deducted(env: dict[str, str]) -> None:
    code, out = cli(env, "import", "einvoice", thirdparty(CREDIT_NOTE))
    assert code == 0, out
    assert "facture FA-2017-0010 inconnue" in out and "sera déduit" in out
    code, out = cli(env, "import", "einvoice", thirdparty(INVOICE))
    assert code == 0, out
    assert "avoir(s) déjà importé(s) déduit(s) : 233,47 €" in out
    assert rows(env, "SELECT amount_cents, paid_cents FROM invoices") == [(43768, 20100)]


def test_a_payment_recorded_since_is_not_undone_by_importing_again(env: dict[str, str]) -> None:
    assert cli(env, "import", "einvoice", thirdparty(INVOICE))[0] == 0
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        db.execute("UPDATE invoices SET paid_cents = amount_cents, status = 'paid'")
    code, out = cli(env, "import", "einvoice", thirdparty(INVOICE))
    assert code == 0, out
    assert rows(env, "SELECT paid_cents, status FROM invoices") == [(67115, "paid")]


def _factur_x_pdf() -> bytes:
    """A Factur-X EN 16931 PDF written by the factur-x library: the akretion sample's content
    with another number, a due date, a 50,00 € prepayment and a French buyer's SIREN."""
    import facturx

    data = shared_file("data/thirdparty/einvoice/akretion_factur-x-en16931.xml").read_bytes()
    terms = facturx.parse_ubl_cii_xml(data, check_xsd=False, check_schematron=False)
    terms.update({"BT-1": "RT-2026-001", "BT-9": date(2026, 10, 31), "BT-113": "50.00",
                  "BT-115": "54.90"})  # fmt: skip
    terms["BG-7"]["legal_identifier"] = "552100554"
    terms["BG-7"].pop("vat_identifier", None)
    xml = facturx.generate_cii_xml(terms, level="en16931", check_xsd=True, check_schematron=False)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    page = io.BytesIO()
    writer.write(page)
    pdf: bytes = facturx.generate_from_binary(
        page.getvalue(), xml, check_xsd=True, check_schematron=False
    )
    return pdf


def test_round_trip_of_a_factur_x_written_by_the_library(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "RT-2026-001.pdf"
    path.write_bytes(_factur_x_pdf())
    code, out = cli(env, "import", "einvoice", str(path), "--json")
    assert code == 0, out
    [report] = json.loads(out)["files"]
    assert (report["kind"], report["number"], report["created"]) == ("invoice", "RT-2026-001", 1)
    code, out = cli(env, "case", "show", "1")
    assert code == 0, out
    assert "SIREN 552100554" in out and "104,90 €" in out and "50,00 €" in out
    assert "54,90 €" in out  # what is left to pay after the prepayment
    assert rows(env, "SELECT due_date, amount_cents, paid_cents FROM invoices") == [
        ("2026-10-31", 10490, 5000)
    ]


def test_missing_due_date_takes_the_creditors_term_and_says_so(env: dict[str, str]) -> None:
    code, out = cli(env, "import", "einvoice", thirdparty("akretion_factur-x-minimum.xml"))
    assert code == 0, out
    assert "échéance absente (BT-9) : 30 jours après la date de facture, soit le 02/03/2026" in out
    assert "C. com. L441-10" in out
    code, out = cli(env, "import", "einvoice", thirdparty("akretion_factur-x-minimum.xml"),
                    "--term", "45")  # fmt: skip
    assert code == 0, out and "mise à jour" in out
    assert rows(env, "SELECT due_date FROM invoices") == [("2026-03-17",)]


def test_refused_files_write_nothing_and_do_not_stop_the_others(
    env: dict[str, str], tmp_path: Path
) -> None:
    bomb = tmp_path / "bombe.xml"
    bomb.write_bytes(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Invoice>&a;'
                     b"</Invoice>")  # fmt: skip
    blank = tmp_path / "simple.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with blank.open("wb") as out_file:
        writer.write(out_file)
    zugferd = thirdparty("akretion_zugferd-comfort.xml")
    code, out = cli(env, "import", "einvoice", str(bomb), zugferd, str(blank))
    assert code == 1
    assert "bombe.xml : refusé, rien n'a été enregistré" in out and "entité interdite" in out
    assert "ZUGFeRD 1.0 non lue" in out and "PDF sans facture électronique" in out
    assert "Traceback" not in out
    assert counts(env) == (0, 0, 0, 0)

    code, out = cli(env, "import", "einvoice", str(bomb), thirdparty(INVOICE))
    assert code == 1
    assert "1 fichier(s) importé(s), 1 refusé(s)" in out
    assert counts(env) == (1, 1, 1, 1)


def test_foreign_seller_needs_the_creditor_named(env: dict[str, str]) -> None:
    name = thirdparty("corpus_EN16931_Einfach_DueDate.ubl.xml")
    code, out = cli(env, "import", "einvoice", name)
    assert code == 1 and "vendeur sans SIREN (BT-30)" in out and "--creditor" in out
    assert "ligne 18, élément « AccountingSupplierParty (BG-4, vendeur) »" in out
    assert counts(env) == (0, 0, 0, 0)
    code, out = cli(env, "import", "einvoice", name, "--creditor", "732829320")
    assert code == 0, out
    assert rows(env, "SELECT number, due_date, amount_cents FROM invoices") == [
        ("471102", "2019-03-05", 52987)
    ]


def test_credit_note_without_invoice_reference_is_kept_and_reported(env: dict[str, str]) -> None:
    name = thirdparty("corpus_EN16931_Einfach_negativePaymentDue.ubl.xml")
    code, out = cli(env, "import", "einvoice", name, "--creditor", "732829320")
    assert code == 0, out
    assert "sans facture d'origine (BT-25) : gardé" in out
    assert rows(env, "SELECT kind, amount_cents FROM einvoice_documents") == [
        ("credit_note", 52987)
    ]
    assert counts(env)[0] == 0
    # An invoice of the same number would silently replace the kept credit note: refused.
    same_number = thirdparty("corpus_EN16931_Einfach_DueDate.ubl.xml")
    code, out = cli(env, "import", "einvoice", same_number, "--creditor", "732829320")
    assert code == 1 and "« 471102 » est déjà importé comme avoir, pas comme facture" in out
    assert counts(env)[0] == 0


def test_english_help_of_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from recouvre.entrypoints.cli.main import main; main()",
         "import", "einvoice", "--help"],
        env={"RECOUVRE_LANG": "en", "PATH": "/usr/bin:/bin", "COLUMNS": "300"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Imports e-invoices" in done.stdout and "Payment term of the creditor" in done.stdout


def _minimum(tmp_path: Path, old: str, new: str) -> str:
    text = shared_file("data/thirdparty/einvoice/akretion_factur-x-minimum.xml").read_text(
        "utf-8-sig"
    )
    assert old in text
    path = tmp_path / "minimum.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def test_pipeline_errors_name_the_xml_element_and_its_line(
    env: dict[str, str], tmp_path: Path
) -> None:
    zero = _minimum(tmp_path, "<ram:DuePayableAmount>104.90", "<ram:DuePayableAmount>0.00")
    code, out = cli(env, "import", "einvoice", zero)
    assert code == 1
    assert ("ligne 54, élément « DuePayableAmount (BT-115, montant à payer) » : montant nul ou "
            "négatif") in out  # fmt: skip
    dollars = _minimum(tmp_path, ">EUR</ram:InvoiceCurrencyCode>", ">USD</ram:InvoiceCurrencyCode>")
    code, out = cli(env, "import", "einvoice", dollars)
    assert code == 1
    assert "ligne 49, élément « InvoiceCurrencyCode (BT-5, devise) » : devise « USD »" in out
    assert counts(env) == (0, 0, 0, 0)


def _credit_note_xml(tmp_path: Path, name: str, amount: str, invoice: str) -> str:
    """The FNFE credit note's own XML (taken out of its PDF), with another amount or invoice."""
    from pypdf import PdfReader

    pdf = PdfReader(shared_file(f"data/thirdparty/einvoice/{CREDIT_NOTE}"))
    text = next(iter(pdf.attachment_list)).content.decode("utf-8")
    text = text.replace(">233.47</ram:DuePayableAmount>", f">{amount}</ram:DuePayableAmount>")
    reference = "</ram:IssuerAssignedID>"
    text = text.replace(f">FA-2017-0010{reference}", f">{invoice}{reference}")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_corrected_credit_note_deducts_only_the_difference(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert cli(env, "import", "einvoice", thirdparty(INVOICE), thirdparty(CREDIT_NOTE))[0] == 0
    corrected = _credit_note_xml(tmp_path, "avoir-corrige.xml", "100.00", "FA-2017-0010")
    code, out = cli(env, "import", "einvoice", corrected)
    assert code == 0, out
    assert "facture FA-2017-0010 437,68 € → 571,15 €" in out  # 671,15 - 100,00
    moved = _credit_note_xml(tmp_path, "avoir-autre.xml", "100.00", "FA-INCONNUE")
    code, out = cli(env, "import", "einvoice", moved, "--json")
    assert code == 0, out
    assert rows(env, "SELECT amount_cents FROM invoices") == [(67115,)]  # given back whole


def test_creditor_option_must_be_the_seller(env: dict[str, str]) -> None:
    code, out = cli(env, "import", "einvoice", thirdparty(INVOICE), "--creditor", "732829320")
    assert code == 1
    assert "le vendeur de la facture (SIREN 999999998) n'est pas le créancier 732829320" in out
    assert counts(env) == (0, 0, 0, 0)
