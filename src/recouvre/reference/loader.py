"""Load the legal tables: shipped TOML rows, then the user's corrections.

Pipeline (each stage visible, errors as a list rather than the first one raised):

1. read every ``recouvre/reference/data/*.toml`` shipped in the package
   (``importlib.resources``, so it works from a wheel too);
2. read the user's corrections file (``Settings.law_file``, env ``RECOUVRE_LAW_FILE``) if any;
3. a user row with the same ``(key, effective_from)`` as a shipped row replaces it; other user
   rows extend the tables (e.g. next half-year's rates as soon as they are published);
4. build an immutable ``recouvre.law.parameters.LegalTables``.

File format (one table per row, TOML dates, decimals parsed as ``Decimal``)::

    [[rows]]
    key = "ecb_mro"
    effective_from = 2027-01-01
    until = 2027-06-30          # optional: last day the row applies
    value = 2.40
    unit = "percent"
    source = "BCE, communiqué du ..."
    status = "verified"         # verified | secondary | unverified
    note = ""                   # optional

Corrections stored in the database are not supported yet (a later issue); the file is the
only correction channel today.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from recouvre.input_limits import InputRefused, check_nesting, decode_utf8, read_limited
from recouvre.law.parameters import LegalRow, LegalTables, Status
from recouvre.reference.errors import ReferenceDataError

DATA_PACKAGE = "recouvre.reference.data"
_REQUIRED = ("key", "effective_from", "value", "unit", "source", "status")
_ALLOWED = {*_REQUIRED, "until", "note"}


class LawFileError(ReferenceDataError):
    """A legal-data file could not be read; ``errors`` lists every problem found."""

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(self.errors))


def _field_error(origin: str, index: int, field: str, message: str) -> str:
    return f"{origin}, ligne de données n° {index} (champ « {field} ») : {message}"


def _row_from_mapping(
    raw: Mapping[str, Any], origin: str, index: int
) -> tuple[LegalRow | None, list[str]]:
    errors: list[str] = []
    for field in _REQUIRED:
        if field not in raw:
            errors.append(_field_error(origin, index, field, "champ obligatoire absent"))
    for field in raw:
        if field not in _ALLOWED:
            errors.append(_field_error(origin, index, field, "champ inconnu"))
    if errors:
        return None, errors
    key = raw["key"]
    if not isinstance(key, str) or not key.strip():
        errors.append(_field_error(origin, index, "key", "texte non vide attendu"))
    start = raw["effective_from"]
    if not isinstance(start, date):
        errors.append(_field_error(origin, index, "effective_from", "date AAAA-MM-JJ attendue"))
    until = raw.get("until")
    if until is not None and not isinstance(until, date):
        errors.append(_field_error(origin, index, "until", "date AAAA-MM-JJ attendue"))
    if isinstance(start, date) and isinstance(until, date) and until < start:
        errors.append(_field_error(origin, index, "until", "antérieure à effective_from"))
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        errors.append(_field_error(origin, index, "value", "nombre attendu"))
        number = None
    else:
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite():
            errors.append(_field_error(origin, index, "value", f"nombre illisible : {value!r}"))
    try:
        status = Status(raw["status"])
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        errors.append(_field_error(origin, index, "status", f"valeur attendue parmi : {allowed}"))
    for field in ("unit", "source"):
        if not isinstance(raw[field], str):
            errors.append(_field_error(origin, index, field, "texte attendu"))
    note = raw.get("note", "")
    if not isinstance(note, str):
        errors.append(_field_error(origin, index, "note", "texte attendu"))
    if errors or number is None:
        return None, errors
    return (
        LegalRow(
            key=key.strip(),
            effective_from=start,
            until=until,
            value=number,
            unit=raw["unit"],
            source=raw["source"],
            status=status,
            note=note,
        ),
        [],
    )


def parse_rows(text: str, origin: str) -> tuple[list[LegalRow], list[str]]:
    """Parse one TOML document of rows; returns the rows and the errors (file, row, field)."""
    try:
        check_nesting(text)
        document = tomllib.loads(text, parse_float=Decimal)
    except InputRefused as exc:
        return [], [f"{origin} : {exc}"]
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{origin} : TOML invalide ({exc})"]
    except ValueError as exc:  # an integer beyond Python's conversion limit
        return [], [f"{origin} : nombre illisible ({exc})"]
    raw_rows = document.get("rows", [])
    unknown = sorted(set(document) - {"rows"})
    errors = [f"{origin} : section inconnue « {name} » (seul [[rows]] est lu)" for name in unknown]
    if not isinstance(raw_rows, list):
        return [], [*errors, f"{origin} : « rows » doit être une liste de tables [[rows]]"]
    rows: list[LegalRow] = []
    seen: set[tuple[str, date]] = set()
    for index, raw in enumerate(raw_rows, start=1):
        if not isinstance(raw, dict):
            errors.append(f"{origin}, ligne de données n° {index} : table attendue")
            continue
        row, row_errors = _row_from_mapping(raw, origin, index)
        errors.extend(row_errors)
        if row is None:
            continue
        ident = (row.key, row.effective_from)
        if ident in seen:
            errors.append(
                _field_error(
                    origin,
                    index,
                    "effective_from",
                    f"doublon pour {row.key} au {row.effective_from.isoformat()}",
                )
            )
            continue
        seen.add(ident)
        rows.append(row)
    return rows, errors


def shipped_rows() -> list[LegalRow]:
    """Every row of the TOML files shipped in ``recouvre/reference/data``."""
    rows: list[LegalRow] = []
    errors: list[str] = []
    folder = resources.files(DATA_PACKAGE)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        file_rows, file_errors = parse_rows(entry.read_text(encoding="utf-8"), entry.name)
        rows.extend(file_rows)
        errors.extend(file_errors)
    if errors:
        raise LawFileError(errors)
    return rows


def user_rows(law_file: Path) -> list[LegalRow]:
    """The rows of the user's corrections file; ``LawFileError`` lists every problem."""
    try:
        text = decode_utf8(read_limited(law_file))
    except OSError as exc:
        raise LawFileError([f"{law_file} : lecture impossible ({exc.strerror})"]) from None
    except InputRefused as exc:
        where = f"{law_file}:{exc.line}" if exc.line is not None else str(law_file)
        raise LawFileError([f"{where} : {exc}"]) from None
    rows, errors = parse_rows(text, str(law_file))
    if errors:
        raise LawFileError(errors)
    return rows


def merge(base: Iterable[LegalRow], corrections: Iterable[LegalRow]) -> list[LegalRow]:
    """Corrections replace base rows with the same (key, effective_from) and add the others."""
    merged = {(row.key, row.effective_from): row for row in base}
    for row in corrections:
        merged[(row.key, row.effective_from)] = row
    return [merged[ident] for ident in sorted(merged)]


def load_tables(law_file: Path | None = None) -> LegalTables:
    """The legal tables in force for this installation (shipped rows + user corrections)."""
    rows = shipped_rows()
    if law_file is not None:
        rows = merge(rows, user_rows(law_file))
    return LegalTables(rows)
