"""Reading one cell as text, date, amount or rate: the syntax half of the *parse* stage.

Both formats share it. CSV cells are text: dates are accepted as ``15/03/2024`` (also with
``-`` or ``.``; one-digit day or month allowed) or ISO ``2024-03-15`` (a time part ``00:00:00``
is tolerated, as some exports add it); amounts as ``1 234,56``, ``1.234,56``, ``1234.56``,
with an optional euro sign (``recouvre.domain.money.parse_amount``). XLSX cells arrive typed from
python-calamine: dates as ``date``/``datetime``, numbers as ``float``/``int``. A float amount is
converted through its shortest ``repr`` (``1234.56``, never ``1234.5599999``) and must have at
most two decimals. Identifiers typed as numbers lose their leading zeros in a spreadsheet, so a
numeric SIREN, SIRET or postal code is padded back to its width.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.importers.limits import (
    MAX_AMOUNT_DIGITS,
    MAX_AMOUNT_FR,
    MAX_CELL_CHARS,
    MAX_DATE,
    MIN_DATE,
    amount_range_error,
    cell_size_error,
    control_character_error,
    date_range_error,
    has_foreign_digits,
    shown,
)
from recouvre.domain.money import CENT, InvalidAmount, parse_amount
from recouvre.services.imports.invoices import Field, ImportIssue, RawRow
from recouvre.services.imports.rows import CELL_TYPES, CellType

Cell = str | date | Decimal
Reader = Callable[[object], Cell | None]

_FRENCH_DATE = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_RATE = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,12})?")
_PADDED: Mapping[Field, int] = {Field.SIREN: 9, Field.SIRET: 14, Field.POSTAL_CODE: 5}
_FIRST_YEAR = f"{MIN_DATE.year:04d}"
_LAST_YEAR = f"{MAX_DATE.year:04d}"
_new_tuple = tuple.__new__  # a named tuple without the Python call of its own ``__new__``


class CellError(AdapterError):
    """A cell that cannot be read as what its column holds (French message)."""


def _in_range(day: date) -> date:
    why = date_range_error(day)
    if why is not None:
        raise CellError(why)
    return day


def date_from_text(text: str) -> date:
    """``15/03/2024`` or ``2024-03-15`` -> ``date(2024, 3, 15)``, within the date range."""
    raw = text.strip()
    match = _FRENCH_DATE.fullmatch(raw)
    if match is not None:
        day, month, year = match.groups()
    else:
        match = _ISO_DATE.fullmatch(raw)
        if match is None:
            if has_foreign_digits(raw):
                raise CellError(f"date « {shown(raw)} » : chiffres 0 à 9 attendus")
            raise CellError(f"date illisible « {shown(raw)} » : JJ/MM/AAAA ou AAAA-MM-JJ attendu")
        year, month, day = match.groups()
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(f"date impossible « {raw} »") from None
    return _in_range(parsed)


def _amount_bounded(amount: Decimal) -> Decimal:
    why = amount_range_error(amount)
    if why is not None:
        raise CellError(why)
    return amount


def amount_from_text(text: str) -> Decimal:
    """``parse_amount`` within the amount ceiling, refusing letters (``1e5`` is not how an
    invoice writes an amount) and digits other than ``0``-``9``."""
    raw = text.strip()
    if any(c.isalpha() for c in text.replace("EUR", "")):
        raise CellError(f"montant illisible : « {shown(raw)} »")
    if has_foreign_digits(raw):
        raise CellError(f"montant « {raw} » : chiffres 0 à 9 attendus")
    if sum(c.isdigit() for c in raw) > MAX_AMOUNT_DIGITS:
        raise CellError(f"montant avec trop de chiffres : hors limites (au plus {MAX_AMOUNT_FR})")
    try:
        return _amount_bounded(parse_amount(text))
    except InvalidAmount as exc:
        raise CellError(shown(str(exc))) from None


def rate_from_text(text: str) -> Decimal:
    """``10,5 %`` -> ``Decimal("10.5")`` (percent per year), digits ``0``-``9`` only."""
    raw = text.strip().rstrip("%").strip().replace(",", ".").replace(" ", "")
    if _RATE.fullmatch(raw) is None:
        raise CellError(f"taux illisible « {shown(text.strip())} » : un pourcentage attendu")
    return Decimal(raw)


def amount_from_number(value: float | int) -> Decimal:
    amount = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if not amount.is_finite():
        raise CellError(f"montant illisible : {value!r}")
    _amount_bounded(amount)
    if amount != amount.quantize(CENT):
        raise CellError(f"montant avec plus de deux décimales : {value!r}")
    return amount.quantize(CENT)


# --- CSV: every cell is text ---------------------------------------------------------------


def date_from_csv(text: str) -> date:
    """``date_from_text`` with a fast path for the two usual shapes (a million rows...)."""
    if len(text) == 10 and text.isascii():
        try:
            if text[2] == "/" and text[5] == "/":
                day, month, year = text[:2], text[3:5], text[6:]
                if (
                    day.isdigit()
                    and month.isdigit()
                    and year.isdigit()
                    and _FIRST_YEAR <= year <= _LAST_YEAR
                ):
                    return date(int(year), int(month), int(day))
            elif text[4] == "-" and text[7] == "-" and _FIRST_YEAR <= text[:4] <= _LAST_YEAR:
                return date.fromisoformat(text)
        except ValueError:
            pass
    return date_from_text(text)


def amount_from_csv(text: str) -> Decimal:
    """``amount_from_text`` with a fast path for ``1234,56``, ``1 234,56`` and ``1234.56``
    below a billion euros (ten digits or more take the checked path)."""
    if len(text) > 3 and text[-3] == ",":  # the French export's shape: straight to the cents
        units = text[:-3].replace(" ", "") if " " in text else text[:-3]
        decimals = text[-2:]
        if (
            len(units) < 10
            and units.isdigit()
            and decimals.isdigit()
            and units.isascii()
            and decimals.isascii()
        ):
            return Decimal(f"{units}.{decimals}")
    if len(text) < 11:  # at most ten digits: below the ceiling
        if "." not in text:
            plain = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
            plain = plain.replace(",", ".", 1)
        elif "," not in text:
            plain = text.replace(" ", "")
        else:
            plain = ""
        if plain and plain.replace(".", "", 1).isdigit() and plain.isascii():
            value = Decimal(plain)
            cents = value.quantize(CENT)
            if value == cents:
                return cents
    return amount_from_text(text)


def cell_text_error(text: str) -> str | None:
    """Why a cell's text cannot be read at all (too long, a control character), or ``None``."""
    if len(text) > MAX_CELL_CHARS:
        return cell_size_error(len(text))
    return control_character_error(text)


