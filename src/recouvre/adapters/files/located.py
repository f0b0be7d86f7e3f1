"""Reading a YAML or JSON input file so that every problem names its file, line and field.

The input files of the command line (``recouvre statement FILE``, ``recouvre prescription
FILE``) share these pieces: a safe YAML loader that keeps dates as text and floats as exact
``Decimal`` (so a bad date is a located error, not a crash, and no amount is a binary float),
the map from field path to line, and a reader that collects every error before failing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml

from recouvre.domain.money import InvalidAmount
from recouvre.input_limits import (
    GuardedLoader,
    InputRefused,
    check_date,
    check_integer_text,
    check_nesting,
    decode_utf8,
    read_limited,
)

T = TypeVar("T")

FieldPath = tuple[str | int, ...]


class InputLoader(GuardedLoader):
    """Guarded safe loader keeping dates as text and YAML floats as ``Decimal``."""


InputLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def _decimal_or_text(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal | str:
    """YAML floats become exact ``Decimal`` (never binary floats); ``.inf``/``.nan`` stay text
    and are then refused, with their location, by the field's parser."""
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    return value if value.is_finite() else text


InputLoader.add_constructor("tag:yaml.org,2002:float", _decimal_or_text)


def _json_int(text: str) -> int:
    check_integer_text(text)
    return int(text)


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputRefused(None, f"clé « {key} » en double")
        out[key] = value
    return out


def refusal(origin: str, exc: InputRefused) -> str:
    """``fichier:ligne : problème`` for a crossed limit."""
    where = f"{origin}:{exc.line}" if exc.line is not None else origin
    return f"{where} : {exc.problem}"


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path`` within the size limit; ``ValueError`` (French) otherwise."""
    try:
        return decode_utf8(read_limited(path))
    except OSError as exc:
        raise ValueError(f"{path} : lecture impossible ({exc.strerror})") from None
    except InputRefused as exc:
        raise ValueError(refusal(str(path), exc)) from None


def load_document(text: str, origin: str) -> Any:
    """The parsed file (JSON when ``origin`` ends in ``.json``, else YAML); ``ValueError`` with
    the French message and the line of a syntax error or of a crossed limit."""
    try:
        if origin.lower().endswith(".json"):
            check_nesting(text)
            return json.loads(
                text, parse_float=Decimal, parse_int=_json_int, object_pairs_hook=_json_object
            )
        return yaml.load(text, Loader=InputLoader)
    except InputRefused as exc:
        raise ValueError(refusal(origin, exc)) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{origin}:{exc.lineno} : JSON invalide ({exc.msg})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(f"{origin}{where} : YAML invalide ({exc})") from None


def line_map(text: str) -> dict[FieldPath, int]:
    """1-based line of every mapping key and sequence item, by path."""
    try:
        root = yaml.compose(text, Loader=InputLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[FieldPath, int] = {}

    def walk(node: yaml.Node, path: FieldPath) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


def dotted(path: FieldPath) -> str:
    """``("factures", 2, "echeance")`` -> ``factures[2].echeance``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class LocatedReader:
    """Reads fields and collects every error with its file, line and field path."""

    def __init__(self, origin: str, lines: dict[FieldPath, int]) -> None:
        self.origin, self.lines = origin, lines
        self.errors: list[str] = []

    def error(self, path: FieldPath, message: str) -> None:
        line = self.lines.get(path) or self.lines.get(path[:-1])
        where = f"{self.origin}:{line}" if line else self.origin
        self.errors.append(f"{where} (champ « {dotted(path)} ») : {message}")

    def get(
        self,
        data: dict[str, Any],
        path: FieldPath,
        key: str,
        parse: Callable[[Any], T],
        required: bool = True,
    ) -> T | None:
        if key not in data or data[key] is None:
            if required:
                self.error((*path, key), "champ obligatoire absent")
            return None
        try:
            return parse(data[key])
        except (ValueError, InvalidAmount) as exc:
            self.error((*path, key), str(exc))
            return None

    def check_fields(self, data: dict[str, Any], path: FieldPath, allowed: set[str]) -> None:
        for key in sorted(set(data) - allowed, key=str):
            self.error((*path, str(key)), "champ inconnu")

    def table(self, value: Any, path: FieldPath) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(path, "table de champs attendue")
            return None
        return value

    def items(self, data: dict[str, Any], key: str) -> list[tuple[FieldPath, dict[str, Any]]]:
        """The tables of the list ``data[key]`` with their paths (none when it is absent)."""
        raw = data.get(key) or []
        if not isinstance(raw, list):
            self.error((key,), "liste attendue")
            return []
        out: list[tuple[FieldPath, dict[str, Any]]] = []
        for i, item in enumerate(raw):
            table = self.table(item, (key, i))
            if table is not None:
                out.append(((key, i), table))
        return out


def parse_date(value: Any) -> date:
    """A YAML/JSON date: ``AAAA-MM-JJ`` or ``JJ/MM/AAAA`` within the accepted range;
    ``ValueError`` otherwise."""
    if isinstance(value, datetime):
        return check_date(value.date())
    if isinstance(value, date):
        return check_date(value)
    if isinstance(value, str):
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                day = datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a date only
            except ValueError:
                continue
            return check_date(day)
    raise ValueError(f"date illisible « {value} » : attendu AAAA-MM-JJ ou JJ/MM/AAAA")


def choice(table: dict[str, T]) -> Callable[[Any], T]:
    """A parser accepting the keys of ``table`` (case-insensitive) and giving their values."""

    def parse(value: Any) -> T:
        key = str(value).strip().lower()
        if key not in table:
            raise ValueError(f"« {value} » inconnu, attendu l'une de : {', '.join(table)}")
        return table[key]

    return parse


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("true ou false attendu")
