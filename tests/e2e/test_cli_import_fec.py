"""``recouvre import fec`` as a credit manager runs it: a FEC exported by the accounting package
gives the open customer invoices, the lettered one is not claimed, the case shows what is left;
a FEC with an unbalanced entry is refused with its line and column, in French and in English,
and nothing is written."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.safe_output import install
from support.fec_files import SMALL_FEC, fec_bytes, fec_line

runner = CliRunner()
CREDITOR = "732829320"


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **env})
    out = result.stdout + result.stderr  # amounts use no-break spaces
    return result.exit_code, out.replace("\xa0", " ").replace("\u202f", " ")


@pytest.fixture
def env(cli_env: dict[str, str]) -> Iterator[dict[str, str]]:
    assert cli(cli_env, "init")[0] == 0
    yield cli_env
    install("fr")  # the English run below sets the process's language


def counts(env: dict[str, str]) -> tuple[int, int, int]:
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        return db.execute(
            "SELECT (SELECT count(*) FROM invoices), (SELECT count(*) FROM debtors), "
            "(SELECT count(*) FROM cases)"
        ).fetchone()


def test_a_fec_gives_the_open_invoices_and_their_case(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "FEC.txt"
    path.write_bytes(fec_bytes(SMALL_FEC))
    code, out = cli(env, "import", "fec", str(path), "--creditor", CREDITOR,
                    "--delai-paiement", "45")  # fmt: skip
    assert code == 0, out
    assert "débits = crédits = 2 930,00 €" in out
    assert "3 créée(s)" in out
    assert "1 soldée(s) par lettrage et non réclamée(s)" in out
    assert "date de la pièce + 45 jours" in out
    assert "ligne 18, compte C002 (Boulangerie Schmitt), pièce VIR-0927 : 80,00 €" in out
    assert "Traceback" not in out

    code, listed = cli(env, "cases", "list")
    assert code == 0, listed
    assert "D-2026-000001" in listed
    assert "1 350,00 €" in listed  # F-0001 1 200 - 50 + F-0003 300 - 100: the open invoices
    assert "16/10/2026" in listed  # F-0001 of 01/09/2026 + 45 days

    again = cli(env, "import", "fec", str(path), "--creditor", CREDITOR,
                "--delai-paiement", "45")  # fmt: skip
    assert again[0] == 0 and "0 créée(s)" in again[1] and "3 inchangée(s)" in again[1]


def test_an_unbalanced_fec_is_refused_with_its_line(env: dict[str, str], tmp_path: Path) -> None:
    lines = [*SMALL_FEC, fec_line("VE", "9", "20261001", "411000", "10,00", aux="C003",
                                  aux_name="Garage Muller", piece="F-0009")]  # fmt: skip
    path = tmp_path / "FEC.txt"
    path.write_bytes(fec_bytes(lines))
    code, out = cli(env, "import", "fec", str(path), "--creditor", CREDITOR)
    assert code != 0
    assert "rien n'a été enregistré" in out
    assert (
        "ligne 19, colonne « EcritureNum » : écriture 9 du journal VE (ligne 19) déséquilibrée"
        in out
    )
    assert "Traceback" not in out
    assert counts(env) == (0, 0, 0)

    code, out = cli({**env, "RECOUVRE_LANG": "en"}, "import", "fec", str(path),
                    "--creditor", CREDITOR)  # fmt: skip
    assert code != 0
    assert "nothing was saved" in out
    assert "line 19, column « EcritureNum »: entry 9 of journal VE (line 19) unbalanced" in out
