"""Presentation helpers of the pages: French amounts and dates, and the ageing balance drawn
as an SVG bar chart on the server (no script, readable when printed: each bar carries its
label, its amount and its invoice count in text, not by colour alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.entrypoints.cli.labels import fr_date
from recouvre.letters.formatting import eur
from recouvre.services.cases.portfolio import AgeingBucket, BucketTotal

__all__ = ["Bar", "ageing_bars", "days_late", "eur", "fr_date", "money_short"]

CHART_WIDTH = 640
LABEL_WIDTH = 150
VALUE_WIDTH = 170
BAR_HEIGHT = 26
BAR_GAP = 12
_TONES = ("due", "b1", "b2", "b3", "b4", "b5")  # CSS classes, from not yet due to oldest


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    amount: str
    invoices: int
    y: int
    width: int
    tone: str


def ageing_bars(buckets: tuple[BucketTotal, ...]) -> list[Bar]:
    largest = max((b.outstanding for b in buckets), default=Decimal(0)) or Decimal(1)
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for i, total in enumerate(buckets):
        width = int(room * total.outstanding / largest) if total.outstanding > 0 else 0
        label = "non échu" if total.bucket is AgeingBucket.NOT_YET_DUE else total.bucket.label
        bars.append(
            Bar(
                label=label,
                amount=eur(total.outstanding),
                invoices=total.invoices,
                y=i * (BAR_HEIGHT + BAR_GAP),
                width=max(width, 2 if total.outstanding > 0 else 0),
                tone=_TONES[i % len(_TONES)],
            )
        )
    return bars


def chart_height(bars: list[Bar]) -> int:
    return len(bars) * (BAR_HEIGHT + BAR_GAP)


# The phone layout of the same chart: label and amount on a line, the bar under them, so that
# the text stays readable when the drawing is 350 pixels wide.
COMPACT_WIDTH = 360
COMPACT_ROW = 46
COMPACT_BAR = 12


def compact_width(bar: Bar) -> int:
    room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    return round(bar.width * COMPACT_WIDTH / room) if bar.width else 0


def compact_height(bars: list[Bar]) -> int:
    return len(bars) * COMPACT_ROW


def days_late(due: date | None, on: date) -> int | None:
    return None if due is None else (on - due).days


def money_short(amount: Decimal) -> str:
    """« 1,2 M€ », « 845 k€ » for the headline figures; the exact amount is shown beside."""
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:.1f}".replace(".", ",") + "\u00a0M€"
    if amount >= 10_000:
        return f"{amount / 1000:.0f}\u00a0k€"
    return eur(amount)
