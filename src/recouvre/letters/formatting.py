"""French (and English) formats for amounts, rates and dates, through Babel (CLDR).

Babel is a pure formatting library, so the letters may use it. French amounts come out as
``1\u202f234,56\u00a0€``: the group separator is a narrow no-break space (U+202F) and the euro sign
follows a no-break space (U+00A0), so an amount is never split across two lines; the fonts the
PDF embeds must contain both characters. Dates read ``3 novembre 2026`` and ``1er novembre 2026``
(French writes the first day of a month as an ordinal).

The formatters are memoised (pure functions of their arguments): a letter formats the same
amounts and dates several times, and the mentions checker formats them again (about 30 µs a
Babel call).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from recouvre.letters.view_model import Language

NBSP = "\u00a0"
NNBSP = "\u202f"

_LOCALES = {Language.FR: "fr_FR", Language.EN: "en_GB"}

UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""The characters stored text must never bring to a page or a terminal: C0 controls but tab
and newline, DEL and C1, the directional marks, embeddings, overrides and isolates (an ESC
drives a terminal, PDF/A refuses controls, U+202E reverses the words that follow)."""


def locale_of(language: Language) -> str:
    return _LOCALES[language]


@lru_cache(maxsize=8192)
def eur(amount: Decimal, language: Language = Language.FR) -> str:
    """``Decimal('1234.5')`` -> ``1 234,50 €`` (no-break spaces); English ``€1,234.50``."""
    return str(format_currency(amount, "EUR", locale=locale_of(language)))


def number(value: Decimal, language: Language = Language.FR) -> str:
    """Two decimals, no currency sign: ``Decimal('-1234.5')`` -> ``-1 234,50`` (U+202F)."""
    return str(format_decimal(value, format="#,##0.00", locale=locale_of(language)))


def rate(percent: Decimal, language: Language = Language.FR) -> str:
    """An annual rate in percent: ``Decimal('12.15')`` -> ``12,15 %`` (no-break space)."""
    text = number(percent, language)
    match language:
        case Language.FR:
            return f"{text}{NBSP}%"
        case Language.EN:
            return f"{text}%"


@lru_cache(maxsize=4096)
def long_date(day: date, language: Language = Language.FR) -> str:
    """``3 novembre 2026``; ``1er novembre 2026``; English ``3 November 2026``. Day and month
    are joined by a no-break space so that a date is not split across lines."""
    text = str(format_date(day, "long", locale=locale_of(language)))
    if language is Language.FR and day.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]
    return text.replace(" ", NBSP, 1)


def short_date(day: date, language: Language = Language.FR) -> str:
    """``03/11/2026`` in both languages (the European order), the year always on four digits
    (``01/01/0001``: ``strftime`` would write ``1``)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def days(count: int, language: Language = Language.FR) -> str:
    """``8 jours`` / ``8 days``, never split."""
    match language:
        case Language.FR:
            return f"{count}{NBSP}jour" + ("s" if count > 1 else "")
        case Language.EN:
            return f"{count}{NBSP}day" + ("s" if count != 1 else "")


def normalise_spaces(text: str) -> str:
    """Replace no-break spaces by ordinary ones: for comparisons and searches only."""
    return text.replace(NNBSP, " ").replace(NBSP, " ")
