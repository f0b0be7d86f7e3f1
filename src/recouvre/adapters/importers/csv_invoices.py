"""Invoice files in CSV: encoding and separator detected, rows streamed with the stdlib ``csv``.

The separator is the one of semicolon (French spreadsheet exports), tab and comma that splits
the header line into the most columns (semicolon wins a tie). The file is read twice, both times
streamed: once as bytes (encoding, SHA-256, line count: ``encoding.inspect_file``), then as text
row by row, so memory does not grow with the file.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.importers.cells import CsvRowReader, cell_text_error
from recouvre.adapters.importers.encoding import TextEncoding, inspect_file
from recouvre.adapters.importers.headers import HeaderMap, map_header
from recouvre.adapters.importers.limits import MAX_CELL_CHARS, MAX_LINE_CHARS, shown
from recouvre.services.imports.invoices import Field, ImportIssue, RawRow

SEPARATORS = (";", "\t", ",")
_QUOTE = '"'
SEPARATOR_NAMES = {";": "point-virgule", "\t": "tabulation", ",": "virgule"}


def detect_separator(header_line: str) -> str:
    """The separator that splits the header into the most columns (``;`` wins ties)."""
    best, best_count = SEPARATORS[0], 0
    for separator in SEPARATORS:
        count = len(next(csv.reader([header_line], delimiter=separator), []))
        if count > best_count:
            best, best_count = separator, count
    return best


class LineTooLong(AdapterError):
    """A physical line longer than ``MAX_LINE_CHARS`` (a file without line breaks?)."""

    def __init__(self, line: int) -> None:
        super().__init__(
            f"ligne trop longue (plus de {MAX_LINE_CHARS} caractères : fichier sans retour à "
            "la ligne ?) ; le reste du fichier n'est pas lu"
        )
        self.line = line


class BoundedLines:
    """The lines of a text stream, each read with a bound (``LineTooLong`` beyond it): memory
    stays bounded whatever the file. ``long`` tells that a line over ``MAX_CELL_CHARS`` was
    read since it was last reset (its cells must be checked)."""

    def __init__(self, stream: TextIO) -> None:
        self._readline = stream.readline
        self.number = 0
        self.long = False

    def __iter__(self) -> Iterator[str]:
        readline = self._readline
        while line := readline(MAX_LINE_CHARS + 1):
            self.number += 1
            if len(line) > MAX_CELL_CHARS:
                if len(line) > MAX_LINE_CHARS:
                    raise LineTooLong(self.number)
                self.long = True
            yield line


def long_field_index(path: Path, encoding: str, separator: str, line: int) -> int:
    """The index of the first field longer than ``MAX_CELL_CHARS`` in the record starting at
    ``line`` (read again with a small state machine: the csv module gave up on it)."""
    index = length = 0
    quoted = False
    with path.open(encoding=encoding, newline="") as stream:
        for text in itertools.islice(BoundedLines(stream), line - 1, None):
            for char in text:
                if char == _QUOTE:
                    quoted = not quoted
                elif char == separator and not quoted:
                    index, length = index + 1, 0
                elif char in "\r\n" and not quoted:
                    return index
                else:
                    length += 1
                    if length > MAX_CELL_CHARS:
                        return index
    return index


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
    control_characters: bool = False

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
        careful = self.control_characters
        with self.path.open(encoding=self.encoding.value, newline="") as stream:
            lines = BoundedLines(stream)
            reader = csv.reader(lines, delimiter=self.separator)
            line = 0
            try:
                for values in reader:
                    if any(v.strip() for v in values):
                        break  # the header
                line = reader.line_num
                for values in reader:
                    previous, line = line, reader.line_num
                    if len(values) > width and any(v.strip() for v in values[width:]):
                        yield RawRow(line, {}, (self._too_wide(line, values),))
                    elif any(values):
                        # A long line, or a record over several lines (a quoted line break):
                        # its cells may be over the limit; every cell is checked when the file
                        # holds a control character.
                        if careful or lines.long or line != previous + 1:
                            lines.long = False
                            row = read.checked(line, values)
                        else:
                            row = read(line, values)
                        if row is not None:
                            yield row
            except LineTooLong as exc:
                yield RawRow(exc.line, {}, (ImportIssue(exc.line, None, str(exc)),))
            except csv.Error as exc:
                yield RawRow(reader.line_num, {}, (self._unreadable(line + 1, exc),))

    def _unreadable(self, line: int, exc: csv.Error) -> ImportIssue:
        """A record the csv module gives up on: a value longer than its field limit."""
        assert self.encoding is not None and self.separator is not None
        if "field larger" not in str(exc):
            return ImportIssue(line, None, f"ligne illisible ({exc}) ; le reste n'est pas lu")
        index = long_field_index(self.path, self.encoding.value, self.separator, line)
        assert self.header is not None
        names = {i: self.header.columns[f] for f, i in self.header.positions.items()}
        return ImportIssue(
            line,
            names.get(index, f"n° {index + 1}"),
            f"valeur trop longue (plus de {MAX_CELL_CHARS} caractères) ; le reste du fichier "
            "n'est pas lu",
        )

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
    source.control_characters = facts.control_characters
    with path.open(encoding=facts.encoding.value, newline="") as stream:
        line_number = 0
        while line := stream.readline(MAX_LINE_CHARS + 1):
            line_number += 1
            if len(line) > MAX_LINE_CHARS:
                source.issues.append(ImportIssue(line_number, None, str(LineTooLong(line_number))))
                return source
            if line.strip():
                break
        else:
            source.issues.append(ImportIssue(None, None, "fichier vide : aucun en-tête trouvé"))
            return source
    if len(line) > MAX_CELL_CHARS:  # longer than any header, and than the csv module reads
        too_long = f"ligne d'en-tête trop longue ({len(line)} caractères, {MAX_CELL_CHARS} au plus)"
        source.issues.append(ImportIssue(line_number, None, too_long))
        return source
    source.separator = detect_separator(line)
    cells = next(csv.reader([line], delimiter=source.separator))
    for cell in cells:
        if (why := cell_text_error(cell)) is not None:
            name = shown(cell.strip()[:40])
            source.issues.append(ImportIssue(line_number, None, f"en-tête « {name} » : {why}"))
    if source.issues:
        return source
    source.header, issues = map_header(cells, line_number)
    source.issues.extend(issues)
    return source


__all__ = ["CsvInvoiceFile", "detect_separator", "open_csv"]
