"""Spreadsheet invoice files read with python-calamine: the first non-empty row is the header,
line numbers are the sheet's row numbers, cells arrive typed (fixtures written with openpyxl)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from recouvre.adapters.importers import open_invoice_file
from recouvre.adapters.importers.xlsx_invoices import XlsxInvoiceFile
from recouvre.services.imports.invoices import Field


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
