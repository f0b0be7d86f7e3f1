"""``RECOUVRE_LANG=en``: what the commands print is English (lists, a case, the daily run, an
error, a refused import with its numbered lines), through the catalogue
``i18n/en/messages.toml``; in French the output never goes through it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner, Result

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.safe_output import install

ON = "2026-11-23"
CASE = "D-2026-000056"
CREDITOR = "462011297"  # the demo's agency client
FRENCH = re.compile(r"\b(dossiers?|débiteurs?|créanciers?|introuvable|erreurs?)\b", re.I)
BAD_FILE = (
    "numero facture;raison sociale;date;echeance;montant\n"
    "F1;Dupont SARL;01/13/2026;01/02/2026;12,x\n"
    "F2;Dupont SARL;01/01/2026;01/02/2026;\n"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("english")
    env = {
        "RECOUVRE_DATA_DIR": str(folder / "data"),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{folder / 'data' / 'demo.sqlite3'}",
        "COLUMNS": "160",
        "RECOUVRE_LANG": "fr",
    }
    demo = CliRunner().invoke(app, ["demo", "--on", ON], env=env)
    assert demo.exit_code == 0, demo.output
    (folder / "bad.csv").write_text(BAD_FILE, encoding="utf-8")
    env["BAD_FILE"] = str(folder / "bad.csv")
    return env


@pytest.fixture(autouse=True)
def back_to_french() -> Iterator[None]:
    """A command sets the language of the process it runs in; the tests after these run in
    the same process and expect French."""
    yield
    install("fr")


def invoke(env: dict[str, str], language: str, *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={**env, "RECOUVRE_LANG": language})


def english(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = invoke(env, "en", *args)
    assert result.exit_code == code, result.output
    assert FRENCH.search(result.output) is None, result.output
    return result.output


def test_lists_and_a_case_in_english(env: dict[str, str]) -> None:
    listed = english(env, "cases", "list")
    assert "115 case(s)" in listed and "Outstanding" in listed and "amicable" in listed
    shown = english(env, "case", "show", CASE)
    for text in (f"Case {CASE}", "phase amicable", "Summary on", "Due today:", "Invoices"):
        assert text in shown, shown
    assert "Creditor: Hydro Services Ouest SA (SIREN 462011297)" in shown
    assert "Case opened" in shown and "unpaid" in shown


def test_the_daily_run_in_english(env: dict[str, str]) -> None:
    output = english(env, "run", "--on", "2026-11-24", "--sans-envoi")
    assert "Daily run of 24/11/2026 (reference time 09:00, Paris)" in output
    assert "cases examined: 115" in output and "queued for sending" in output


def test_errors_in_english(env: dict[str, str]) -> None:
    unknown = english(env, "case", "show", "D-2099-000001", code=1)
    assert "error: case « D-2099-000001 » not found" in unknown
    refused = english(env, "import", "invoices", env["BAD_FILE"], "--creditor", CREDITOR, code=1)
    assert "Import refused: 3 error(s) in bad.csv, nothing was saved." in refused
    assert "  line 2, column « date »: impossible date « 01/13/2026 »" in refused
    assert "  line 3, column « amount »: required value missing" in refused
    assert "  line 2, column « amount »: unreadable amount: « 12,x »" in refused


def test_french_is_unchanged(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> str:
        raise AssertionError(f"French output translated: {text!r}")

    monkeypatch.setattr("recouvre.entrypoints.cli.messages_catalog.translate", refuse)
    shown = invoke(env, "fr", "case", "show", CASE)
    assert shown.exit_code == 0, shown.output
    assert f"Dossier {CASE}" in shown.output and "Factures" in shown.output
    unknown = invoke(env, "fr", "case", "show", "D-2099-000001")
    assert "erreur : dossier « D-2099-000001 » introuvable" in unknown.output
    refused = invoke(env, "fr", "import", "invoices", env["BAD_FILE"], "--creditor", CREDITOR)
    assert "Import refusé : 3 erreur(s) dans bad.csv" in refused.output
    assert "  ligne 2, colonne « date » : date impossible « 01/13/2026 »" in refused.output


FRENCH_WORDS = ("dossier", "débiteur", "créancier", "introuvable", "erreur")


def test_no_french_word_left_in_english_output(env: dict[str, str]) -> None:
    outputs = [
        english(env, "cases", "list"),
        english(env, "case", "show", CASE),
        english(env, "run", "--on", "2026-11-24", "--sans-envoi"),
        english(env, "case", "show", "D-2099-000001", code=1),
        english(env, "import", "invoices", env["BAD_FILE"], "--creditor", CREDITOR, code=1),
    ]
    for output in outputs:
        left = [w for w in FRENCH_WORDS if w in output.lower()]
        assert not left, (left, output)
