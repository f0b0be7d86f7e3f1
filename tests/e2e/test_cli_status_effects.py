"""What each lifecycle status does to collection (issue 13), through ``recouvre import
statuses`` and the daily run: 200-205 recorded only; 206 lowers the invoice to the approved
amount and opens a dispute; 208 suspends until 209; 209 resumes only when no other invoice of
the case is still disputed or suspended; 211 holds the reminders for the days asked; 210 takes
one invoice out of a case that goes on; 213 closes a case left with nothing to collect."""

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
    "F-A1;01/09/2026;30/09/2026;1200,00;Métallerie Lorraine SARL;552100554;a@example.org",
    "F-A2;01/09/2026;30/09/2026;300,00;Métallerie Lorraine SARL;552100554;a@example.org",
    "F-B1;01/09/2026;30/09/2026;500,00;Boulangerie Schmitt;300000163;b@example.org",
    "F-C1;01/09/2026;30/09/2026;800,00;Garage Müller SAS;383474814;c@example.org",
)
STATUS_HEADER = "numéro de facture;SIREN;code statut;date;montant approuvé;motif"


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout + result.stderr


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


def _case(env: dict[str, str], invoice: str) -> tuple[str, str, str | None, str]:
    """(reference, phase, closure, plan status) of the invoice's case."""
    with _db(env) as db:
        row = db.execute(
            "SELECT c.reference, c.phase, c.closure, p.status FROM cases c "
            "JOIN invoices i ON i.case_id = c.id LEFT JOIN case_plans p ON p.case_id = c.id "
            "WHERE i.number = ?",
            (invoice,),
        ).fetchone()
    return row[0], row[1], row[2], row[3]


def _invoice(env: dict[str, str], number: str) -> tuple[int, str]:
    with _db(env) as db:
        row = db.execute(
            "SELECT amount_cents, status FROM invoices WHERE number = ?", (number,)
        ).fetchone()
    return int(row[0]), str(row[1])


def _pending(env: dict[str, str]) -> set[str]:
    with _db(env) as db:
        rows = db.execute(
            "SELECT DISTINCT c.reference FROM actions a JOIN cases c ON c.id = a.case_id "
            "WHERE a.status IN ('queued', 'awaiting_approval', 'deferred') "
            "AND a.channel <> 'internal'"
        ).fetchall()
    return {str(r[0]) for r in rows}


def _kinds(env: dict[str, str], reference: str) -> list[str]:
    with _db(env) as db:
        rows = db.execute(
            "SELECT j.kind FROM journal_entries j WHERE j.stream = "
            "(SELECT 'case:' || id FROM cases WHERE reference = ?) ORDER BY j.seq",
            (reference,),
        ).fetchall()
    return [str(r[0]) for r in rows]


def _import(env: dict[str, str], tmp_path: Path, *rows: str, options: tuple[str, ...] = ()
            ) -> list[dict[str, object]]:  # fmt: skip
    path = tmp_path / f"statuts-{len(list(tmp_path.iterdir()))}.csv"
    path.write_text("\n".join((STATUS_HEADER, *rows)) + "\n", encoding="utf-8")
    code, out = cli(env, "import", "statuses", str(path), *options, "--json")
    assert code == 0, out
    applied = json.loads(out)["applied"]
    assert isinstance(applied, list)
    return applied


def _run(env: dict[str, str], day: str) -> None:
    code, out = cli(env, "run", "--on", day, "--sans-envoi")
    assert code == 0, out


