"""Transcripts of ``recouvre import invoices``: the summary, every error with its line and
column and a non-zero exit code, the JSON report, and a clear error for a missing file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.paths import FIXTURES

FIXTURES = FIXTURES / "imports"
runner = CliRunner()


@pytest.fixture
def env(db_url: str, tmp_path: Path) -> dict[str, str]:
    return {"RECOUVRE_DATABASE_URL": db_url, "RECOUVRE_DATA_DIR": str(tmp_path / "data")}


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", "invoices", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_help_is_in_french() -> None:
    result = runner.invoke(app, ["import", "invoices", "--help"])
    assert result.exit_code == 0
    assert "Tout ou rien" in result.stdout
    assert "SIREN du créancier" in result.stdout


def test_import_then_reimport(env: dict[str, str]) -> None:
    path = str(FIXTURES / "factures-fr.csv")
    code, out, err = run(env, path, "--creditor", "732 829 320")
    assert (code, err) == (0, "")
    assert out == (
        "Import de factures-fr.csv (créancier 732829320) : 3 ligne(s) ; 3 facture(s) "
        "créée(s), 0 modifiée(s), 0 inchangée(s) ; 3 dossier(s) ouvert(s).\n"
    )
    code, out, _ = run(env, path, "--creditor", "732829320")
    assert code == 0
    assert "0 facture(s) créée(s), 0 modifiée(s), 3 inchangée(s)" in out


def test_every_error_is_listed_and_the_exit_code_is_not_zero(
    env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(
        "N° facture;Date de facture;Échéance;Montant TTC;Nom;SIREN;Email\n"
        "F1;15/03/2024;14/04/2024;100;Garage;552100554;garage@example.fr\n"
        "F2;15/03/2024;14/02/2024;-3;Garage;552100555;garage@\n"
        "F1;15/03/2024;14/04/2024;100;Garage;552100554;\n",
        encoding="cp1252",
    )
    code, out, err = run(env, str(path), "--creditor", "732829320")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "Import refusé : 5 erreur(s) dans factures.csv, rien n'a été enregistré.",
        "  ligne 3, colonne « Échéance » : échéance 14/02/2024 antérieure à la date de "
        "facture 15/03/2024",
        "  ligne 3, colonne « Montant TTC » : montant nul ou négatif : -3,00",
        "  ligne 3, colonne « SIREN » : SIREN invalide « 552100555 » : clé de contrôle incorrecte",
        "  ligne 3, colonne « Email » : adresse e-mail invalide : « garage@ »",
        "  ligne 4, colonne « N° facture » : facture « F1 » déjà présente ligne 2",
    ]
    code, out, _ = run(env, str(FIXTURES / "factures-fr.csv"), "--creditor", "732829320")
    assert code == 0 and "3 facture(s) créée(s)" in out  # the refused file left nothing


def test_json_report(env: dict[str, str], tmp_path: Path) -> None:
    code, out, _ = run(env, str(FIXTURES / "invoices-en.csv"), "--creditor", "732829320", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["ok"], report["created"], report["error_count"]) == (True, 3, 0)
    assert report["creditor_siren"] == "732829320"
    assert len(report["sha256"]) == 64
    bad = tmp_path / "bad.csv"
    bad.write_text("invoice_number,amount\nF1,10\n", encoding="utf-8")
    code, out, _ = run(env, str(bad), "--creditor", "732829320", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False and report["error_count"] == 3
    assert [e["text"] for e in report["errors"]] == [
        "ligne 1, colonne « date de facture » : colonne obligatoire absente (en-têtes "
        "acceptés : « date de facture », « date facture », « date d'émission », "
        "« date émission »…)",
        "ligne 1, colonne « date d'échéance » : colonne obligatoire absente (en-têtes "
        "acceptés : « date d'échéance », « date échéance », « échéance », "
        "« date limite de paiement »…)",
        "ligne 1, colonne « raison sociale » : colonne obligatoire absente (en-têtes "
        "acceptés : « raison sociale », « nom », « nom du client », « client »…)",
    ]


def test_a_missing_file_or_a_bad_creditor_is_a_clear_error(
    env: dict[str, str], tmp_path: Path
) -> None:
    code, _, err = run(env, str(tmp_path / "absent.csv"), "--creditor", "732829320")
    assert code == 1 and "fichier introuvable" in err
    code, _, err = run(env, str(FIXTURES / "factures-fr.csv"), "--creditor", "123456789")
    assert code == 1
    assert "--creditor : SIREN invalide « 123456789 » : clé de contrôle incorrecte" in err
