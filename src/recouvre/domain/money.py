"""Money: ``Decimal`` euros in code, integer cents in storage.

Amounts are never floats. Rounding happens only where the law or a document rounds, and then
half-up to the cent (the usual commercial rule, used by the late-payment computations of
C. com. L441-10 slice by slice).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from recouvre.domain.errors import DomainError

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# What ``Decimal`` may read once separators are normalised: digits and one decimal point. The
# constructor alone would also take ``1e5``, ``1_000``, ``NaN`` or ``Infinity``, none of which is
# how an invoice or a statement writes an amount.
# ASCII digits only: ``\d`` would also read Arabic-Indic or fullwidth digits, which no French
# export writes and which Python turns into numbers silently.
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class InvalidAmount(DomainError, ValueError):
    """An amount that is not a finite number of euros with at most two decimals."""


def round_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent (``Decimal('1.005')`` -> ``Decimal('1.01')``)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Exact conversion to integer cents; refuses sub-cent amounts instead of rounding them."""
    if not amount.is_finite():
        raise InvalidAmount(f"montant non fini : {amount}")
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise InvalidAmount(f"montant avec plus de deux décimales : {amount}")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    """Integer cents from storage back to a two-decimal ``Decimal``."""
    return (Decimal(cents) / 100).quantize(CENT)


def parse_amount(text: str) -> Decimal:
    """Parse an amount written the French way (``1 234,56``, ``1.234,56``) or the ISO way.

    Accepts a leading minus, spaces (ordinary, no-break, narrow no-break) as thousands
    separators and an optional euro sign; refuses exponents (``1e5``) and other forms
    ``Decimal`` would read. Raises ``InvalidAmount`` with a French message.
    """
    raw = text.strip().replace("€", "").replace("EUR", "").strip()
    for space in (" ", "\u00a0", "\u202f", "'"):
        raw = raw.replace(space, "")
    if not raw:
        raise InvalidAmount("montant vide")
    if "," in raw and "." in raw:
        # The last separator is the decimal one: "1.234,56" (FR) or "1,234.56" (EN).
        if raw.rfind(",") > raw.rfind("."):
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".")
    if _PLAIN_DECIMAL.fullmatch(raw) is None:
        raise InvalidAmount(f"montant illisible : « {text.strip()} »")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InvalidAmount(f"montant illisible : « {text.strip()} »") from None
    if not value.is_finite():
        raise InvalidAmount(f"montant illisible : « {text.strip()} »")
    try:
        cents = value.quantize(CENT)
    except InvalidOperation:  # more digits than the context holds (about 10^26 and beyond)
        raise InvalidAmount(f"montant hors limites : « {text.strip()} »") from None
    if value != cents:
        raise InvalidAmount(f"montant avec plus de deux décimales : « {text.strip()} »")
    return cents