def test_statuses_200_to_205_are_journaled_and_change_nothing(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    case = _case(portfolio, "F-A1")[0]
    before = _pending(portfolio)
    rows = (f"F-A1;732829320;{code};0{code - 199}/10/2026;;" for code in range(200, 206))
    applied = _import(portfolio, tmp_path, *rows)
    unchanged = "statut enregistré, le recouvrement ne change pas"
    assert [a["effect"] for a in applied] == [unchanged] * 6
    assert _pending(portfolio) == before and _case(portfolio, "F-A1")[3] == "active"
    assert _kinds(portfolio, case).count("invoice_status_received") == 6
    assert _invoice(portfolio, "F-A1") == (120_000, "open")


def test_a_206_keeps_the_approved_amount_and_disputes_the_rest(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    case = _case(portfolio, "F-A1")[0]
    [outcome] = _import(portfolio, tmp_path, "F-A1;552100554;206;06/10/2026;900,00;quantités")
    assert outcome["effect"] == "seul 900,00 € est réclamé, litige sur 300,00 €"
    assert _invoice(portfolio, "F-A1") == (90_000, "open")
    assert _case(portfolio, "F-A1")[3] == "frozen" and case not in _pending(portfolio)
    kinds = _kinds(portfolio, case)
    assert kinds.index("invoice_amount_changed") < kinds.index("dispute_opened")
    code, shown = cli(portfolio, "case", "show", case)
    assert code == 0 and "300,00 € contestés" in shown and "206" in shown, shown


def test_a_208_suspends_until_its_209(portfolio: dict[str, str], tmp_path: Path) -> None:
    case = _case(portfolio, "F-B1")[0]
    [outcome] = _import(portfolio, tmp_path, "F-B1;300000163;208;06/10/2026;;bon de commande")
    assert outcome["effect"] == "recouvrement suspendu jusqu'au statut 209 « Complétée »"
    assert _case(portfolio, "F-B1")[3] == "frozen" and case not in _pending(portfolio)
    _run(portfolio, "2026-10-20")
    assert case not in _pending(portfolio)
    [outcome] = _import(portfolio, tmp_path, "F-B1;300000163;209;21/10/2026;;")
    assert outcome["effect"] == "le recouvrement reprend"
    _run(portfolio, "2026-10-22")
    assert _case(portfolio, "F-B1")[3] == "active" and case in _pending(portfolio)


def test_a_209_leaves_the_case_frozen_while_another_invoice_is_disputed(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    _import(portfolio, tmp_path, "F-A1;552100554;207;06/10/2026;;prix",
            "F-A2;552100554;208;06/10/2026;;bon de commande")  # fmt: skip
    [outcome] = _import(portfolio, tmp_path, "F-A1;552100554;209;08/10/2026;;")
    assert outcome["effect"].startswith("d'autres factures du dossier restent")  # type: ignore[union-attr]
    assert _case(portfolio, "F-A1")[3] == "frozen"
    [outcome] = _import(portfolio, tmp_path, "F-A2;552100554;209;09/10/2026;;")
    assert outcome["effect"] == "le recouvrement reprend"
    assert _case(portfolio, "F-A1")[3] == "active"


def test_a_211_holds_the_reminders_for_the_days_asked(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    case = _case(portfolio, "F-B1")[0]
    [outcome] = _import(portfolio, tmp_path, "F-B1;300000163;211;06/10/2026;;virement",
                        options=("--jours-attente", "10"))  # fmt: skip
    assert outcome["effect"] == "relances retenues jusqu'au 16/10/2026"
    assert case not in _pending(portfolio)
    _run(portfolio, "2026-10-15")
    assert case not in _pending(portfolio)
    _run(portfolio, "2026-10-16")
    assert case in _pending(portfolio)


def test_a_210_takes_one_invoice_out_and_the_rest_of_the_case_goes_on(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    case = _case(portfolio, "F-A2")[0]
    [outcome] = _import(portfolio, tmp_path, "F-A2;552100554;210;06/10/2026;;commande annulée")
    assert outcome["effect"] == "facture retirée du recouvrement ; le reste du dossier continue"
    assert _invoice(portfolio, "F-A2") == (30_000, "cancelled")
    assert _case(portfolio, "F-A1")[1:3] != ("closed", "withdrawn")
    _run(portfolio, "2026-10-06")
    assert case in _pending(portfolio)  # planned again, on F-A1 alone
    with _db(portfolio) as db:
        (payload,) = db.execute(
            "SELECT a.payload FROM actions a JOIN cases c ON c.id = a.case_id "
            "WHERE c.reference = ? AND a.status = 'queued'", (case,)
        ).fetchone()
    assert "F-A1" in payload and "F-A2" not in payload


def test_a_213_closes_a_case_left_with_nothing_to_collect(
    portfolio: dict[str, str], tmp_path: Path
) -> None:
    case = _case(portfolio, "F-C1")[0]
    [outcome] = _import(portfolio, tmp_path, "F-C1;732829320;213;06/10/2026;;SIREN invalide")
    assert outcome["effect"] == (
        "facture retirée du recouvrement ; plus rien à recouvrer : dossier clos"
    )
    assert _case(portfolio, "F-C1")[1:3] == ("closed", "withdrawn")
    assert case not in _pending(portfolio)
    assert "case_closed" in _kinds(portfolio, case)
