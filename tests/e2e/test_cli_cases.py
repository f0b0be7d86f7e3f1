"""Transcripts of ``recouvre init``, ``recouvre cases list`` and ``recouvre case show``, run
in-process against a SQLite file named by RECOUVRE_DATABASE_URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_init_creates_then_finds_the_database_up_to_date(cli_env: dict[str, str]) -> None:
    code, out, _ = run(cli_env, "init")
    database = Path(cli_env["RECOUVRE_DATA_DIR"]) / "recouvre.sqlite3"
    assert code == 0
    assert out.startswith("Base de données créée : ") and str(database.resolve()) in out
    assert database.exists()
    code, out, _ = run(cli_env, "init")
    assert code == 0 and out.startswith("Base de données déjà à jour")


def test_commands_refuse_a_database_that_init_has_not_created(cli_env: dict[str, str]) -> None:
    code, _, err = run(cli_env, "cases", "list")
    assert code == 1
    assert "recouvre init" in err
    assert not (Path(cli_env["RECOUVRE_DATA_DIR"]) / "recouvre.sqlite3").exists()


def test_cases_list_json_is_stable(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "cases", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "id": 1,
            "reference": "D-2026-000001",
            "creditor": {"name": "Menuiserie Durand", "siren": "732829320"},
            "debtor": {"name": "Boulangerie Schmitt", "kind": "company"},
            "phase": "formal_notice",
            "attitude": "unknown",
            "opened_on": "2026-01-05",
            "invoices": 2,
            "outstanding": "1184.56",
            "oldest_due_date": "2025-11-30",
        },
        {
            "id": 2,
            "reference": "D-2026-000002",
            "creditor": {"name": "Transports Martin", "siren": "552100554"},
            "debtor": {"name": "Marie Dupont", "kind": "consumer"},
            "phase": "amicable",
            "attitude": "unknown",
            "opened_on": "2026-02-01",
            "invoices": 1,
            "outstanding": "99.90",
            "oldest_due_date": "2026-01-15",
        },
    ]


def test_cases_list_filters_by_phase_and_creditor(seeded_cli_env: dict[str, str]) -> None:
    def references(*options: str) -> list[str]:
        code, out, _ = run(seeded_cli_env, "cases", "list", "--json", *options)
        assert code == 0
        return [case["reference"] for case in json.loads(out)]

    assert references("--phase", "amicable") == ["D-2026-000002"]
    assert references("--phase", "judicial") == []
    assert references("--creditor", "732 829 320") == ["D-2026-000001"]
    code, _, err = run(seeded_cli_env, "cases", "list", "--creditor", "123456789")
    assert code == 1 and "SIREN invalide" in err


def test_cases_list_table_in_french(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "cases", "list")
    assert code == 0
    assert "2 dossier(s)" in out
    assert "D-2026-000001" in out and "1\u202f184,56\u00a0€" in out


def test_case_show_by_id_or_reference(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "case", "show", "1", "--json")
    assert code == 0
    shown = json.loads(out)
    code, again, _ = run(seeded_cli_env, "case", "show", "d-2026-000001", "--json")
    assert code == 0 and json.loads(again) == shown
    assert shown["reference"] == "D-2026-000001"
    assert shown["outstanding"] == "1184.56"
    assert shown["debtor"]["address"] == {
        "lines": ["3 place d'Armes"],
        "postal_code": "57000",
        "city": "Metz",
        "country": "FR",
    }
    assert [(i["number"], i["outstanding"]) for i in shown["invoices"]] == [
        ("F-2", "50.00"),
        ("F-1", "1134.56"),
    ]
    assert shown["payments"][0] | {"id": 0} == {
        "id": 0,
        "received_on": "2026-02-10",
        "amount": "10.00",
        "designated_invoice": "F-1",
        "reference": None,
        "source": "manual",
        "parts": [],  # recorded straight, without recouvre's imputation: the statement imputes
        "reversed_on": None,
    }
    assert [(e["kind"], e["occurred_on"], e["actor"]) for e in shown["events"]] == [
        ("case_opened", "2026-01-05", "test:seed"),
        ("phase_changed", "2026-02-01", "test:seed"),
    ]
    code, text, _ = run(seeded_cli_env, "case", "show", "D-2026-000001")
    assert code == 0
    assert "Boulangerie Schmitt" in text and "Reste dû sur factures" in text
    assert "Changement de phase" in text and "phase_changed" not in text


def test_case_show_unknown_case(seeded_cli_env: dict[str, str]) -> None:
    code, _, err = run(seeded_cli_env, "case", "show", "D-2026-999999")
    assert code == 1
    assert "dossier « D-2026-999999 » introuvable" in err


@pytest.mark.parametrize("key", ["99999999999999999999999", "9223372036854775808", "0", "²", "١٢"])
def test_case_show_a_key_no_row_can_carry_is_unknown_not_a_traceback(
    seeded_cli_env: dict[str, str], key: str
) -> None:
    code, out, err = run(seeded_cli_env, "case", "show", key)
    assert code == 1
    assert f"dossier « {key} » introuvable" in err
    assert "Traceback" not in out + err


def test_help_texts_are_french(cli_env: dict[str, str]) -> None:
    for args, phrase in (
        (["init", "--help"], "Crée le dossier de données"),
        (["cases", "list", "--help"], "Liste les dossiers"),
        (["case", "show", "--help"], "Affiche un dossier"),
    ):
        code, out, _ = run(cli_env, *args)
        assert code == 0 and phrase in " ".join(out.split()), args


def test_the_cli_runs_on_every_backend(db_url: str, tmp_path: Path) -> None:
    env = {"RECOUVRE_DATABASE_URL": db_url, "RECOUVRE_DATA_DIR": str(tmp_path / "data")}
    code, out, _ = run(env, "init")
    assert code == 0 and out.startswith("Base de données déjà à jour")
    code, out, _ = run(env, "cases", "list", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run(env, "journal", "verify")
    assert code == 0 and out.startswith("Journal intègre : 0 entrée(s)")
