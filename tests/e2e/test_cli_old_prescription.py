"""A debt older than the 2008 reform is time-barred, never « unknown = not time-barred »
(issue 12, item 1): the invoice of the report (due 30/06/2005) imported with ``recouvre import
invoices``, then ``recouvre run``: no contact goes out, the case is in review with the reason;
``recouvre prescription`` gives its date (C. civ. 2222 al. 2: 5 years from 19/06/2008, the
former 10 years of C. com. L110-4 being longer). An invoice older than every legal row (truly
unknown) is refused with that reason and sent to review as well."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
HEADER = "numéro de facture;date de facture;date d'échéance;montant TTC;raison sociale;SIREN;email"
OLD_LINE = "OLD-1;01/05/2005;30/06/2005;700,00;Ancienne SARL;300000163;a@example.org"
CREDITOR = "732829320"


@pytest.fixture(autouse=True)
def no_user_law_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOUVRE_LAW_FILE", raising=False)


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout + result.stderr


def imported(env: dict[str, str], tmp_path: Path, line: str) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    assert run(env, "init")[0] == 0
    code, out = run(env, "import", "invoices", str(path), "--creditor", CREDITOR)
    assert code == 0, out


def sent_nothing(data: dict[str, object]) -> None:
    lines = data["lines"]
    assert isinstance(lines, list)
    contacts = [x for x in lines if x["channel"] != "internal"]
    assert contacts and all(x["status"] == "cancelled" for x in contacts), lines
    assert data["queued"] == 0


def test_an_invoice_due_in_2005_is_time_barred_and_gets_no_reminder(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    imported(cli_env, tmp_path, OLD_LINE)
    code, out = run(cli_env, "run", "--on", "2026-12-07", "--json")
    assert code == 0, out
    data = json.loads(out)
    sent_nothing(data)
    assert (data["time_barred"], data["closures_proposed"]) == (1, 1)
    refused = [x for x in data["lines"] if x["status"] == "cancelled"]
    assert "créance prescrite" in refused[0]["reason"]
    code, out = run(cli_env, "review", "list", "--json")
    [item] = json.loads(out)
    assert item["step_id"] == "cloture_prescription"
    assert "OLD-1" in item["reason"] and "créance prescrite" in item["reason"]
    code, out = run(cli_env, "outbox", "list", "--json")
    assert code == 0, out
    assert all(a["status"] != "queued" for a in json.loads(out)), out


def test_prescription_of_the_2005_invoice_gives_a_date(tmp_path: Path) -> None:
    described = tmp_path / "old.yaml"
    described.write_text("nature: commerciale\npoint_de_depart: 2005-06-30\n", encoding="utf-8")
    code, out = run({}, "prescription", str(described), "--on", "2026-12-07", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert (data["legal_end"], data["status"]) == ("2013-06-19", "acquise")
    assert any("C. civ. 2222 al. 2" in line for line in data["explanation"])
    assert any("L110-4" in line for line in data["warnings"])  # the former law's row


def test_a_prescription_no_row_gives_refuses_the_contact_and_sends_the_case_to_review(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    line = "VERY-OLD;01/03/1999;30/04/1999;500,00;Ancienne SARL;300000163;a@example.org"
    imported(cli_env, tmp_path, line)
    code, out = run(cli_env, "run", "--on", "2026-12-07", "--json")
    assert code == 0, out
    data = json.loads(out)
    sent_nothing(data)
    assert data["prescription_reviews"] == 1
    refused = [x for x in data["lines"] if x["status"] == "cancelled"]
    assert "prescription inconnue" in refused[0]["reason"]
    assert "VERY-OLD" in refused[0]["reason"]
    code, out = run(cli_env, "review", "list", "--json")
    [item] = json.loads(out)
    assert item["step_id"] == "revue_prescription" and item["status"] == "awaiting_approval"
    assert "prescription inconnue" in item["reason"] and "1999" in item["reason"]
    code, out = run(cli_env, "run", "--on", "2026-12-07")
    assert code == 0 and "prescription inconnue" not in out  # proposed once
    code, out = run(cli_env, "case", "show", "D-2026-000001", "--json")
    assert code == 0, out
    assert "prescription inconnue" in out  # the journal of the case says why
