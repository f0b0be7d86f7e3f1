"""Invoice files in XLSX (also XLS, XLSB and ODS), read with python-calamine.

The first sheet is read; its first non-empty row is the header. Line numbers are the
spreadsheet's row numbers, as the user sees them. Cells arrive typed (dates as ``date``, numbers
as ``float``); ``cells.xlsx_reader`` turns them into the import's cells. A sheet is at most
1,048,576 rows, and calamine holds it in memory while it is read (about 21 times faster than
openpyxl here: research/python-stack.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from recouvre.adapters.importers.archives import archive_error
from recouvre.adapters.importers.cells import (
    cell_text_error,
    column_readers,
    typed_row,
    xlsx_reader,
)
from recouvre.adapters.importers.headers import HeaderMap, map_header
from recouvre.adapters.importers.limits import shown
from recouvre.services.imports.invoices import Field, ImportIssue, RawRow

SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})


def _is_empty(values: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(slots=True)
class XlsxInvoiceFile:
    """An invoice spreadsheet opened for import (an ``InvoiceSource``)."""

    path: Path
    name: str
    sha256: str
    expected_rows: int | None = None
    header: HeaderMap | None = None
    header_line: int = 0
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def columns(self) -> Mapping[Field, str]:
        return self.header.columns if self.header is not None else {}

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        return self.header.ignored if self.header is not None else ()

    def rows(self) -> Iterator[RawRow]:
        if self.header is None:
            return
        readers = column_readers(self.header.positions, self.header.columns, xlsx_reader)
        workbook = CalamineWorkbook.from_path(str(self.path))
        try:
            sheet = workbook.get_sheet_by_index(0)
            for index, values in enumerate(sheet.iter_rows()):
                line = index + 1
                if line <= self.header_line or _is_empty(values):
                    continue
                yield typed_row(line, values, readers)
        finally:
            workbook.close()


def open_xlsx(path: Path, name: str | None = None) -> XlsxInvoiceFile:
    """Open ``path``: first sheet, header mapped (errors as values)."""
    source = XlsxInvoiceFile(path=path, name=name or path.name, sha256=file_sha256(path))
    refusal = archive_error(path)
    if refusal is not None:
        source.issues.append(ImportIssue(None, None, refusal))
        return source
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        source.issues.append(ImportIssue(None, None, f"classeur illisible : {exc}"))
        return source
    try:
        sheet = workbook.get_sheet_by_index(0)
        source.expected_rows = max(sheet.height - 1, 0)
        for index, values in enumerate(sheet.iter_rows()):
            if not _is_empty(values):
                source.header_line = index + 1
                header_cells = [
                    v if isinstance(v, str) else "" if v is None else str(v) for v in values
                ]
                refused = [
                    ImportIssue(source.header_line, None, f"en-tête « {shown(c[:40])} » : {why}")
                    for c in header_cells
                    if (why := cell_text_error(c)) is not None
                ]
                if refused:
                    source.issues.extend(refused)
                    break
                source.header, issues = map_header(header_cells, source.header_line)
                source.issues.extend(issues)
                break
        else:
            source.issues.append(ImportIssue(None, None, "feuille vide : aucun en-tête trouvé"))
    except CalamineError as exc:
        source.issues.append(ImportIssue(None, None, f"classeur illisible : {exc}"))
    finally:
        workbook.close()
    return source
