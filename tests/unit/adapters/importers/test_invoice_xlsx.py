"""Spreadsheet invoice files read with python-calamine: the first non-empty row is the header,
line numbers are the sheet's row numbers, cells arrive typed (fixtures written with openpyxl)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from recouvre.adapters.importers import archives, open_invoice_file
from recouvre.adapters.importers.xlsx_invoices import XlsxInvoiceFile
from recouvre.services.imports.invoices import Field
from support import hostile_files


def test_header_below_empty_rows_and_row_numbers_as_in_the_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B3"] = "N° facture"
    sheet["C3"] = "Date de facture"
    sheet["D3"] = "Échéance"
    sheet["E3"] = "Montant TTC"
    sheet["F3"] = "Raison sociale"
    sheet["G3"] = "Code postal"
    sheet.append([None, "A-1", date(2024, 3, 15), date(2024, 4, 14), 1234.5, "Dupont", 1000])
    sheet.append([])
    sheet.append([None, "A-2", "15/03/2024", "14/04/2024", "99,90", "Durand", "67000"])
    workbook.create_sheet("Autre")  # only the first sheet is read
    path = tmp_path / "factures.xlsx"
    workbook.save(path)

    source = open_invoice_file(path)
    assert isinstance(source, XlsxInvoiceFile)
    assert source.issues == []
    assert source.columns[Field.AMOUNT] == "Montant TTC"
    rows = list(source.rows())
    assert [r.line for r in rows] == [4, 6]
    assert rows[0].cells[Field.AMOUNT] == Decimal("1234.50")
    assert rows[0].cells[Field.ISSUE_DATE] == date(2024, 3, 15)
    assert rows[0].cells[Field.POSTAL_CODE] == "01000"
    assert rows[1].cells[Field.AMOUNT] == Decimal("99.90")
    assert rows[1].cells[Field.DUE_DATE] == date(2024, 4, 14)


def test_a_file_that_is_not_a_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "factures.xlsx"
    path.write_text("ceci n'est pas un classeur", encoding="utf-8")
    source = open_invoice_file(path)
    assert len(source.issues) == 1
    assert source.issues[0].message.startswith("classeur illisible")
    assert list(source.rows()) == []


# --- Hostile workbooks: refused before python-calamine reads them ------------------------------


def test_a_zip_bomb_is_refused_from_its_compression_ratio(tmp_path: Path) -> None:
    path = hostile_files.inflated(tmp_path / "bombe.xlsx", megabytes=20)
    assert path.stat().st_size < 1 << 20  # 20 MiB of sheet XML in well under 1 MiB
    source = open_invoice_file(path)
    assert len(source.issues) == 1
    message = source.issues[0].message
    assert "dépasse les limites" in message and "bombe de décompression" in message
    assert list(source.rows()) == []


def test_a_workbook_unzipping_beyond_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = hostile_files.workbook(tmp_path / "factures.xlsx")
    monkeypatch.setattr(archives, "MAX_SPREADSHEET_BYTES", path.stat().st_size + 1)
    (issue,) = open_invoice_file(path).issues
    assert "une fois décompressé" in issue.message and "CSV UTF-8" in issue.message


def test_a_file_over_the_size_limit_is_refused_without_being_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archives, "MAX_SPREADSHEET_BYTES", 100)
    (issue,) = open_invoice_file(hostile_files.workbook(tmp_path / "factures.xlsx")).issues
    assert "fichier de" in issue.message


def test_a_member_lying_about_its_size_is_refused_by_the_reader(tmp_path: Path) -> None:
    path = hostile_files.inflated(tmp_path / "bombe.xlsx", megabytes=2)
    hostile_files.lying_sizes(path, hostile_files.SHEET, declared=5000)
    (issue,) = open_invoice_file(path).issues
    assert issue.message.startswith("classeur illisible")


@pytest.mark.parametrize(
    "reference", ["XFD1048576", "ZZ500000", "CV1048576", "XFD2000", "Z1048576", "A99999999"]
)
def test_a_single_far_cell_is_refused_before_calamine_allocates_its_rectangle(
    tmp_path: Path, reference: str
) -> None:
    (issue,) = open_invoice_file(hostile_files.far_cell(tmp_path / "f.xlsx", reference)).issues
    assert "s'étend sur" in issue.message


@pytest.mark.parametrize(
    "reference", ["Z99999", "Z999999", "AB60000", "X1048576", "A1048576", "XFD2"]
)
def test_a_big_but_plausible_extent_is_read(tmp_path: Path, reference: str) -> None:
    source = open_invoice_file(hostile_files.far_cell(tmp_path / "f.xlsx", reference))
    assert source.issues == []


def test_the_extent_is_the_highest_row_and_column_referenced(tmp_path: Path) -> None:
    import zipfile

    path = hostile_files.far_cell(tmp_path / "f.xlsx", "AB60000")
    with zipfile.ZipFile(path) as archive:
        assert archives.sheet_extent(archive, hostile_files.SHEET) == (60000, 28)
    assert archives.column_number(b"XFD") == 16384


def test_xml_entity_declarations_are_refused(tmp_path: Path) -> None:
    (issue,) = open_invoice_file(hostile_files.with_entities(tmp_path / "f.xlsx")).issues
    assert issue.message.startswith("classeur illisible")
    assert "entity" in issue.message


def test_a_control_character_in_a_header_is_refused(tmp_path: Path) -> None:
    path = hostile_files.workbook(tmp_path / "f.xlsx")
    hostile_files.rewrite_member(
        path, hostile_files.SHEET, lambda xml: xml.replace(b"Raison sociale", b"Raison_x001B_[2J")
    )
    (issue,) = open_invoice_file(path).issues
    assert issue.line == 1 and "caractère de contrôle" in issue.message
    assert "\x1b" not in issue.message
