"""Wiring of ``recouvre law update``: the official feeds, the comparison, the user's law file.

Fetch both feeds (``adapters.rates_feed``), keep the rows the tables lack
(``services.law_rates.updates``), then, once the user has confirmed, append them to the user's
law file (``Settings.user_law_file``: ``RECOUVRE_LAW_FILE``, else ``config/law.toml`` of the data
folder, which the loader reads). Both answers are read whole before anything is shown; the new
file is parsed back with the loader's own reader before it replaces the old one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from recouvre.adapters.rates_feed import RatesFeedError
from recouvre.adapters.rates_feed.ecb import parse_ecb
from recouvre.adapters.rates_feed.http import fetch
from recouvre.adapters.rates_feed.law_file import current_text, render_rows, write_atomically
from recouvre.adapters.rates_feed.legal_rate import parse_legal_rate
from recouvre.law.parameters import LegalRow
from recouvre.reference.loader import LawFileError, load_tables, parse_rows
from recouvre.services.law_rates.updates import new_rows
from recouvre.settings import Settings, load_rates_feed_settings, load_settings

__all__ = ["LawFileError", "RatesFeedError", "RatesUpdate", "add_rows", "fetch_updates"]


@dataclass(frozen=True, slots=True)
class RatesUpdate:
    """The rows the official feeds give and the tables lack, and the file they would go to."""

    on: date
    rows: tuple[LegalRow, ...]
    target: Path
    sources: tuple[str, ...]


def fetch_updates(on: date, settings: Settings | None = None) -> RatesUpdate:
    """Fetch and compare; ``RatesFeedError`` (French) when a feed cannot be used."""
    settings = settings or load_settings()
    feeds = load_rates_feed_settings()
    tables = load_tables(settings.law_file)
    fetched = [
        *parse_ecb(fetch(feeds.ecb_url, feeds.timeout), feeds.ecb_url, on, on),
        *parse_legal_rate(fetch(feeds.legal_rate_url, feeds.timeout), feeds.legal_rate_url, on),
    ]
    return RatesUpdate(
        on=on,
        rows=new_rows(fetched, tables),
        target=settings.user_law_file,
        sources=(feeds.ecb_url, feeds.legal_rate_url),
    )


def add_rows(update: RatesUpdate) -> Path:
    """Append the update's rows to its target file, atomically; returns the file."""
    comment = f"ajoutées par recouvre law update le {update.on.strftime('%d/%m/%Y')}"
    text = current_text(update.target) + render_rows(update.rows, comment)
    _, errors = parse_rows(text, str(update.target))
    if errors:
        raise LawFileError(errors)
    write_atomically(update.target, text)
    return update.target