CSV_PARSERS: Mapping[CellType, Callable[[str], Cell]] = {
    CellType.DATE: date_from_csv,
    CellType.MONEY: amount_from_csv,
    CellType.RATE: rate_from_text,
}


class CsvRowReader:
    """Turns the list of strings ``csv.reader`` yields into a ``RawRow``: text cells stripped,
    dates, amounts and rates parsed, unreadable cells reported with their line and column.

    Parsed dates are remembered (a file holds few distinct dates), up to ``DATE_CACHE`` of them.
    """

    DATE_CACHE = 50_000

    def __init__(self, positions: Mapping[Field, int], columns: Mapping[Field, str]) -> None:
        self.positions = positions
        self.columns = columns
        self.width = max(positions.values(), default=-1) + 1
        self._text = tuple((f, i) for f, i in positions.items() if CELL_TYPES[f] is CellType.TEXT)
        self._dates = tuple(
            (f, i, columns[f]) for f, i in positions.items() if CELL_TYPES[f] is CellType.DATE
        )
        self._others = tuple(
            (f, i, columns[f], CSV_PARSERS[CELL_TYPES[f]])
            for f, i in positions.items()
            if CELL_TYPES[f] in (CellType.MONEY, CellType.RATE)
        )
        self._date_cache: dict[str, date] = {}

    def __call__(self, line: int, values: list[str]) -> RawRow | None:
        """The row, or ``None`` when every recognised cell is blank."""
        if len(values) < self.width:
            values = values + [""] * (self.width - len(values))
        cells: dict[Field, Cell] = {f: v for f, i in self._text if (v := values[i].strip())}
        issues: list[ImportIssue] | None = None
        known = self._date_cache
        for f, i, column in self._dates:
            value = values[i].strip()
            if value:
                day = known.get(value)
                if day is None:
                    try:
                        day = date_from_csv(value)
                    except CellError as exc:
                        issues = issues or []
                        issues.append(ImportIssue(line, column, str(exc)))
                        continue
                    if len(known) >= self.DATE_CACHE:
                        known.clear()
                    known[value] = day
                cells[f] = day
        for f, i, column, parse in self._others:
            value = values[i].strip()
            if value:
                try:
                    cells[f] = parse(value)
                except CellError as exc:
                    issues = issues or []
                    issues.append(ImportIssue(line, column, str(exc)))
        if not cells and not issues:
            return None
        return _new_tuple(RawRow, (line, cells, tuple(issues) if issues else ()))

    def checked(self, line: int, values: list[str]) -> RawRow | None:
        """``self(line, values)`` for a row that may break the cell limits (a cell too long, a
        control character): each such cell is an error and is left out of the row."""
        refused: list[ImportIssue] = []
        values = list(values)
        for f, index in self.positions.items():
            if index < len(values) and (why := cell_text_error(values[index])) is not None:
                refused.append(ImportIssue(line, self.columns[f], why))
                values[index] = ""
        row = self(line, values)
        if not refused:
            return row
        if row is None:
            return RawRow(line, {}, tuple(refused))
        return RawRow(line, row.cells, (*refused, *row.issues))


