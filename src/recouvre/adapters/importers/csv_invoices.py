"""Invoice files in CSV: encoding and separator detected, rows streamed with the stdlib ``csv``.

The separator is the one of semicolon (French spreadsheet exports), tab and comma that splits
the header line into the most columns (semicolon wins a tie). The file is read twice, both times
streamed: once as bytes (encoding, SHA-256, line count: ``encoding.inspect_file``), then as text
row by row, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from recouvre.adapters.importers.cells import CsvRowReader
from recouvre.adapters.importers.encoding import TextEncoding, inspect_file
from recouvre.adapters.importers.headers import HeaderMap, map_header
from recouvre.services.imports.invoices import Field, ImportIssue, RawRow

SEPARATORS = (";", "\t", ",")
SEPARATOR_NAMES = {";": "point-virgule", "\t": "tabulation", ",": "virgule"}


def detect_separator(header_line: str) -> str:
    """The separator that splits the header into the most columns (``;`` wins ties)."""
    best, best_count = SEPARATORS[0], 0
    for separator in SEPARATORS:
        count = len(next(csv.reader([header_line], delimiter=separator), []))
        if count > best_count:
            best, best_count = separator, count
    return best


@dataclass(slots=True)
class CsvInvoiceFile:
    """An invoice CSV opened for import (an ``InvoiceSource``)."""

    path: Path
    name: str
    sha256: str
    expected_rows: int | None
    encoding: TextEncoding | None
    separator: str | None
    header: HeaderMap | None
    issues: list[ImportIssue] = field(default_factory=list)

    @property
    def columns(self) -> Mapping[Field, str]:
        return self.header.columns if self.header is not None else {}

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        return self.header.ignored if self.header is not None else ()

    def rows(self) -> Iterator[RawRow]:
        if self.header is None or self.encoding is None or self.separator is None:
            return
        read = CsvRowReader(self.header.positions, self.header.columns)
        width = self.header.width
        with self.path.open(encoding=self.encoding.value, newline="") as stream:
            reader = csv.reader(stream, delimiter=self.separator)
            for values in reader:
                if any(v.strip() for v in values):
                    break  # the header
            for values in reader:
                if len(values) > width and any(v.strip() for v in values[width:]):
                    yield RawRow(reader.line_num, {}, (self._too_wide(reader.line_num, values),))
                elif any(values) and (row := read(reader.line_num, values)) is not None:
                    yield row

    def _too_wide(self, line: int, values: list[str]) -> ImportIssue:
        assert self.header is not None and self.separator is not None
        return ImportIssue(
            line,
            None,
            f"{len(values)} valeurs pour {self.header.width} colonnes : une valeur contient-elle "
            f"le séparateur « {SEPARATOR_NAMES[self.separator]} » sans guillemets ?",
        )


def open_csv(path: Path, name: str | None = None) -> CsvInvoiceFile:
    """Open ``path``: encoding checked, separator detected, header mapped (errors as values)."""
    facts = inspect_file(path)
    source = CsvInvoiceFile(
        path=path,
        name=name or path.name,
        sha256=facts.sha256,
        expected_rows=max(facts.lines - 1, 0),
        encoding=facts.encoding,
        separator=None,
        header=None,
    )
    if facts.refusal is not None or facts.encoding is None:
        source.issues.append(facts.refusal or ImportIssue(None, None, "encodage non reconnu"))
        return source
    with path.open(encoding=facts.encoding.value, newline="") as stream:
        line_number = 0
        for line in stream:
            line_number += 1
            if line.strip():
                break
        else:
            source.issues.append(ImportIssue(None, None, "fichier vide : aucun en-tête trouvé"))
            return source
    source.separator = detect_separator(line)
    cells = next(csv.reader([line], delimiter=source.separator))
    source.header, issues = map_header(cells, line_number)
    source.issues.extend(issues)
    return source


__all__ = ["CsvInvoiceFile", "detect_separator", "open_csv"]
