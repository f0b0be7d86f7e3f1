"""A rate missing for part of the period never becomes « 0,00 € » in the judicial papers
either (issue 11, item 2): the papers dated after the last half-year of the rate tables are
refused with the reason in French, and nothing is written — the same rule as the sender's
letters, which wait in review (``test_letter_claims_only_what_is_due``)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_papers_on_a_date_without_published_rate_are_refused_not_zero(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = seeded_cli_env  # case 1: between professionals, penalties run from each due date
    code, _, err = run(env, "judicial", "start", "1", "injonction-de-payer", "--on", "2026-09-14",
                       "--force")  # fmt: skip
    assert code == 0, err
    out_dir = tmp_path / "p"
    code, out, err = run(env, "judicial", "papers", "1", "--out", str(out_dir),
                         "--on", "2030-03-05")  # fmt: skip
    assert code != 0
    assert "taux BCE (ecb_mro) inconnu pour le 2027-01-01" in err
    assert not list(out_dir.glob("*.pdf"))
    assert "0,00 €" not in out
