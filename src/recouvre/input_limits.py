"""The limits every input file is held to, and the YAML loader and JSON checks that apply them.

A statement, prescription, scenario or contact-policy file comes from a user or an export: it
may be careless or hostile. Each limit below turns what would be a blow-up or a traceback into
a located French error (docs/statement-format.md, « Limites ») :

- YAML aliases and anchors (``&a`` / ``*a``) are refused: a 644-byte file of nested aliases
  expands to billions of nodes; no input format of recouvre needs them.
- Nesting is at most ``MAX_NESTING`` levels (the formats need 4): a deeper file is refused
  before the recursive parsers reach Python's recursion limit.
- A file is at most ``MAX_FILE_BYTES``; an integer at most ``MAX_INTEGER_DIGITS`` digits.
- Dates lie between ``EARLIEST_DATE`` and ``LATEST_DATE``: ``31/12/9999`` is an ERP
  placeholder, not a due date, and computing 30 years past it overflows ``datetime.date``.
- Amounts are at most ``MAX_AMOUNT`` (9 999 999 999,99 €), the one ceiling of every input path
  (invoice imports too): a million claims at the ceiling still add up within the 64-bit integer
  cents of the database.
- Durations (``alertes``) are at most ``MAX_PERIOD_YEARS``, the longest prescription
  (C. civ. 2232: the 20-year long-stop, 30 years for real actions, C. civ. 2227).

Keys are unique in each mapping: a duplicated key would otherwise be silently resolved (the
last one wins in YAML and JSON).

This module sits beside ``recouvre.adapters`` and ``recouvre.reference``, which may not import
each other, so that both read their files under the same limits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NESTING = 32
MAX_INTEGER_DIGITS = 30
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
MAX_AMOUNT = Decimal("9999999999.99")
MAX_PERIOD_YEARS = 30


class InputRefused(yaml.MarkedYAMLError):
    """A limit was crossed; ``line`` is 1-based (None when unknown), ``problem`` is French."""

    def __init__(self, line: int | None, problem: str) -> None:
        super().__init__(problem=problem)
        self.line = line

    def __str__(self) -> str:
        return str(self.problem)


def _line(node_or_event: Any) -> int | None:
    mark = getattr(node_or_event, "start_mark", None)
    return None if mark is None else int(mark.line) + 1


class GuardedLoader(yaml.SafeLoader):
    """The safe loader, refusing aliases, anchors, duplicate keys, deep nesting and long
    integers with ``InputRefused`` (the line of the offending node)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            raise InputRefused(_line(event), f"alias YAML « *{event.anchor} » refusé")
        if getattr(event, "anchor", None) is not None:
            raise InputRefused(_line(event), f"ancre YAML « &{event.anchor} » refusée")
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise InputRefused(_line(event), f"plus de {MAX_NESTING} niveaux d'imbrication")
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node)
        return node

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        check_integer_text(str(node.value), _line(node))
        return int(super().construct_yaml_int(node))


GuardedLoader.add_constructor("tag:yaml.org,2002:int", GuardedLoader.construct_yaml_int)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: set[str] = set()
    for key, _ in node.value:
        name = str(key.value)
        if name in seen:
            raise InputRefused(_line(key), f"clé « {name} » en double")
        seen.add(name)


def check_integer_text(text: str, line: int | None = None) -> None:
    """``InputRefused`` for an integer of more than ``MAX_INTEGER_DIGITS`` digits."""
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_INTEGER_DIGITS:
        raise InputRefused(line, f"nombre de plus de {MAX_INTEGER_DIGITS} chiffres")


def read_limited(path: Path) -> bytes:
    """The bytes of ``path``, reading no more than ``MAX_FILE_BYTES`` + 1 (``OSError`` as is)."""
    with path.open("rb") as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def decode_utf8(data: bytes) -> str:
    """The text of a UTF-8 file within ``MAX_FILE_BYTES``; ``InputRefused`` naming the line of
    the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise InputRefused(None, f"fichier de plus de {MAX_FILE_BYTES // (1024 * 1024)} Mio")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputRefused(
            line, f"texte non UTF-8 (octet 0x{data[exc.start]:02x}) : enregistrez-le en UTF-8"
        ) from None


def check_nesting(text: str) -> None:
    """``InputRefused`` when brackets (``[`` / ``{`` outside strings and comments, for JSON and
    TOML) nest deeper than ``MAX_NESTING``: checked before the recursive parsers run."""
    depth, line, quote, escaped, comment = 0, 1, "", False, False
    for ch in text:
        if ch == "\n":
            line, comment = line + 1, False
        if comment:
            continue
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise InputRefused(line, f"plus de {MAX_NESTING} niveaux d'imbrication")
        elif ch in "]}":
            depth -= 1


def _french(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def check_date(day: date) -> date:
    """``ValueError`` (French) for a date outside ``EARLIEST_DATE``..``LATEST_DATE``."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"date hors limites « {_french(day)} » : attendu entre {_french(EARLIEST_DATE)} "
            f"et {_french(LATEST_DATE)}"
        )
    return day


def check_amount(amount: Decimal) -> Decimal:
    """``ValueError`` (French) for an amount whose absolute value exceeds ``MAX_AMOUNT``."""
    if abs(amount) > MAX_AMOUNT:
        ceiling = f"{MAX_AMOUNT:,.2f}".replace(",", " ").replace(".", ",")
        raise ValueError(f"montant supérieur au plafond de {ceiling} €")
    return amount
