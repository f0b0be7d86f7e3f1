"""French wording of statement lines, and the notices a computation raises.

Why: a statement (décompte) is quoted in formal notices and court requests (CPC 1407 asks for
« le décompte des différents éléments de la créance »), so each computed line has a plain
French sentence, e.g.::

    >>> from decimal import Decimal
    >>> from datetime import date
    >>> interest_line("Pénalités de retard", Decimal("14.50"), date(2024, 3, 16),
    ...               date(2024, 6, 30), 107, Decimal("524.78")).replace("\\u00a0", " ")
    'Pénalités de retard au taux de 14,50 % du 16/03/2024 au 30/06/2024, soit 107 jours : 524,78 €'

The pure core formats numbers itself (no Babel): thousands separated by a narrow no-break
space (U+202F, as CLDR ``fr`` does), decimal comma, no-break space before ``%`` and ``€``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recouvre.law.statement.computation import Statement

THOUSANDS = "\u202f"
NBSP = "\u00a0"


class NoticeCode(enum.StrEnum):
    """Closed list of things a computation tells the user about (stable codes for JSON)."""

    CONTRACT_RATE_BELOW_FLOOR = "contract_rate_below_floor"
    IMPUTATION_NEEDS_REVIEW = "imputation_needs_review"
    DESIGNATION_EXCEEDED = "designation_exceeded"
    OVERPAYMENT = "overpayment"
    INTEREST_STOPPED = "interest_stopped"
    INDEMNITY_FORBIDDEN = "indemnity_forbidden"
    COSTS_NOT_CHARGEABLE = "costs_not_chargeable"
    PAYMENT_AFTER_DATE = "payment_after_date"
    NO_INTEREST_START = "no_interest_start"
    PAYMENT_TERM_EXCEEDED = "payment_term_exceeded"
    PROVISIONAL_RATE = "provisional_rate"


@dataclass(frozen=True, slots=True)
class Notice:
    """A flag raised by a computation: a stable code and a French sentence."""

    code: NoticeCode
    message: str
    invoice: str | None = None


def format_number(value: Decimal, places: int = 2) -> str:
    """``Decimal('12345.6')`` -> ``'12 345,60'`` (narrow no-break space, decimal comma)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{places}f}"
    whole, _, frac = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + THOUSANDS.join(groups)
    return f"{out},{frac}" if places else out


def format_euros(value: Decimal) -> str:
    """``Decimal('1594')`` -> ``'1 594,00 €'``."""
    return f"{format_number(value)}{NBSP}€"


def format_rate(percent: Decimal) -> str:
    """``Decimal('14.5')`` -> ``'14,50 %'`` (at least two decimals, more if the rate has them)."""
    exponent = percent.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{format_number(percent, places)}{NBSP}%"


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def days_text(days: int) -> str:
    return f"{days} jour" if days == 1 else f"{days} jours"


def provisional_words(rate_on: date) -> str:
    """« taux en vigueur au 01/07/2026 ; montant à parfaire »: what every document says of an
    amount computed with the last published rate (``MissingRatePolicy.LAST_PUBLISHED``)."""
    return f"taux en vigueur au {format_date(rate_on)} ; montant à parfaire"


def provisional_notice(rate_on: date) -> str:
    """The statement's notice when a half-year's rate is not published yet."""
    return (
        f"Taux non encore publié pour une partie de la période : dernier taux publié appliqué, "
        f"{provisional_words(rate_on)}"
    )


def provisional_sentence(rate_on: date) -> str:
    """The line the command line prints under a provisional amount."""
    return (
        f"Intérêts et pénalités : {provisional_words(rate_on)} (dernier taux publié, le taux "
        "d'une partie de la période n'est pas encore publié)."
    )


def interest_line(
    label: str, rate: Decimal, first: date, last: date, days: int, amount: Decimal
) -> str:
    """One interest slice as a sentence."""
    return (
        f"{label} au taux de {format_rate(rate)} du {format_date(first)} au {format_date(last)}, "
        f"soit {days_text(days)} : {format_euros(amount)}"
    )


def amount_line(label: str, amount: Decimal) -> str:
    return f"{label} : {format_euros(amount)}"


def payment_line(received_on: date, amount: Decimal, parts: list[str]) -> str:
    """« Paiement du 10/02/2025 de 12 345,67 € imputé : facture F1 12 345,67 € (…) »."""
    return (
        f"Paiement du {format_date(received_on)} de {format_euros(amount)} imputé : "
        + " ; ".join(parts)
    )


def statement_lines(statement: Statement) -> list[str]:
    """The statement as French sentences, invoice by invoice, then the total."""
    lines: list[str] = [f"Décompte arrêté au {format_date(statement.on)}"]
    for inv in statement.invoices:
        lines.append(
            f"Facture {inv.number} du {format_date(inv.issue_date)}, échue le "
            f"{format_date(inv.due_date)} : {format_euros(inv.amount)}"
        )
        for s in inv.slices:
            line = interest_line(s.kind.label_fr, s.rate, s.first, s.last, s.days, s.amount)
            rate_on = s.provisional_rate_on
            lines.append("  " + line + (f" ({provisional_words(rate_on)})" if rate_on else ""))
        if inv.indemnity:
            lines.append(
                "  "
                + amount_line("Indemnité forfaitaire pour frais de recouvrement", inv.indemnity)
            )
        if inv.costs:
            lines.append("  " + amount_line("Frais justifiés", inv.costs))
        paid = inv.principal_paid + inv.interest_paid + inv.indemnity_paid + inv.costs_paid
        if paid:
            lines.append("  " + amount_line("Paiements imputés sur cette facture", paid))
        lines.append("  " + amount_line("Reste dû", inv.total_due))
    for p in statement.payments:
        parts: list[str] = []
        for a in p.imputation.allocations:
            pieces = [
                (name, value)
                for name, value in (
                    ("indemnité et frais", a.accessories),
                    ("intérêts", a.interest),
                    ("principal", a.principal),
                )
                if value
            ]
            detail = ", ".join(f"{name} {format_euros(value)}" for name, value in pieces)
            parts.append(f"facture {a.invoice} {format_euros(a.total)} ({detail})")
        if p.imputation.surplus:
            parts.append(f"trop-perçu {format_euros(p.imputation.surplus)}")
        lines.append(payment_line(p.payment.received_on, p.payment.amount, parts))
    total = amount_line("Total dû", statement.totals.total_due)
    rate_on = statement.provisional_rate_on
    lines.append(total + (f" ({provisional_words(rate_on)})" if rate_on else ""))
    return lines
