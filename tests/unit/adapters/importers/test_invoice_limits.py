"""The bounds of an invoice file (``importers.limits``): amounts, dates, digits, cell and line
sizes, control characters. Each one out of bounds is a French error naming the line and the
column, never a traceback."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from recouvre.adapters.importers import open_invoice_file
from recouvre.adapters.importers.cells import (
    CellError,
    amount_from_csv,
    amount_from_number,
    date_from_csv,
    rate_from_text,
    xlsx_reader,
)
from recouvre.adapters.importers.limits import MAX_CELL_CHARS, shown
from recouvre.services.imports.invoices import Field, ImportIssue
from support.hostile_files import SHEET, rewrite_member

HEADER = "N° facture;Date de facture;Échéance;Montant TTC;Raison sociale;Adresse\n"
GOOD = "F-1;15/03/2024;14/04/2024;10,00;Dupont;1 rue de la Paix\n"


def csv_file(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "factures.csv"
    path.write_bytes((header + body).encode("utf-8"))
    return path


def issues_of(path: Path) -> list[ImportIssue]:
    source = open_invoice_file(path)
    issues = list(source.issues)
    for row in source.rows():
        issues.extend(row.issues)
    return issues


# --- Amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "92233720368547758,08",  # int64 cents + 1: OverflowError at insert
        "92 233 720 368 547 758,08",
        "100000000000000000000000000",  # around 10^26: decimal.InvalidOperation
        "1" * 5000,  # more digits than int() converts
        "10000000000,00",
        "-10000000000,00",
    ],
)
def test_amounts_above_the_ceiling_are_refused(text: str) -> None:
    with pytest.raises(CellError, match=r"hors limites|trop de chiffres"):
        amount_from_csv(text)


def test_the_ceiling_itself_is_accepted() -> None:
    assert amount_from_csv("9 999 999 999,99") == Decimal("9999999999.99")


@pytest.mark.parametrize("value", [1e26, 9.3e16, 92233720368547758, -1e300, 10**30])
def test_spreadsheet_numbers_above_the_ceiling_are_refused(value: float | int) -> None:
    with pytest.raises(CellError, match="hors limites"):
        amount_from_number(value)


@pytest.mark.parametrize("text", ["١٢٣,٤٥", "１２３,４５", "12３,45", "१२३"])
def test_non_ascii_digits_are_refused_in_amounts(text: str) -> None:
    with pytest.raises(CellError, match="chiffres"):
        amount_from_csv(text)


@pytest.mark.parametrize("text", ["١٠", "１０,５", "1e5", "NaN"])
def test_rates_are_plain_ascii_numbers(text: str) -> None:
    with pytest.raises(CellError):
        rate_from_text(text)


def test_a_nan_rate_cell_is_an_error_not_a_crash_of_the_comparison() -> None:
    with pytest.raises(CellError):
        xlsx_reader(Field.CONTRACTUAL_RATE)(float("nan"))


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["31/12/9999", "9999-12-31", "01/01/0001", "0001-01-01", "31/12/1899", "01/01/2200"]
)
def test_dates_out_of_the_plausible_range_are_refused(text: str) -> None:
    with pytest.raises(CellError, match="hors limites"):
        date_from_csv(text)


@pytest.mark.parametrize("text", ["01/01/1900", "31/12/2199"])
def test_the_bounds_of_the_date_range_are_accepted(text: str) -> None:
    assert date_from_csv(text).year in (1900, 2199)


@pytest.mark.parametrize(
    "text", ["١٥/٠٣/٢٠٢٤", "１５/０３/２０２４", "15/03/２０２４", "٢٠٢٤-٠٣-١٥"]
)
def test_non_ascii_digits_are_refused_in_dates(text: str) -> None:
    with pytest.raises(CellError):
        date_from_csv(text)


@pytest.mark.parametrize(
    "value", [date(9999, 12, 31), datetime(1, 1, 1, tzinfo=UTC), date(1899, 12, 31)]
)
def test_spreadsheet_dates_out_of_range_are_refused(value: date) -> None:
    with pytest.raises(CellError, match="hors limites"):
        xlsx_reader(Field.DUE_DATE)(value)


# --- Through a whole CSV file: line and column named ------------------------------------------


def test_an_out_of_range_due_date_names_its_line_and_column(tmp_path: Path) -> None:
    path = csv_file(tmp_path, GOOD + "F-2;15/03/2024;31/12/9999;10,00;Dupont;x\n")
    issues = issues_of(path)
    assert [(i.line, i.column) for i in issues] == [(3, "Échéance")]
    assert "hors limites" in issues[0].message


def test_a_cell_over_the_csv_module_limit_is_an_error_with_line_and_column(
    tmp_path: Path,
) -> None:
    long = "x" * (200 * 1024)
    path = csv_file(tmp_path, GOOD + f'F-2;15/03/2024;14/04/2024;10,00;Dupont;"{long}"\n' + GOOD)
    issues = issues_of(path)
    assert len(issues) == 1
    assert (issues[0].line, issues[0].column) == (3, "Adresse")
    assert "trop longue" in issues[0].message


def test_a_cell_over_the_cell_limit_is_an_error_with_line_and_column(tmp_path: Path) -> None:
    long = "x" * (MAX_CELL_CHARS + 1)
    path = csv_file(tmp_path, f"F-2;15/03/2024;14/04/2024;10,00;{long};x\n")
    issues = issues_of(path)
    assert [(i.line, i.column) for i in issues] == [(2, "Raison sociale")]
    assert "trop longue" in issues[0].message


def test_a_header_over_the_limit_is_an_error(tmp_path: Path) -> None:
    header = HEADER.rstrip("\n") + ";" + "y" * (200 * 1024) + "\n"
    issues = issues_of(csv_file(tmp_path, GOOD, header=header))
    assert len(issues) == 1 and issues[0].line == 1
    assert "trop longue" in issues[0].message


def test_a_line_without_end_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = csv_file(tmp_path, GOOD + "F-2;" + ";" * (3 << 20))
    issues = issues_of(path)
    assert len(issues) == 1 and issues[0].line == 3
    assert "ligne trop longue" in issues[0].message


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("Dupont\x1b[2J", "Raison sociale"),
        ("Dupont\x07", "Raison sociale"),
        ("Dupont\x85", "Raison sociale"),  # C1 (NEL), written in UTF-8
        ("Dupont\x7f", "Raison sociale"),
    ],
)
def test_control_characters_in_text_cells_are_refused(
    tmp_path: Path, name: str, column: str
) -> None:
    path = csv_file(tmp_path, GOOD + f"F-2;15/03/2024;14/04/2024;10,00;{name};x\n")
    issues = issues_of(path)
    assert [(i.line, i.column) for i in issues] == [(3, column)]
    assert "caractère de contrôle" in issues[0].message


def test_tabs_and_line_breaks_in_quoted_text_are_kept(tmp_path: Path) -> None:
    path = csv_file(tmp_path, 'F-2;15/03/2024;14/04/2024;10,00;Du\tpont;"1 rue\r\nBât. B"\n')
    source = open_invoice_file(path)
    assert source.issues == []
    (row,) = source.rows()
    assert row.issues == ()
    assert row.cells[Field.ADDRESS] == "1 rue\r\nBât. B"


def test_a_control_character_in_a_date_is_shown_escaped(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "F-2;15/03/2024\x1b[2J;14/04/2024;10,00;Dupont;x\n")
    (issue,) = issues_of(path)
    assert "\x1b" not in issue.message and "U+001B" in issue.message


def test_shown_escapes_control_characters() -> None:
    assert shown("a\x1b[2Jb\x9b") == "a\\x1b[2Jb\\x9b"
    assert shown("Société\tGénérale") == "Société\tGénérale"


# --- Spreadsheets: the same limits on typed cells ----------------------------------------------


def test_spreadsheet_cells_keep_the_same_limits(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["N° facture", "Date de facture", "Échéance", "Montant TTC", "Raison sociale"])
    sheet.append(["F-1", date(2024, 3, 15), date(9999, 12, 31), 1e26, "Dupont"])
    sheet.append(["F-2", date(2024, 3, 15), date(2024, 4, 14), 10.0, "Du_x001B_pont"])  # ESC
    sheet.append(["F-3", date(2024, 3, 15), date(2024, 4, 14), 10.0, "LONG"])
    path = tmp_path / "factures.xlsx"
    workbook.save(path)  # openpyxl cuts cells at Excel's limit: make one longer afterwards
    rewrite_member(path, SHEET, lambda xml: xml.replace(b"LONG", b"y" * 40_000))
    issues = issues_of(path)
    assert [(i.line, i.column) for i in issues] == [
        (2, "Échéance"),
        (2, "Montant TTC"),
        (3, "Raison sociale"),
        (4, "Raison sociale"),
    ]