# --- XLSX: cells typed by python-calamine --------------------------------------------------


def _number_text(value: float | int, width: int | None) -> str:
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    text = str(int(value))
    return text.zfill(width) if width is not None else text


def xlsx_reader(f: Field) -> Reader:
    """How to read a spreadsheet cell of field ``f``."""
    kind = CELL_TYPES[f]
    width = _PADDED.get(f)

    def read(value: object) -> Cell | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise CellError(f"valeur booléenne inattendue : {value}")
        if isinstance(value, str) and (why := cell_text_error(value)) is not None:
            raise CellError(why)
        match kind:
            case CellType.TEXT:
                if isinstance(value, int | float):
                    return _number_text(value, width)
                if isinstance(value, datetime):
                    return value.date().isoformat()
                if isinstance(value, date):
                    return value.isoformat()
                return str(value).strip()
            case CellType.DATE:
                if isinstance(value, datetime):
                    return _in_range(value.date())
                if isinstance(value, date):
                    return _in_range(value)
                if isinstance(value, str):
                    return date_from_text(value)
                raise CellError(f"date illisible : {value!r} (cellule non formatée en date)")
            case CellType.MONEY:
                if isinstance(value, int | float):
                    return amount_from_number(value)
                return amount_from_text(str(value))
            case CellType.RATE:
                if isinstance(value, int):
                    return Decimal(value)
                if isinstance(value, float) and math.isfinite(value):
                    return Decimal(repr(value))
                if isinstance(value, float):
                    raise CellError(f"taux illisible : {value!r}")
                return rate_from_text(str(value))

    return read


# --- Rows ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnReader:
    field: Field
    index: int
    column: str
    read: Reader


def column_readers(
    positions: Mapping[Field, int],
    columns: Mapping[Field, str],
    reader_for: Callable[[Field], Reader],
) -> tuple[ColumnReader, ...]:
    return tuple(
        ColumnReader(f, index, columns[f], reader_for(f)) for f, index in positions.items()
    )


def typed_row(line: int, values: Sequence[object], readers: Sequence[ColumnReader]) -> RawRow:
    """The ``RawRow`` of one line: each recognised cell read, each unreadable one an issue."""
    cells: dict[Field, Cell] = {}
    issues: list[ImportIssue] = []
    width = len(values)
    for r in readers:
        if r.index >= width:
            continue
        try:
            cell = r.read(values[r.index])
        except CellError as exc:
            issues.append(ImportIssue(line, r.column, str(exc)))
            continue
        if cell is not None:
            cells[r.field] = cell
    return RawRow(line, cells, tuple(issues))
