"""Append legal rows to the user's law file (TOML ``[[rows]]``), atomically.

The new text is the old one plus the rows, written to a temporary file in the same folder and
renamed over the old one: a crash leaves the old file or the new one, never half a row.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from recouvre.adapters.rates_feed import RatesFeedError
from recouvre.law.parameters import LegalRow

HEADER = (
    "# Lignes juridiques de l'utilisateur (recouvre/reference/loader.py) : elles complètent\n"
    "# ou remplacent les lignes livrées de même clé et même date d'effet.\n"
)


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL, which TOML forbids raw too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _number(value: Decimal) -> str:
    text = f"{value:f}"
    return text if "." in text else text + ".0"


def render_rows(rows: Iterable[LegalRow], comment: str) -> str:
    parts = [f"\n# {comment}\n"]
    for row in rows:
        parts.append("\n[[rows]]\n")
        parts.append(f"key = {_string(row.key)}\n")
        parts.append(f"effective_from = {row.effective_from.isoformat()}\n")
        if row.until is not None:
            parts.append(f"until = {row.until.isoformat()}\n")
        parts.append(f"value = {_number(row.value)}\n")
        parts.append(f"unit = {_string(row.unit)}\n")
        parts.append(f"source = {_string(row.source)}\n")
        parts.append(f"status = {_string(row.status.value)}\n")
        if row.note:
            parts.append(f"note = {_string(row.note)}\n")
    return "".join(parts)


def current_text(path: Path) -> str:
    """The file's text, or its header when it does not exist yet."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return HEADER
    except (OSError, UnicodeDecodeError) as error:
        raise RatesFeedError(f"{path} : lecture impossible ({error})") from None


def write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".law-update-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise RatesFeedError(f"{path} : écriture impossible ({error.strerror})") from None
