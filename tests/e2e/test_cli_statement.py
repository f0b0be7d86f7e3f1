"""Transcripts of ``recouvre statement`` and ``recouvre law rates`` on the documented examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.paths import FIXTURES

FIXTURES = FIXTURES / "statements"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def statement_json(name: str, on: str) -> dict[str, object]:
    code, output = run("statement", str(FIXTURES / name), "--on", on, "--json")
    assert code == 0, output
    return json.loads(output)  # type: ignore[no-any-return]


def test_example_1_json_output() -> None:
    doc = statement_json("b2b-example1.yaml", "2025-02-10")
    assert list(doc) == [
        "on",
        "creditor",
        "debtor",
        "invoices",
        "payments",
        "totals",
        "notices",
        "warnings",
        "explanation",
    ]
    (invoice,) = doc["invoices"]  # type: ignore[misc]
    assert [
        (s["from"], s["to"], s["days"], s["rate"], s["amount"])
        for s in invoice["interest"]["slices"]
    ] == [
        ("2024-03-16", "2024-06-30", 107, "14.50", "524.78"),
        ("2024-07-01", "2024-12-31", 184, "14.25", "886.86"),
        ("2025-01-01", "2025-02-10", 41, "13.15", "182.36"),
    ]
    assert invoice["interest"]["accrued"] == "1594.00"
    assert invoice["indemnity"] == {"amount": "40.00", "paid": "40.00", "outstanding": "0.00"}
    assert invoice["principal_outstanding"] == "1634.00"
    assert doc["totals"]["total_due"] == "1634.00"  # type: ignore[index]
    (payment,) = doc["payments"]  # type: ignore[misc]
    assert payment["imputation"] == [
        {
            "invoice": "F-2024-031",
            "rule": "designation",
            "accessories": "40.00",
            "interest": "1594.00",
            "principal": "10711.67",
            "total": "12345.67",
        }
    ]
    assert doc["warnings"] == []


def test_french_dates_and_text_output() -> None:
    code, output = run("statement", str(FIXTURES / "b2b-example1.yaml"), "--on", "10/02/2025")
    assert code == 0, output
    text = output.replace("\u00a0", " ").replace("\u202f", " ")
    assert (
        "Pénalités de retard au taux de 14,50 % du 16/03/2024 au 30/06/2024, "
        "soit 107 jours : 524,78 €" in text
    )
    assert "Total dû : 1 634,00 €" in text


def test_example_2_from_json_input() -> None:
    doc = statement_json("b2c-example2.json", "2026-03-02")
    (invoice,) = doc["invoices"]  # type: ignore[misc]
    assert [s["amount"] for s in invoice["interest"]["slices"]] == ["10.34", "34.51", "10.86"]
    assert invoice["indemnity"]["amount"] == "0.00"
    assert doc["totals"]["interest"] == "55.71"  # type: ignore[index]
    assert doc["totals"]["total_due"] == "55.71"  # type: ignore[index]


def test_partial_payments_costs_and_floor() -> None:
    doc = statement_json("b2b-partial-payments.yaml", "2026-03-02")
    first, second = doc["invoices"]  # type: ignore[misc]
    assert first["interest"]["slices"][1]["basis"] == "5144.48"
    assert first["costs"]["amount"] == "110.00"
    assert [s["rate"] for s in second["interest"]["slices"]] == ["11.13", "8.28", "7.86"]
    codes = [n["code"] for n in doc["notices"]]  # type: ignore[attr-defined]
    assert codes.count("contract_rate_below_floor") == 1 and "imputation_needs_review" in codes
    totals = doc["totals"]
    assert totals["total_due"] == "7248.68"  # type: ignore[index]


def test_judgment_warning_is_printed() -> None:
    code, output = run("statement", str(FIXTURES / "b2c-judgment.yaml"), "--on", "2026-03-02")
    assert code == 0, output
    assert "Intérêts légaux majorés" in output
    assert "judgment_interest_delay_months" in output and "non vérifiées" in output


def test_a_bad_file_lists_every_error_with_line_and_field() -> None:
    code, output = run("statement", str(FIXTURES / "invalid.yaml"), "--on", "2026-03-02")
    assert code == 2
    assert "invalid.yaml:2 (champ « creancier.type »)" in output
    assert "invalid.yaml:8 (champ « factures[0].echeance »)" in output
    assert "factures[0].remise" in output and "paiements[0].montant" in output


def test_a_date_past_the_known_rates_names_the_missing_row() -> None:
    code, output = run(
        "statement", str(FIXTURES / "b2b-partial-payments.yaml"), "--on", "2027-01-15"
    )
    assert code == 2
    assert "ecb_mro" in output and "1er semestre 2027" in output


def test_a_user_correction_file_adds_the_next_half_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    law_file = tmp_path / "droit.toml"
    rows = []
    for key, value in (("ecb_mro", "2.40"), ("til_autres", "2.80"), ("til_particuliers", "6.90")):
        rows.append(
            f'[[rows]]\nkey = "{key}"\neffective_from = 2027-01-01\nuntil = 2027-06-30\n'
            f"value = {value}\n"
            'unit = "percent"\nsource = "saisie utilisateur"\nstatus = "unverified"\n'
        )
    law_file.write_text("\n".join(rows), encoding="utf-8")
    monkeypatch.setenv("RECOUVRE_LAW_FILE", str(law_file))
    doc = statement_json("b2b-example1.yaml", "2027-01-15")
    slices = doc["invoices"][0]["interest"]["slices"]  # type: ignore[index]
    assert slices[-1]["rate"] == "12.40" and slices[-1]["from"] == "2027-01-01"
    assert any("saisie utilisateur" in w for w in doc["warnings"])  # type: ignore[attr-defined]
    code, output = run("law", "rates", "--on", "2027-02-01", "--json")
    assert code == 0, output
    listed = {r["key"]: r for r in json.loads(output)["rows"]}
    assert listed["ecb_mro"]["value"] == "2.40" and listed["ecb_mro"]["status"] == "unverified"


def test_law_rates_lists_rows_in_force_with_their_status() -> None:
    code, output = run("law", "rates", "--on", "2026-11-23", "--json")
    assert code == 0, output
    doc = json.loads(output)
    rows = {r["key"]: r for r in doc["rows"]}
    assert rows["ecb_mro"]["value"] == "2.40" and rows["ecb_mro"]["status"] == "secondary"
    assert rows["til_autres"]["status"] == "unverified"
    assert (
        rows["fixed_indemnity"]["value"] == "40.00"
        and rows["fixed_indemnity"]["status"] == "verified"
    )
    code, text = run("law", "rates", "--on", "01/01/2025")
    assert code == 0 and "taux BCE (ecb_mro) : 3,15\u00a0%" in text


def test_json_input_errors_name_the_field_path(tmp_path: Path) -> None:
    bad = tmp_path / "creance.json"
    bad.write_text(
        json.dumps(
            {
                "creancier": {"type": "entreprise"},
                "debiteur": {"type": "consommateur"},
                "factures": [
                    {
                        "numero": "F1",
                        "date": "2025-01-01",
                        "echeance": "2024-12-01",
                        "montant": "10",
                    }
                ],
                "evenements": [{"type": "jugement", "montant": "10"}],
            }
        ),
        encoding="utf-8",
    )
    code, output = run("statement", str(bad), "--on", "2025-06-01")
    assert code == 2
    assert "factures[0]" in output and "échéance antérieure" in output
    assert "evenements[0].date" in output and "obligatoire" in output
