"""``recouvre deadline`` and ``recouvre prescription``: transcripts of the real commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.adapters.files.prescriptions import (
    PrescriptionFileError,
    parse_prescription_text,
    read_prescription_file,
)
from recouvre.entrypoints.cli.commands import app
from recouvre.law.prescription.events import ClaimKind, EventKind
from support.paths import FIXTURES

FIXTURES = FIXTURES / "prescription"
RUNNER = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def no_user_law_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOUVRE_LAW_FILE", raising=False)


def test_deadline_opposition_example_5_text() -> None:
    code, out, _ = run("deadline", "opposition", "--from", "2026-10-01")
    assert code == 0
    assert "Dernier jour : lundi 02/11/2026" in out
    assert "Toussaint" in out
    assert "CPC 642" in out


def test_deadline_opposition_abroad_json() -> None:
    code, out, _ = run("deadline", "opposition", "--from", "01/10/2026", "--abroad", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "opposition"
    assert data["from"] == "2026-10-01"
    assert data["raw_end"] == "2026-11-01"
    assert data["residence"] == "etranger"
    assert data["distance"] == {"amount": 2, "unit": "months", "label": "2 mois"}
    assert data["after_distance"] == "2027-01-01"
    assert data["end"] == "2027-01-04"
    assert data["extended"] is True
    assert any("distance_abroad_months" in line for line in data["warnings"])
    assert set(data) == {
        "kind",
        "rule",
        "from",
        "period",
        "raw_end",
        "residence",
        "distance",
        "after_distance",
        "departement",
        "extended",
        "end",
        "explanation",
        "warnings",
    }


def test_deadline_service_of_order_alias_and_boundary() -> None:
    _, before, _ = run("deadline", "service-of-order", "--from", "2026-08-31", "--json")
    _, after, _ = run("deadline", "signification-ordonnance", "--from", "2026-09-01", "--json")
    assert json.loads(before)["end"] == "2027-03-01"
    assert json.loads(after)["end"] == "2026-12-01"


def test_deadline_moselle_good_friday() -> None:
    _, paris, _ = run("deadline", "appel", "--from", "2026-03-03", "--json")
    _, metz, _ = run("deadline", "appeal", "--from", "2026-03-03", "--departement", "57", "--json")
    assert json.loads(paris)["end"] == "2026-04-03"
    assert json.loads(metz)["end"] == "2026-04-07"


def test_deadline_claim_declaration_overseas() -> None:
    code, out, _ = run(
        "deadline", "claim-declaration", "--from", "2026-09-15", "--overseas", "--json"
    )
    assert code == 0
    assert json.loads(out)["end"] == "2027-01-15"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("deadline", "cassation", "--from", "2026-01-01"), "type de délai inconnu"),
        (
            ("deadline", "opposition", "--from", "2026-01-01", "--departement", "99"),
            "département inconnu",
        ),
        (
            ("deadline", "opposition", "--from", "2026-01-01", "--abroad", "--overseas"),
            "s'excluent",
        ),
        (
            ("deadline", "signification-ordonnance", "--from", "2019-01-01"),
            "payment_order_service_months",
        ),
    ],
)
def test_deadline_errors_are_french_and_exit_2(args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err


def test_deadline_help_is_french() -> None:
    code, out, _ = run("deadline", "--help")
    assert code == 0
    assert "Type de délai" in out
    assert "saisie-conservatoire-execution" in out


def test_prescription_example_4a_text() -> None:
    code, out, _ = run("prescription", str(FIXTURES / "example_4a.yaml"), "--on", "2027-10-01")
    assert code == 0
    assert "Fin légale : samedi 11/03/2028" in out
    assert "Date limite pratique : vendredi 10/03/2028" in out
    assert "Alertes échues : 6 mois avant (10/09/2027)" in out
    assert "mise en demeure — sans effet" in out


def test_prescription_example_4a_late_service_json() -> None:
    code, out, _ = run(
        "prescription",
        str(FIXTURES / "example_4a_late_service.json"),
        "--on",
        "01/04/2028",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "acquise"
    assert data["legal_end"] == "2028-03-11"
    assert data["practical_deadline"] == "2028-03-10"
    assert set(data) == {
        "kind",
        "start",
        "on",
        "period",
        "status",
        "legal_end",
        "practical_deadline",
        "departement",
        "alerts",
        "explanation",
        "warnings",
    }


def test_prescription_consumer_mediation_json() -> None:
    code, out, _ = run(
        "prescription", str(FIXTURES / "consumer_mediation.yaml"), "--on", "2027-08-01", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["legal_end"] == "2027-09-15"
    assert data["departement"] == "57"
    assert data["alerts"] == [
        {"before": "3 mois", "date": "2027-06-15", "due": True},
        {"before": "15 jours", "date": "2027-08-31", "due": False},
    ]


def test_prescription_invalid_file_lists_every_error_with_line_and_field() -> None:
    code, _, err = run("prescription", str(FIXTURES / "invalid.yaml"), "--on", "2027-10-01")
    assert code == 2
    assert "invalid.yaml:1 (champ « nature »)" in err
    assert "invalid.yaml:2 (champ « point_de_depart ») : date illisible « 2021-31-06 »" in err
    assert "invalid.yaml:3 (champ « couleur ») : champ inconnu" in err
    assert "invalid.yaml:7 (événement n° 2, champ « type »)" in err
    assert "invalid.yaml:8 (événement n° 2, champ « date »)" in err
    assert "invalid.yaml:11 (événement n° 3, champ « fin ») : antérieure" in err


def test_prescription_missing_file() -> None:
    code, _, err = run("prescription", str(FIXTURES / "absent.yaml"), "--on", "2027-10-01")
    assert code == 2
    assert "lecture impossible" in err


def test_user_correction_file_is_used(tmp_path: Path) -> None:
    corrections = tmp_path / "droit.toml"
    corrections.write_text(
        "[[rows]]\n"
        'key = "payment_order_opposition_months"\n'
        "effective_from = 2026-01-01\n"
        "value = 2\n"
        'unit = "months"\n'
        'source = "essai"\n'
        'status = "unverified"\n',
        encoding="utf-8",
    )
    code, out, _ = run(
        "deadline",
        "opposition",
        "--from",
        "2026-10-01",
        "--json",
        env={"RECOUVRE_LAW_FILE": str(corrections)},
    )
    assert code == 0
    data = json.loads(out)
    assert data["end"] == "2026-12-01"
    assert any("essai" in line for line in data["warnings"])


def test_parse_file_formats() -> None:
    parsed = read_prescription_file(FIXTURES / "example_4a_late_service.json")
    assert parsed.kind is ClaimKind.COMMERCIAL
    assert [e.kind for e in parsed.events][-1] is EventKind.PAYMENT_ORDER_SERVED
    assert parsed.departement == "75"
    text = (
        "nature: civile\npoint_de_depart: 15/01/2024\nevenements:\n"
        "  - type: mediation\n    date: 2024-03-01\n    fin: 2024-04-01\n"
    )
    civil = parse_prescription_text(text, "x.yaml")
    assert civil.events[0].end is not None
    with pytest.raises(PrescriptionFileError, match="champ obligatoire absent"):
        parse_prescription_text("nature: civile\n", "y.yaml")
    with pytest.raises(PrescriptionFileError, match="JSON invalide"):
        parse_prescription_text("{", "z.json")


def test_prescription_with_a_title_event_runs_ten_years(tmp_path: Path) -> None:
    """CPCE L111-4: a consumer claim (2 years) with a judgment served on 10/03/2026 ends with
    the tenth year of the title, not in 2027."""
    path = tmp_path / "titre.yaml"
    path.write_text(
        "nature: consommateur\npoint_de_depart: 2025-04-15\nevenements:\n"
        "  - type: titre-executoire\n    date: 2026-03-10\n",
        encoding="utf-8",
    )
    code, out, err = run("prescription", str(path), "--on", "2026-06-01")
    assert code == 0, err
    assert "Fin légale : lundi 10/03/2036" in out
    assert "titre exécutoire → son exécution se prescrit par 10 ans" in out
    assert "CPCE L111-4" in out
    code, out, _ = run("prescription", str(path), "--on", "2026-06-01", "--json")
    assert code == 0 and json.loads(out)["legal_end"] == "2036-03-10"
    without = tmp_path / "sans-titre.yaml"
    without.write_text("nature: consommateur\npoint_de_depart: 2025-04-15\n", encoding="utf-8")
    code, out, _ = run("prescription", str(without), "--on", "2026-06-01", "--json")
    assert code == 0 and json.loads(out)["legal_end"] == "2027-04-15"
