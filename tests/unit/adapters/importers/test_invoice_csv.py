"""CSV invoice files: the separator is detected (semicolon, comma, tab), rows are read with their
line numbers, a row split by an unquoted separator is reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from recouvre.adapters.importers import open_invoice_file
from recouvre.adapters.importers.csv_invoices import detect_separator, open_csv
from recouvre.adapters.importers.encoding import TextEncoding
from recouvre.services.imports.invoices import Field
from support.paths import FIXTURES

FIXTURES = FIXTURES / "imports"


@pytest.mark.parametrize(
    ("line", "separator"),
    [
        ("N° facture;Date;Échéance;Montant TTC;Nom", ";"),
        ("invoice_number,issue_date,due_date,amount,name", ","),
        ("facture\tdate\téchéance\tmontant\tnom", "\t"),
        ("facture;date;échéance;montant;raison sociale, nom commercial", ";"),
    ],
)
def test_separator_is_the_one_giving_the_most_columns(line: str, separator: str) -> None:
    assert detect_separator(line) == separator


@pytest.mark.parametrize(
    ("name", "encoding", "separator"),
    [
        ("factures-fr.csv", TextEncoding.UTF8_BOM, ";"),
        ("factures-windows-1252.csv", TextEncoding.CP1252, ";"),
        ("invoices-en.csv", TextEncoding.UTF8, ","),
        ("factures.tsv", TextEncoding.UTF8, "\t"),
    ],
)
def test_fixture_files_read_the_same_invoices(
    name: str, encoding: TextEncoding, separator: str
) -> None:
    source = open_invoice_file(FIXTURES / name)
    assert source.issues == []
    assert source.encoding is encoding  # type: ignore[union-attr]
    assert source.separator == separator  # type: ignore[union-attr]
    rows = list(source.rows())
    assert [r.line for r in rows] == [2, 3, 4]
    assert all(r.issues == () for r in rows)
    first = rows[0].cells
    assert first[Field.INVOICE_NUMBER] == "FA-2024-001"
    assert first[Field.ISSUE_DATE] == date(2024, 3, 15)
    assert first[Field.DUE_DATE] == date(2024, 4, 14)
    assert first[Field.AMOUNT] == Decimal("1234.56")
    assert first[Field.NAME] == "Société Générale d'Épicerie"
    assert rows[2].cells[Field.NAME] == "Zoé Lefèvre"


def test_blank_lines_are_skipped_and_line_numbers_are_the_files(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "\nfacture;date;échéance;montant;nom\nF1;01/03/2024;31/03/2024;10;A\n;;;;\n\n"
        'F2;01/03/2024;31/03/2024;20;"B\nsuite"\nF3;01/03/2024;31/03/2024;30;C\n',
        encoding="utf-8",
    )
    source = open_csv(path)
    assert source.issues == []
    rows = list(source.rows())
    assert [r.cells[Field.INVOICE_NUMBER] for r in rows] == ["F1", "F2", "F3"]
    assert [r.line for r in rows] == [3, 7, 8]  # a quoted value may span two lines


def test_a_row_with_more_values_than_columns_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "facture,date,échéance,montant,nom\nF1,01/03/2024,31/03/2024,1234,56,Dupont\n",
        encoding="utf-8",
    )
    rows = list(open_csv(path).rows())
    assert len(rows) == 1
    issue = rows[0].issues[0]
    assert issue.line == 2 and issue.column is None
    assert "séparateur « virgule »" in issue.message


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "vide.csv"
    path.write_text("\n\n", encoding="utf-8")
    source = open_csv(path)
    assert [i.message for i in source.issues] == ["fichier vide : aucun en-tête trouvé"]
    assert list(source.rows()) == []


def test_a_refused_encoding_yields_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "unicode.csv"
    path.write_text("facture;date;échéance;montant;nom\n", encoding="utf-16")
    source = open_csv(path)
    assert len(source.issues) == 1 and "UTF-16" in source.issues[0].message
    assert list(source.rows()) == []
