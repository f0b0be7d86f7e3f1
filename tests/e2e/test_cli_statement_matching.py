"""Matching and applying payments, end to end (issue 13).

A payment the bank takes back: a camt.053 pays a case and closes it, a later reversal
(``RvslInd``) of that payment reopens the case, says so in its journal with both lines'
references, and the next run plans the reminder again. A returned debit imported before the
payment it undoes waits in review, then undoes the payment as soon as it arrives. A payer's
IBAN once applied names its debtor next time; a payment equal to several due invoices pays
exactly those."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.domain.creditor_reference import creditor_reference, printed
from recouvre.entrypoints.cli.commands import app
from support.camt_files import Entry, Tx, camt053

runner = CliRunner()
IBAN = "FR7630006000011234567890189"
PAYER = "FR7617569000305147938769E47"
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


def _db(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


def _case_of(env: dict[str, str], invoice: str) -> str:
    with _db(env) as db:
        (reference,) = db.execute(
            "SELECT c.reference FROM cases c JOIN invoices i ON i.case_id = c.id "
            "WHERE i.number = ?",
            (invoice,),
        ).fetchone()
    return str(reference)


def _pending(env: dict[str, str]) -> set[str]:
    with _db(env) as db:
        rows = db.execute(
            "SELECT DISTINCT c.reference FROM actions a JOIN cases c ON c.id = a.case_id "
            "WHERE a.status IN ('queued', 'awaiting_approval', 'deferred') "
            "AND a.channel <> 'internal'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def _state(env: dict[str, str], reference: str) -> tuple[str, int]:
    with _db(env) as db:
        phase, owed = db.execute(
            "SELECT c.phase, SUM(i.amount_cents - i.paid_cents) FROM cases c JOIN invoices i "
            "ON i.case_id = c.id WHERE c.reference = ? GROUP BY c.phase",
            (reference,),
        ).fetchone()
    return str(phase), int(owed)


def _file(tmp_path: Path, name: str, *entries: Entry) -> Path:
    path = tmp_path / name
    path.write_bytes(camt053(list(entries), version=8, iban=IBAN))
    return path


def test_a_reversal_reopens_the_case_its_payment_had_closed_and_the_run_reminds_again(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    paid = _case_of(portfolio, "F-2026-0100")
    rf = printed(creditor_reference(paid))
    payer = Tx(creditor_ref=rf, debtor="METALLERIE LORRAINE", debtor_iban=PAYER)
    payment = _file(tmp_path, "paiement.xml",
                    Entry("1200.00", ref="BQ-1", value="<Dt>2026-10-08</Dt>", txs=[payer]))
    report = ok_json(portfolio, "import", "statement", str(payment))
    assert isinstance(report, dict) and report["closed_cases"] == [paid], report
    assert _state(portfolio, paid) == ("closed", 0) and paid not in _pending(portfolio)

    reversal = _file(tmp_path, "contre-passation.xml", Entry(
        "1200.00", credit=False, reversal=True, ref="BQ-R1", value="<Dt>2026-10-12</Dt>",
        txs=[payer],
    ))  # fmt: skip
    code, out = cli(portfolio, "import", "statement", str(reversal))
    assert code == 0, out
    assert "paiements annulés par la banque (contre-passation) : 1" in out, out
    assert _state(portfolio, paid) == ("amicable", 120_000)  # its statement owes again

    shown = json.dumps(ok_json(portfolio, "case", "show", paid), ensure_ascii=False)
    assert "paiement annulé par la banque (contre-passation)" in shown, shown
    assert "BQ-R1" in shown and "BQ-1" in shown and "case_reopened" in shown, shown

    listed = ok_json(portfolio, "payments", "list")
    assert isinstance(listed, list)
    assert sorted(x["status"] for x in listed) == ["reversal", "reversed"], listed
    code, out = cli(portfolio, "payments", "list")
    assert "annulé par la banque" in out and "contre-passation" in out, out

    code, out = cli(portfolio, "import", "statement", str(reversal))  # twice: nothing more
    assert code == 0 and "paiements annulés" not in out, out
    assert _state(portfolio, paid) == ("amicable", 120_000)

    ok_json(portfolio, "run", "--on", "2026-10-20", "--sans-envoi")
    assert paid in _pending(portfolio)  # the reminder is planned again


def test_a_returned_debit_imported_first_waits_then_undoes_its_payment(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    paid = _case_of(portfolio, "F-2026-0100")
    rf = printed(creditor_reference(paid))
    returned = _file(tmp_path, "impaye.xml", Entry(
        "1200.00", credit=False, ref="BQ-R2", value="<Dt>2026-10-12</Dt>",
        txs=[Tx(bank_ref="TX-77", ustrd=("IMPAYE PRLV SEPA",), debtor="METALLERIE LORRAINE")],
    ))  # fmt: skip
    report = ok_json(portfolio, "import", "statement", str(returned))
    assert isinstance(report, dict) and report["review"] == 1, report
    [waiting] = report["lines_detail"]  # type: ignore[misc]
    assert "aucun paiement affecté ne lui correspond" in waiting["reason"], waiting

    payment = _file(tmp_path, "paiement.xml", Entry(
        "1200.00", ref="BQ-2", value="<Dt>2026-10-08</Dt>",
        txs=[Tx(bank_ref="TX-77", creditor_ref=rf, debtor="METALLERIE LORRAINE")],
    ))  # fmt: skip
    report = ok_json(portfolio, "import", "statement", str(payment))
    assert isinstance(report, dict), report
    assert (report["applied"], report["reversed"]) == (1, 1), report
    assert _state(portfolio, paid) == ("amicable", 120_000)
    statuses = {x["status"] for x in ok_json(portfolio, "payments", "list")}  # type: ignore[union-attr]
    assert statuses == {"reversal", "reversed"}
    ok_json(portfolio, "run", "--on", "2026-10-20", "--sans-envoi")
    assert paid in _pending(portfolio)


def test_a_reversal_matching_no_payment_waits_in_review_with_its_reason(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    stray = _file(tmp_path, "rejet.xml", Entry(
        "77.00", credit=False, reversal=True, ref="BQ-R3", txs=[Tx(debtor="Inconnu")],
    ))  # fmt: skip
    code, out = cli(portfolio, "import", "statement", str(stray))
    assert code == 0 and "à examiner : 1" in out, out
    assert "aucun paiement affecté ne lui correspond" in out, out


def test_a_payer_iban_once_applied_or_confirmed_names_its_debtor_next_time(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    """Issue 13, matching by « the payer's IBAN known for a debtor »: learnt from a payment
    applied automatically, or from one a person confirmed (``payments assign``)."""
    metal, bakery = _case_of(portfolio, "F-2026-0100"), _case_of(portfolio, "F-2026-0200")
    other = "FR7610107001011234567890129"
    first = _file(tmp_path, "r1.xml",
        Entry("200.00", ref="BQ-1", txs=[Tx(creditor_ref=printed(creditor_reference(metal)),
                                            debtor="M. et Mme Kieffer", debtor_iban=PAYER)]),
        Entry("50.00", ref="BQ-2", txs=[Tx(ustrd=("merci",), debtor="J. Schmitt",
                                           debtor_iban=other)]),
    )  # fmt: skip
    report = ok_json(portfolio, "import", "statement", str(first))
    assert isinstance(report, dict) and (report["applied"], report["unmatched"]) == (1, 1)
    unmatched = [x for x in ok_json(portfolio, "payments", "list")  # type: ignore[union-attr]
                 if x["status"] == "unmatched"]  # fmt: skip
    code, out = cli(portfolio, "payments", "assign", str(unmatched[0]["id"]), bakery)
    assert code == 0, out

    later = _file(tmp_path, "r2.xml",
        Entry("300.00", ref="BQ-3", txs=[Tx(ustrd=("virement",), debtor="KIEFFER",
                                            debtor_iban=PAYER)]),
        Entry("100.00", ref="BQ-4", txs=[Tx(ustrd=("solde",), debtor="JS",
                                            debtor_iban=other)]),
    )  # fmt: skip
    report = ok_json(portfolio, "import", "statement", str(later))
    assert isinstance(report, dict) and report["applied"] == 2, report
    reasons = [x["reason"] for x in report["lines_detail"]]  # type: ignore[index]
    assert all("IBAN déjà connu pour ce débiteur" in r for r in reasons), reasons
    assert _state(portfolio, metal) == ("amicable", 70_000)  # 1 200 - 200 - 300
    assert _state(portfolio, bakery) == ("amicable", 35_000)  # 500 - 50 - 100


def _paid(env: dict[str, str]) -> dict[str, int]:
    with _db(env) as db:
        return dict(db.execute("SELECT number, paid_cents FROM invoices").fetchall())


def test_a_payment_equal_to_several_due_invoices_pays_exactly_those(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    more = tmp_path / "autres.csv"
    debtor = "Métallerie Lorraine SARL;552100554;a@example.org"
    more.write_text(
        f"{HEADER}\nF-2026-0300;01/09/2026;10/10/2026;200,00;{debtor}\n"
        f"F-2026-0400;01/09/2026;15/10/2026;300,00;{debtor}\n",
        encoding="utf-8",
    )
    code, out = cli(portfolio, "import", "invoices", str(more), "--creditor", "732829320")
    assert code == 0, out
    paid = _file(tmp_path, "r.xml", Entry(
        "1500.00", ref="BQ-1", value="<Dt>2026-10-20</Dt>",
        txs=[Tx(ustrd=("VIR SEPA",), debtor="METALLERIE LORRAINE", debtor_iban=PAYER)],
    ))  # fmt: skip
    report = ok_json(portfolio, "import", "statement", str(paid))
    assert isinstance(report, dict) and report["applied_amount"] == "1500.00", report
    [line] = report["lines_detail"]  # type: ignore[misc]
    assert "montant des factures F-2026-0100, F-2026-0400" in line["reason"], line
    paid_by_invoice = _paid(portfolio)  # oldest first would have paid F-2026-0300 instead
    assert (paid_by_invoice["F-2026-0100"], paid_by_invoice["F-2026-0300"],
            paid_by_invoice["F-2026-0400"]) == (120_000, 0, 30_000)  # fmt: skip


def test_a_creditor_s_own_threshold_sends_payments_below_it_to_review_with_candidates(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    bakery = _case_of(portfolio, "F-2026-0200")
    code, out = cli(portfolio, "payments", "threshold", "732829320")
    assert code == 0 and "732829320 : 80" in out, out
    code, out = cli(portfolio, "payments", "threshold", "732829320", "150")
    assert code != 0 and "un nombre de 1 à 100" in out and "Traceback" not in out, out
    code, out = cli(portfolio, "payments", "threshold", "732829320", "95")
    assert code == 0 and "732829320 : 95" in out, out

    cited = _file(tmp_path, "r.xml", Entry(
        "500.00", ref="BQ-1", txs=[Tx(ustrd=("Règlement facture F 2026 0200",), debtor="BS")],
    ))  # fmt: skip
    code, out = cli(portfolio, "import", "statement", str(cited))
    assert code == 0 and "paiements affectés : 0" in out and "à examiner : 1" in out, out
    assert _state(portfolio, bakery) == ("amicable", 50_000)  # not applied: 90 < 95

    code, out = cli(portfolio, "payments", "review")
    assert code == 0, out
    assert f"candidat {bakery} : confiance 90 — facture F-2026-0200 citée" in out, out
    [item] = ok_json(portfolio, "payments", "review")  # type: ignore[misc]
    best = item["candidates"][0]
    assert (best["case"], best["confidence"]) == (bakery, 90), item
    assert f"recouvre payments assign {item['id']} {bakery}" in out

    code, out = cli(portfolio, "payments", "assign", str(item["id"]))  # confirms the candidate
    assert code == 0 and "500,00" in out, out
    assert _state(portfolio, bakery) == ("closed", 0)
    code, out = cli(portfolio, "payments", "review")
    assert code == 0 and "Aucune ligne à examiner." in out, out
