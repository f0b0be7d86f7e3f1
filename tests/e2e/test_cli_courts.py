"""The requête names its court: chosen from the directory of courts by the debtor's postcode,
completed by the user's ``config/courts.toml`` or ``--tribunal``; where recouvre cannot tell,
it refuses to print and asks for the court, never printing a blank (CPC 42, 1406)."""

from __future__ import annotations

import json
import re
from io import BytesIO
from pathlib import Path

import pdfplumber
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _start_payment_order(env: dict[str, str]) -> None:
    run(env, "judicial", "evidence", "1", "--signed-order", "--on", "2026-03-02")
    code, _, err = run(env, "judicial", "start", "1", "injonction-de-payer", "--on", "2026-09-14")
    assert code == 0, err


def _request_text(folder: Path) -> str:
    [pdf] = folder.glob("*payment_order_request.pdf")
    with pdfplumber.open(BytesIO(pdf.read_bytes())) as document:
        text = " ".join(page.extract_text() or "" for page in document.pages)
    return re.sub(r"\s+", " ", text)


def _move_debtor(env: dict[str, str], postcode: str, city: str) -> None:
    engine = sa.create_engine(env["RECOUVRE_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE debtors SET postal_code = :p, city = :c"), {"p": postcode, "c": city}
        )
    engine.dispose()


def test_the_request_addresses_the_named_court_of_the_debtors_district(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    _start_payment_order(seeded_cli_env)
    code, _, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path / "a"),
                       "--on", "2026-09-14")  # fmt: skip
    assert code == 0, err
    text = _request_text(tmp_path / "a")
    # Metz (Moselle): no tribunal de commerce in Alsace-Moselle, the commercial chamber of the TJ.
    assert (
        "Monsieur ou Madame le Président de la chambre commerciale du tribunal judiciaire de "
        "Metz." in text
    )
    assert "du chambre" not in text and "ressort du domicile" not in text


def test_an_unknown_district_refuses_to_print_until_the_court_is_given(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    _start_payment_order(seeded_cli_env)
    _move_debtor(seeded_cli_env, "57590", "Delme")
    code, _, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path / "a"),
                       "--on", "2026-09-14")  # fmt: skip
    assert code == 1
    assert "tribunal compétent à préciser" in err and "57590 Delme" in err and "--tribunal" in err
    assert not (tmp_path / "a").exists()
    code, _, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path / "b"),
                       "--on", "2026-09-14",
                       "--tribunal", "tribunal judiciaire de Metz")  # fmt: skip
    assert code == 0, err
    assert "Président de la chambre commerciale du tribunal judiciaire de Metz." in _request_text(
        tmp_path / "b"
    )


def test_the_users_court_file_completes_the_directory(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    _start_payment_order(seeded_cli_env)
    _move_debtor(seeded_cli_env, "57590", "Delme")
    config = Path(seeded_cli_env["RECOUVRE_DATA_DIR"]) / "config"
    config.mkdir(parents=True)
    (config / "courts.toml").write_text(
        '[[court]]\njurisdiction = "judiciaire"\nname = "tribunal judiciaire de Metz"\n'
        'postcodes = ["57590"]\nsource = "annuaire, vérifié par le service"\n'
        "checked_on = 2026-12-01\nverified = true\n",
        encoding="utf-8",
    )
    code, out, err = run(seeded_cli_env, "judicial", "courts", "57590", "--json")
    assert code == 0, err
    [found] = json.loads(out)
    assert found["name"] == "tribunal judiciaire de Metz" and found["origin"] == "user"
    code, _, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path / "c"),
                       "--on", "2026-09-14")  # fmt: skip
    assert code == 0, err
    assert "tribunal judiciaire de Metz." in _request_text(tmp_path / "c")
    (config / "courts.toml").write_text('[[court]]\njurisdiction = "cour"\n', encoding="utf-8")
    code, _, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path / "d"))
    assert code == 1 and "courts.toml" in err and "« commerce » ou « judiciaire »" in err


def test_courts_lists_the_shipped_directory(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    code, out, err = run(env, "judicial", "courts", "75008", "--on", "2026-01-05", "--json")
    assert code == 0, err
    names = {c["name"] for c in json.loads(out)}
    assert names == {"tribunal des activités économiques de Paris", "tribunal judiciaire de Paris"}
    code, out, _ = run(env, "judicial", "courts", "75008", "--on", "2024-06-03", "--json")
    assert "tribunal de commerce de Paris" in {c["name"] for c in json.loads(out)}
    code, out, _ = run(seeded_cli_env, "judicial", "courts", "48000")
    assert code == 0 and "Aucun tribunal connu pour le code postal 48000" in out
