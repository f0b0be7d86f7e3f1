"""Money in, end to end (issue 13): reminders planned, a camt.053 imported whose transfer quotes
the RF reference printed on the case's letters, and the next run sends nothing to that debtor;
the case is closed with the payment in its journal. A partial payment quoting an invoice
number, a transfer quoting nothing and a bank fee are kept and said; the same statement again
applies nothing twice; an unknown account is refused naming its IBAN, nothing written."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.domain.creditor_reference import creditor_reference, printed
from recouvre.entrypoints.cli.commands import app
from support.camt_files import Entry, Tx, camt053
from support.cfonb_files import complement, move, statement

runner = CliRunner()
IBAN = "FR7630006000011234567890189"
HEADER = "numéro de facture;date de facture;date d'échéance;montant TTC;raison sociale;SIREN;email"
LINES = (
    "F-2026-0100;01/09/2026;30/09/2026;1200,00;Métallerie Lorraine SARL;552100554;a@example.org",
    "F-2026-0200;01/09/2026;30/09/2026;500,00;Boulangerie Schmitt;300000163;b@example.org",
)


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout + result.stderr


def ok_json(env: dict[str, str], *args: str) -> object:
    code, out = cli(env, *args, "--json")
    assert code == 0, out
    return json.loads(out)


@pytest.fixture
def portfolio(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    invoices = tmp_path / "factures.csv"
    invoices.write_text("\n".join((HEADER, *LINES)) + "\n", encoding="utf-8")
    assert cli(cli_env, "init")[0] == 0
    code, out = cli(cli_env, "import", "invoices", str(invoices), "--creditor", "732829320")
    assert code == 0, out
    code, out = cli(cli_env, "creditor", "set", "732829320", "--iban", IBAN)
    assert code == 0, out
    code, out = cli(cli_env, "run", "--on", "2026-10-05", "--sans-envoi")
    assert code == 0, out
    return cli_env


def _case_of(env: dict[str, str], invoice: str) -> str:
    database = env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        (reference,) = db.execute(
            "SELECT c.reference FROM cases c JOIN invoices i ON i.case_id = c.id "
            "WHERE i.number = ?",
            (invoice,),
        ).fetchone()
    return str(reference)


def _pending(env: dict[str, str]) -> set[str]:
    """The cases with an action still to send (queued, awaiting approval or deferred)."""
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        rows = db.execute(
            "SELECT DISTINCT c.reference FROM actions a JOIN cases c ON c.id = a.case_id "
            "WHERE a.status IN ('queued', 'awaiting_approval', 'deferred') "
            "AND a.channel <> 'internal'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def _outstanding(env: dict[str, str], reference: str) -> int:
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        (cents,) = db.execute(
            "SELECT SUM(i.amount_cents - i.paid_cents) FROM invoices i JOIN cases c "
            "ON c.id = i.case_id WHERE c.reference = ?",
            (reference,),
        ).fetchone()
    return int(cents)


def _statement(tmp_path: Path, rf: str, iban: str = IBAN) -> Path:
    entries = [
        Entry("1200.00", ref="BQ-1", value="<Dt>2026-10-08</Dt>",
              txs=[Tx(creditor_ref=rf, debtor="METALLERIE LORRAINE")]),
        Entry("100.00", ref="BQ-2", txs=[Tx(ustrd=("Acompte facture F 2026 0200",))]),
        Entry("50.00", ref="BQ-3", txs=[Tx(ustrd=("cadeau",), debtor="Inconnu")]),
        Entry("3.50", credit=False, ref="BQ-4", txs=[Tx(ustrd=("Frais de tenue de compte",))]),
    ]  # fmt: skip
    path = tmp_path / "releve.xml"
    path.write_bytes(camt053(entries, version=8, iban=iban))
    return path


def test_a_payment_quoting_the_rf_reference_closes_its_case_before_the_next_run(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    paid, partial = _case_of(portfolio, "F-2026-0100"), _case_of(portfolio, "F-2026-0200")
    rf = creditor_reference(paid)
    statement = _statement(tmp_path, printed(rf))
    assert _pending(portfolio) == {paid, partial}  # both reminders queued
    report = ok_json(portfolio, "import", "statement", str(statement))
    assert isinstance(report, dict)
    assert (report["applied"], report["unmatched"], report["ignored"]) == (2, 1, 1)
    assert report["applied_amount"] == "1300.00" and report["closed_cases"] == [paid]
    code, out = cli(portfolio, "import", "statement", str(statement))
    assert code == 0 and "4 ligne(s) dont 4 déjà connue(s)" in out, out
    assert "paiements affectés : 0" in out

    case = ok_json(portfolio, "case", "show", paid)
    assert isinstance(case, dict)
    text = json.dumps(case, ensure_ascii=False)
    assert "closed" in text and "1200" in text, text
    code, shown = cli(portfolio, "case", "show", paid)
    assert code == 0 and "paiement" in shown.lower(), shown

    assert paid not in _pending(portfolio)  # its queued reminder withdrawn at once
    for day in ("2026-10-20", "2026-11-20", "2026-12-20"):
        ok_json(portfolio, "run", "--on", day, "--sans-envoi")
    after = _pending(portfolio)
    assert paid not in after and partial in after, after
    assert _outstanding(portfolio, partial) == 40_000

    code, out = cli(portfolio, "payments", "list")
    assert code == 0, out
    assert "1\u202f200,00\xa0€" in out and f"affecté → {paid}" in out
    assert "non rapproché" in out and "aucune référence" in out
    assert "−3,50\xa0€" in out and "écarté" in out


def test_a_statement_of_an_unknown_account_is_refused_and_writes_nothing(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    other = "FR7610107001011234567890129"
    statement = _statement(tmp_path, "RF18539007547034", iban=other)
    code, out = cli(portfolio, "import", "statement", str(statement))
    assert code != 0 and f"compte {other} inconnu" in out and "Traceback" not in out, out
    assert ok_json(portfolio, "payments", "list") == []


def test_a_hostile_statement_is_refused_with_its_reason(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    bomb = tmp_path / "bombe.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<Document>&b;</Document>",
        encoding="utf-8",
    )
    code, out = cli(portfolio, "import", "statement", str(bomb))
    assert code != 0 and "entité interdite" in out and "rien n'a été enregistré" in out, out
    assert ok_json(portfolio, "payments", "list") == []


def test_a_person_assigns_an_unmatched_payment_or_sets_it_aside(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    paid, partial = _case_of(portfolio, "F-2026-0100"), _case_of(portfolio, "F-2026-0200")
    ok_json(portfolio, "import", "statement", str(_statement(tmp_path, creditor_reference(paid))))
    lines = ok_json(portfolio, "payments", "list", "--statut", "non-rapproche")
    assert isinstance(lines, list)
    [gift] = lines
    code, out = cli(portfolio, "payments", "assign", str(gift["id"]), partial)
    assert code == 0 and f"affectée au dossier {partial} : 50,00\xa0€" in out, out
    assert _outstanding(portfolio, partial) == 35_000  # 500 - 100 - 50
    code, out = cli(portfolio, "payments", "assign", str(gift["id"]), partial)
    assert code != 0 and "déjà traitée" in out and _outstanding(portfolio, partial) == 35_000
    fee = [x for x in ok_json(portfolio, "payments", "list") if not x["credit"]]  # type: ignore[union-attr]
    code, out = cli(portfolio, "payments", "assign", str(fee[0]["id"]), partial)
    assert code != 0 and "déjà traitée" in out, out
    code, out = cli(portfolio, "payments", "ignore", str(gift["id"]), "--motif", "remboursé")
    assert code != 0, out  # applied lines are not set aside


def test_a_cfonb_120_statement_pays_the_case_it_names(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    """The French banks' own format: the RIB of the creditor's IBAN (30006 00001 12345678901),
    the payer's reference in a ``05 RCN`` complement."""
    paid = _case_of(portfolio, "F-2026-0100")
    rib = ("30006", "00001", "12345678901")
    path = tmp_path / "releve.cfo"
    path.write_bytes(statement(
        move("081026", Decimal("1200.00"), "VIR SEPA METALLERIE LORRAIN", rib=rib),
        complement("RCN", printed(creditor_reference(paid))),
        complement("NPY", "METALLERIE LORRAINE SARL"),
        rib=rib,
    ))  # fmt: skip
    report = ok_json(portfolio, "import", "statement", str(path))
    assert isinstance(report, dict)
    assert (report["applied"], report["closed_cases"]) == (1, [paid]), report
    assert paid not in _pending(portfolio)


