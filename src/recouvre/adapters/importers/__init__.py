"""Invoice file readers, one module per format (the *parse* stage of ``services.imports.invoices``).

``open_invoice_file(path)`` picks the reader from the file's suffix: spreadsheets
(``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``) through python-calamine, anything else as
CSV (``.csv``, ``.txt``, ``.tsv``...). The result is an ``InvoiceSource``: file-level errors in
``issues``, typed rows from ``rows()``.
"""

from __future__ import annotations

from pathlib import Path

from recouvre.adapters.importers.csv_invoices import CsvInvoiceFile, open_csv
from recouvre.adapters.importers.xlsx_invoices import SUFFIXES, XlsxInvoiceFile, open_xlsx


def open_invoice_file(path: Path, name: str | None = None) -> CsvInvoiceFile | XlsxInvoiceFile:
    """The reader for ``path``, chosen by its suffix."""
    if path.suffix.lower() in SUFFIXES:
        return open_xlsx(path, name)
    return open_csv(path, name)


__all__ = ["CsvInvoiceFile", "XlsxInvoiceFile", "open_csv", "open_invoice_file", "open_xlsx"]
