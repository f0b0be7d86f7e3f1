"""Cells of invoice files: French and ISO dates and amounts from CSV text, typed values from a
spreadsheet (dates as dates, amounts as floats checked for two decimals)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from recouvre.adapters.importers.cells import (
    CellError,
    CsvRowReader,
    amount_from_csv,
    amount_from_number,
    date_from_csv,
    xlsx_reader,
)
from recouvre.services.imports.invoices import Field


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/2024", date(2024, 3, 15)),
        ("5/3/2024", date(2024, 3, 5)),
        ("15-03-2024", date(2024, 3, 15)),
        ("15.03.2024", date(2024, 3, 15)),
        ("2024-03-15", date(2024, 3, 15)),
        ("2024-03-15 00:00:00", date(2024, 3, 15)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_dates_french_and_iso(text: str, expected: date) -> None:
    assert date_from_csv(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2024", "date impossible"),
        ("15/03/24", "date illisible"),
        ("mars 2024", "date illisible"),
        ("2024-13-01", "date impossible"),
        ("29/02/2023", "date impossible"),
    ],
)
def test_unreadable_dates_say_why(text: str, why: str) -> None:
    with pytest.raises(CellError, match=why):
        date_from_csv(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1234.5", Decimal("1234.50")),
        ("1234", Decimal("1234")),
        ("1 234,56 €", Decimal("1234.56")),
        ("-12,00", Decimal("-12.00")),
    ],
)
def test_amounts_french_and_iso(text: str, expected: Decimal) -> None:
    assert amount_from_csv(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [("12,345", "plus de deux décimales"), ("douze", "illisible"), ("1e5", "illisible")],
)
def test_unreadable_amounts_say_why(text: str, why: str) -> None:
    with pytest.raises(CellError, match=why):
        amount_from_csv(text)


def test_spreadsheet_floats_are_converted_through_their_shortest_repr() -> None:
    assert amount_from_number(1234.56) == Decimal("1234.56")
    assert amount_from_number(1500) == Decimal("1500.00")
    with pytest.raises(CellError, match="plus de deux décimales"):
        amount_from_number(12.345)
    with pytest.raises(CellError, match="plus de deux décimales"):
        amount_from_number(0.1 + 0.2)  # a computed cell: 0.30000000000000004


def test_spreadsheet_cells_by_field() -> None:
    naive = datetime(2024, 3, 15, 0, 0)  # noqa: DTZ001 (calamine gives naive datetimes)
    assert xlsx_reader(Field.ISSUE_DATE)(naive) == date(2024, 3, 15)
    assert xlsx_reader(Field.ISSUE_DATE)("15/03/2024") == date(2024, 3, 15)
    assert xlsx_reader(Field.SIREN)(12345678.0) == "012345678"  # leading zero restored
    assert xlsx_reader(Field.POSTAL_CODE)(1000) == "01000"
    assert xlsx_reader(Field.INVOICE_NUMBER)(2024001.0) == "2024001"
    assert xlsx_reader(Field.NAME)("  ") is None
    with pytest.raises(CellError, match="date illisible"):
        xlsx_reader(Field.DUE_DATE)(45000.0)


def test_a_csv_row_reports_each_unreadable_cell_with_its_column() -> None:
    read = CsvRowReader(
        {Field.INVOICE_NUMBER: 0, Field.ISSUE_DATE: 1, Field.AMOUNT: 2, Field.NAME: 3},
        {
            Field.INVOICE_NUMBER: "N° facture",
            Field.ISSUE_DATE: "Date",
            Field.AMOUNT: "Montant",
            Field.NAME: "Nom",
        },
    )
    row = read(7, ["F1", "32/01/2024", "abc", " Dupont "])
    assert row is not None
    assert row.cells == {Field.INVOICE_NUMBER: "F1", Field.NAME: "Dupont"}
    assert [(i.line, i.column) for i in row.issues] == [(7, "Date"), (7, "Montant")]
    assert read(8, ["", " ", "", ""]) is None