def test_what_is_paid_beyond_the_principal_due_never_goes_silently_on_a_later_invoice(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    """The debtor pays what the letter claimed (principal, penalties and the 40 € indemnity):
    the principal due is settled, the rest is kept apart to be assigned, and an invoice not yet
    due is not paid in advance behind the debtor's back (C. civ. 1342-10)."""
    later = tmp_path / "a-echoir.csv"
    later.write_text(
        f"{HEADER}\nF-2026-0300;01/10/2026;31/12/2026;300,00;Métallerie Lorraine SARL;"
        "552100554;a@example.org\n",
        encoding="utf-8",
    )
    code, out = cli(portfolio, "import", "invoices", str(later), "--creditor", "732829320")
    assert code == 0, out
    paid = _case_of(portfolio, "F-2026-0100")
    assert _case_of(portfolio, "F-2026-0300") == paid
    path = tmp_path / "releve.xml"
    path.write_bytes(camt053([Entry("1290.00", ref="BQ-9", value="<Dt>2026-10-08</Dt>",
                                    txs=[Tx(creditor_ref=creditor_reference(paid))])]))  # fmt: skip
    path.write_bytes(path.read_bytes().replace(b"FR7630004000031234567890143", IBAN.encode()))
    report = ok_json(portfolio, "import", "statement", str(path))
    assert isinstance(report, dict)
    assert (report["applied_amount"], report["surplus_amount"]) == ("1200.00", "90.00")
    assert _outstanding(portfolio, paid) == 30_000  # F-2026-0300 untouched
    [line] = ok_json(portfolio, "payments", "list")  # type: ignore[misc]
    assert "90.00 € au-delà de ce qui est échu" in line["reason"], line


def test_an_ofx_export_pays_the_case_it_names(portfolio: dict[str, str], tmp_path: Path) -> None:
    paid = _case_of(portfolio, "F-2026-0100")
    memo = f"VIR SEPA {printed(creditor_reference(paid))}"
    path = tmp_path / "releve.ofx"
    path.write_bytes(
        (
            "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
            "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
            "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
            "<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>30006<BRANCHID>00001"
            "<ACCTID>12345678901<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>"
            "<DTSTART>20261001<DTEND>20261009<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261008"
            f"<TRNAMT>1200,00<FITID>OFX-1<NAME>METALLERIE LORRAINE<MEMO>{memo}</STMTTRN>"
            "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
        ).encode("cp1252")
    )
    report = ok_json(portfolio, "import", "statement", str(path))
    assert isinstance(report, dict)
    assert (report["applied"], report["closed_cases"]) == (1, [paid]), report


def test_the_run_says_when_statements_are_not_current_and_can_hold_the_sending(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    quiet = ok_json(portfolio, "run", "--on", "2026-10-06", "--sans-envoi")
    assert isinstance(quiet, dict) and quiet["stale_statements"] == []  # none ever imported
    paid = _case_of(portfolio, "F-2026-0100")
    ok_json(portfolio, "import", "statement", str(_statement(tmp_path, creditor_reference(paid))))
    code, out = cli(portfolio, "run", "--on", "2026-12-10", "--sans-envoi")
    assert code == 0 and "attention : " in out and "dernier relevé du" in out, out
    assert "plus de 3 jour(s)" in out
    held = ok_json(portfolio, "run", "--on", "2026-12-11", "--attendre-releves")
    assert isinstance(held, dict)
    assert held["sending"] == {"error": "envoi suspendu : relevés bancaires pas à jour"}
    fresh = ok_json(portfolio, "run", "--on", "2026-12-05", "--releves-max-jours", "3",
                    "--sans-envoi")  # fmt: skip
    assert isinstance(fresh, dict) and fresh["stale_statements"] == []


def test_case_show_names_what_is_not_yet_due_apart(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    later = tmp_path / "a-echoir.csv"
    later.write_text(
        f"{HEADER}\nF-2099-0001;01/10/2026;31/12/2099;300,00;Métallerie Lorraine SARL;"
        "552100554;a@example.org\n",
        encoding="utf-8",
    )
    assert cli(portfolio, "import", "invoices", str(later), "--creditor", "732829320")[0] == 0
    code, out = cli(portfolio, "case", "show", _case_of(portfolio, "F-2099-0001"))
    assert code == 0, out
    assert "principal : 1\u202f500,00\xa0€ (dont 300,00\xa0€ à échoir, pas encore exigibles)" in out
