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
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from recouvre.adapters.rates_feed import RatesFeedError
from recouvre.adapters.rates_feed.ecb import parse_ecb
from recouvre.adapters.rates_feed.http import fetch
from recouvre.adapters.rates_feed.law_file import current_text, render_rows, write_atomically
from recouvre.adapters.rates_feed.legal_rate import parse_legal_rate
from recouvre.law.parameters import LegalRow
from recouvre.rates_feed_settings import load_rates_feed_settings
from recouvre.reference.loader import LawFileError, load_tables, parse_rows
from recouvre.services.law_rates.updates import new_rows
from recouvre.settings import Settings, load_settings

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
    ecb_shown, legal_shown = shown_url(feeds.ecb_url), shown_url(feeds.legal_rate_url)
    ecb_answer = _fetch(feeds.ecb_url, ecb_shown, feeds.timeout)
    legal_answer = _fetch(feeds.legal_rate_url, legal_shown, feeds.timeout)
    fetched = [
        *parse_ecb(ecb_answer, ecb_shown, on, on),
        *parse_legal_rate(legal_answer, legal_shown, on),
    ]
    return RatesUpdate(
        on=on,
        rows=new_rows(fetched, tables),
        target=settings.user_law_file,
        sources=(ecb_shown, legal_shown),
    )


def shown_url(url: str) -> str:
    """``url`` without its API key (``apikey=``), as messages and sources print it."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "apikey"]
    if len(query) == len(parse_qsl(parts.query, keep_blank_values=True)):
        return url
    return urlunsplit(parts._replace(query=urlencode(query, safe=",()\"")))


def _fetch(url: str, shown: str, timeout: int) -> bytes:
    try:
        return fetch(url, timeout)
    except RatesFeedError as error:
        raise RatesFeedError(str(error).replace(url, shown)) from None


def add_rows(update: RatesUpdate) -> Path:
    """Append the update's rows to its target file, atomically; returns the file."""
    comment = f"ajoutées par recouvre law update le {update.on.strftime('%d/%m/%Y')}"
    text = current_text(update.target) + render_rows(update.rows, comment)
    _, errors = parse_rows(text, str(update.target))
    if errors:
        raise LawFileError(errors)
    write_atomically(update.target, text)
    return update.target
