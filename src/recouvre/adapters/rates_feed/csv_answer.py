"""Read a feed's CSV answer into named columns; any defect is a ``RatesFeedError``."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from recouvre.adapters.rates_feed import RatesFeedError

MAX_LINES = 100_000


def read_table(
    content: bytes, url: str, required: tuple[str, ...], delimiter: str = ","
) -> list[dict[str, str]]:
    """The lines of a CSV answer as ``{column: text}``; the header must name ``required``."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RatesFeedError(f"{url} : réponse illisible (pas du texte UTF-8)") from None
    if "\x00" in text:
        raise RatesFeedError(f"{url} : réponse illisible (caractère nul)")
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise RatesFeedError(f"{url} : CSV illisible ({error})") from None
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        raise RatesFeedError(f"{url} : réponse vide")
    if len(lines) > MAX_LINES:
        raise RatesFeedError(f"{url} : plus de {MAX_LINES} lignes, réponse refusée")
    header = [cell.strip() for cell in lines[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise RatesFeedError(
            f"{url} : format inattendu, colonne(s) absente(s) : {', '.join(missing)}"
        )
    table: list[dict[str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        if len(line) != len(header):
            raise RatesFeedError(
                f"{url}, ligne {number} : {len(line)} champs au lieu de {len(header)}"
            )
        table.append(dict(zip(header, (cell.strip() for cell in line), strict=True)))
    return table


def percent(text: str, url: str, number: int) -> Decimal:
    """A rate in percent as the feeds write it (``2.15``)."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        raise RatesFeedError(f"{url}, ligne {number} : taux illisible « {text[:40]} »") from None
    if not value.is_finite() or not Decimal(-10) <= value <= Decimal(100):
        raise RatesFeedError(f"{url}, ligne {number} : taux hors limites « {text[:40]} »")
    return value


def iso_day(text: str, url: str, number: int) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RatesFeedError(f"{url}, ligne {number} : date illisible « {text[:40]} »") from None
