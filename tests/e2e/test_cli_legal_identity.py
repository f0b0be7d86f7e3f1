"""``creditor legal``: the creditor's legal identity its court papers state (CPC 57, 1407);
without it, no requête is printed with « société » for a form."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
DURAND = "732829320"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_set_show_and_journal(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    code, out, err = run(env, "creditor", "legal", DURAND, "--forme-juridique", "SAS",
                         "--capital", "50 000,00", "--rcs", "Metz",
                         "--representant", "Anne Durand, présidente")  # fmt: skip
    assert code == 0, err
    assert out.strip().replace("\u202f", " ").replace("\xa0", " ") == (
        f"Créancier {DURAND} : forme juridique : SAS ; capital : 50 000,00 € ; RCS Metz ; "
        "représenté par Anne Durand, présidente."
    )
    code, out, _ = run(env, "creditor", "legal", DURAND, "--json")
    assert json.loads(out) == {
        "legal_form": "SAS",
        "rcs_city": "Metz",
        "share_capital": "50000.00",
        "representative": "Anne Durand, présidente",
    }
    code, _, err = run(env, "creditor", "legal", DURAND, "--capital", "-3")
    assert code != 0 and "capital" in err
    code, _, err = run(env, "creditor", "legal", "999999999", "--rcs", "Metz")
    assert code == 1 and "aucun créancier de SIREN 999999999" in err


def test_papers_are_refused_without_the_creditors_legal_identity(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = seeded_cli_env
    engine = sa.create_engine(env["RECOUVRE_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM creditor_legal_identities"))
    engine.dispose()
    code, out, _ = run(env, "creditor", "legal", DURAND)
    assert "identité juridique non renseignée" in out
    run(env, "judicial", "evidence", "1", "--signed-order", "--on", "2026-03-02")
    assert run(env, "judicial", "start", "1", "injonction-de-payer", "--on", "2026-09-14")[0] == 0
    code, _, err = run(env, "judicial", "papers", "1", "--out", str(tmp_path / "p"))
    assert code == 1 and "identité juridique du créancier Menuiserie Durand inconnue" in err
    assert f"recouvre creditor legal {DURAND} --forme-juridique" in err
    assert not (tmp_path / "p").exists()
