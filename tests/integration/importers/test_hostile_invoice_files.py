"""``recouvre import invoices`` on hostile files: each is refused with a French error naming its
line and column, exit code 1, no traceback, and every table of the database is left exactly as
it was (all rows compared)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support import hostile_files

runner = CliRunner()
HEADER = "N° facture;Date de facture;Échéance;Montant TTC;Raison sociale;SIREN;Adresse\n"
GOOD = "F-1;15/03/2024;14/04/2024;10,00;Dupont;552100554;1 rue de la Paix\n"


def everything(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = sqlalchemy.create_engine(url)
    try:
        meta = sqlalchemy.MetaData()
        meta.reflect(engine)
        with engine.connect() as connection:
            return {
                name: sorted(map(tuple, connection.execute(table.select())), key=repr)
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()


def run(url: str, tmp_path: Path, path: Path) -> tuple[int, str]:
    env = {"RECOUVRE_DATABASE_URL": url, "RECOUVRE_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(
        app, ["import", "invoices", str(path), "--creditor", "732829320"], env=env
    )
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr + result.stdout


def row(
    due: str = "14/04/2024", amount: str = "10,00", name: str = "Durand", address: str = "x"
) -> str:
    return f"F-2;15/03/2024;{due};{amount};{name};552100554;{address}\n"


HOSTILE_ROWS = {
    "due date 31/12/9999": (row(due="31/12/9999"), "Échéance"),
    "amount over int64 cents": (row(amount="92 233 720 368 547 758,08"), "Montant TTC"),
    "amount 10^26": (row(amount="100000000000000000000000000"), "Montant TTC"),
    "Arabic-Indic digits": (row(amount="١٢٣,٤٥"), "Montant TTC"),
    "escape sequence": (row(name="Durand\x1b[2J"), "Raison sociale"),
    "cell over 128 KiB": (row(address=f'"{"x" * 140_000}"'), "Adresse"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ROWS))
def test_a_hostile_row_is_refused_and_changes_nothing(
    db_url: str, tmp_path: Path, case: str
) -> None:
    first = tmp_path / "premier.csv"
    first.write_text(HEADER + GOOD, encoding="utf-8")
    assert run(db_url, tmp_path, first)[0] == 0
    before = everything(db_url)
    hostile, column = HOSTILE_ROWS[case]
    path = tmp_path / "factures.csv"
    path.write_text(HEADER + GOOD.replace("F-1", "F-0") + hostile, encoding="utf-8")
    code, output = run(db_url, tmp_path, path)
    assert code == 1 and f"ligne 3, colonne « {column} »" in output, output
    assert "\x1b" not in output
    assert everything(db_url) == before


def test_a_mixed_encoding_file_is_refused_naming_the_line_and_changes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    before = everything(db_url)
    path = tmp_path / "factures.csv"
    path.write_bytes(
        HEADER.encode("cp1252")
        + GOOD.replace("Dupont", "Société Été").encode("cp1252")
        + GOOD.replace("F-1", "F-2").replace("Dupont", "Société Été").encode()
    )
    code, output = run(db_url, tmp_path, path)
    assert code == 1 and "ligne 3" in output and "encodage mixte" in output, output
    assert everything(db_url) == before


def test_a_spreadsheet_bomb_is_refused_and_changes_nothing(db_url: str, tmp_path: Path) -> None:
    before = everything(db_url)
    code, output = run(db_url, tmp_path, hostile_files.far_cell(tmp_path / "f.xlsx"))
    assert code == 1 and "s'étend sur" in output, output
    assert everything(db_url) == before
