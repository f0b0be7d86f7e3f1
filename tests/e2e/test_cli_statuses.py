"""E-invoicing lifecycle statuses, end to end (issue 13): invoices imported, reminders planned;
a platform's 207 « En litige » freezes the debtor's case (the next runs plan nothing for it and
the journal shows the status), its 209 « Complétée » resumes it; a 212 « Encaissée » closes the
other case, and ``export statuses`` writes the 212 of every invoice recouvre saw paid. The same
file again applies nothing twice; a file naming an unknown invoice or a hostile XML is refused
with nothing written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
HEADER = "numéro de facture;date de facture;date d'échéance;montant TTC;raison sociale;SIREN;email"
LINES = (
    "F-2026-0100;01/09/2026;30/09/2026;1200,00;Métallerie Lorraine SARL;552100554;a@example.org",
    "F-2026-0200;01/09/2026;30/09/2026;500,00;Boulangerie Schmitt;300000163;b@example.org",
)
STATUS_HEADER = "numéro de facture;SIREN;code statut;date;montant approuvé;motif"


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout + result.stderr


def ok_json(env: dict[str, str], *args: str) -> object:
    code, out = cli(env, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def _db(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


@pytest.fixture
def portfolio(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    invoices = tmp_path / "factures.csv"
    invoices.write_text("\n".join((HEADER, *LINES)) + "\n", encoding="utf-8")
    assert cli(cli_env, "init")[0] == 0
    code, out = cli(cli_env, "import", "invoices", str(invoices), "--creditor", "732829320")
    assert code == 0, out
    code, out = cli(cli_env, "run", "--on", "2026-10-05", "--sans-envoi")
    assert code == 0, out
    return cli_env


def _case_of(env: dict[str, str], invoice: str) -> str:
    with _db(env) as db:
        (reference,) = db.execute(
            "SELECT c.reference FROM cases c JOIN invoices i ON i.case_id = c.id "
            "WHERE i.number = ?",
            (invoice,),
        ).fetchone()
    return str(reference)


def _pending(env: dict[str, str]) -> set[str]:
    """The cases with an action still to send (queued, awaiting approval or deferred)."""
    with _db(env) as db:
        rows = db.execute(
            "SELECT DISTINCT c.reference FROM actions a JOIN cases c ON c.id = a.case_id "
            "WHERE a.status IN ('queued', 'awaiting_approval', 'deferred') "
            "AND a.channel <> 'internal'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def _actions(env: dict[str, str], reference: str) -> int:
    """How many actions were ever planned for the case (internal notes aside)."""
    with _db(env) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM actions a JOIN cases c ON c.id = a.case_id "
            "WHERE c.reference = ? AND a.channel <> 'internal'",
            (reference,),
        ).fetchone()
    return int(count)


def _statuses(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join((STATUS_HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def _run(env: dict[str, str], *days: str) -> None:
    for day in days:
        code, out = cli(env, "run", "--on", day, "--sans-envoi")
        assert code == 0, out


def test_a_207_freezes_the_case_until_its_209_and_a_212_closes_the_other(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    disputed, cashed = _case_of(portfolio, "F-2026-0100"), _case_of(portfolio, "F-2026-0200")
    assert _pending(portfolio) == {disputed, cashed}
    dispute = _statuses(tmp_path, "litige.csv",
                        "F-2026-0100;552100554;207;06/10/2026;;livraison incomplète")  # fmt: skip
    code, out = cli(portfolio, "import", "statuses", str(dispute))
    assert code == 0, out
    assert f"F-2026-0100 ({disputed}) : 207 « En litige » — litige ouvert" in out, out
    assert _pending(portfolio) == {cashed}  # the reminder waiting for it withdrawn at once
    planned = _actions(portfolio, disputed)
    _run(portfolio, "2026-10-20", "2026-11-05")
    assert disputed not in _pending(portfolio)
    assert _actions(portfolio, disputed) == planned  # the runs planned nothing for it
    code, shown = cli(portfolio, "case", "show", disputed)
    assert code == 0 and "207" in shown and "En litige" in shown and "livraison" in shown, shown

    code, out = cli(portfolio, "import", "statuses", str(dispute))
    assert code == 0 and "1 statut(s) dans litige.csv, dont 1 déjà connu(s)" in out, out

    completed = _statuses(tmp_path, "complete.csv", "F-2026-0100;552100554;209;06/11/2026;;")
    code, out = cli(portfolio, "import", "statuses", str(completed))
    assert code == 0 and "le recouvrement reprend" in out, out
    _run(portfolio, "2026-11-20")
    assert _actions(portfolio, disputed) > planned
    assert disputed in _pending(portfolio)

    paid = _statuses(tmp_path, "encaisse.csv", "F-2026-0200;732829320;212;12/11/2026;;")
    report = ok_json(portfolio, "import", "statuses", str(paid))
    assert isinstance(report, dict)
    [outcome] = report["applied"]
    assert outcome["effect"] == "paiement de 500,00 € enregistré : facture soldée ; dossier clos"
    assert cashed not in _pending(portfolio)
    case = ok_json(portfolio, "case", "show", cashed)
    assert isinstance(case, dict) and "closed" in json.dumps(case), case

    code, out = cli(portfolio, "export", "statuses", "--creditor", "732829320")
    assert code == 0, out
    assert out.splitlines() == [
        "numéro de facture;SIREN;code statut;libellé;date;montant encaissé",
    ], out  # the platform told recouvre of the 212 itself: nothing to send back


def test_export_writes_a_212_for_an_invoice_paid_in_recouvre(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    paid = _case_of(portfolio, "F-2026-0200")
    code, out = cli(portfolio, "event", "payment", paid, "--montant", "500", "--on", "2026-10-12")
    assert code == 0, out
    target = tmp_path / "statuts-212.csv"
    code, out = cli(portfolio, "export", "statuses", "--creditor", "732829320", "--out",
                    str(target))  # fmt: skip
    assert code == 0 and "1 statut(s) 212 « Encaissée » écrit(s)" in out, out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "numéro de facture;SIREN;code statut;libellé;date;montant encaissé",
        "F-2026-0200;732829320;212;Encaissée;12/10/2026;500,00",
    ]
    # recouvre reads its own export back: the invoice is already settled, nothing changes
    report = ok_json(portfolio, "import", "statuses", str(target))
    assert isinstance(report, dict)
    assert report["applied"][0]["effect"] == "facture déjà soldée ou retirée : statut enregistré"
    code, out = cli(portfolio, "export", "statuses", "--creditor", "999999999")
    assert code != 0 and "SIREN 999999999 inconnu" in out and "Traceback" not in out, out


def test_a_file_naming_an_unknown_invoice_is_refused_whole(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    disputed = _case_of(portfolio, "F-2026-0100")
    bad = _statuses(tmp_path, "statuts.csv",
                    "F-2026-0100;552100554;207;06/10/2026;;",
                    "F-9999;552100554;210;06/10/2026;;")  # fmt: skip
    code, out = cli(portfolio, "import", "statuses", str(bad))
    assert code != 0 and "Traceback" not in out, out
    assert "ligne 3, facture « F-9999 » : inconnue" in out and "rien n'a été enregistré" in out
    assert disputed in _pending(portfolio)  # the 207 of line 2 was not applied
    with _db(portfolio) as db:
        assert db.execute("SELECT COUNT(*) FROM invoice_statuses").fetchone() == (0,)
        kinds = {k for (k,) in db.execute("SELECT kind FROM journal_entries")}
    assert "invoice_status_received" not in kinds and "dispute_opened" not in kinds


def test_a_hostile_cdar_is_refused(portfolio: dict[str, str], tmp_path: Path) -> None:
    bomb = tmp_path / "cdar.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<CrossDomainAcknowledgementAndResponse>&b;</CrossDomainAcknowledgementAndResponse>",
        encoding="utf-8",
    )
    code, out = cli(portfolio, "import", "statuses", str(bomb))
    assert code != 0 and "entité interdite" in out and "Traceback" not in out, out
