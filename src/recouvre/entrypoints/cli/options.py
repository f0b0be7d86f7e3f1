"""The values every command reads the same way: dates, amounts, and amounts printed.

A date is ``JJ/MM/AAAA`` or ISO ``AAAA-MM-JJ``; an amount is written the French way
(``1 234,56``) or with a decimal point (``domain.money.parse_amount``). A value that cannot be
read is a usage error (exit code 2) whose French message names the option. Amounts are printed
by ``euros`` (``1 234,50 €``, with the no-break spaces of French typography).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import typer

from recouvre.domain.money import InvalidAmount, parse_amount
from recouvre.entrypoints.cli.setup import USAGE_ERROR, fail
from recouvre.input_limits import check_amount, check_date
from recouvre.letters.formatting import eur

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
DATE_HELP = "JJ/MM/AAAA ou AAAA-MM-JJ"

JsonOption = Annotated[bool, typer.Option("--json", help="Sortie JSON stable.")]


def confirmed(question: str) -> bool:
    """A yes/no question answered in French or English (« o », « oui », « y »); no is default."""
    answer = typer.prompt(f"{question} [o/N]", default="n", show_default=False)
    return str(answer).strip().lower() in {"o", "oui", "y", "yes"}


CaseArgument = Annotated[
    str,
    typer.Argument(help="Dossier : son numéro ou sa référence (D-2026-000123).", metavar="DOSSIER"),
]
ProcedureArgument = Annotated[
    int,
    typer.Argument(help="Numéro de la procédure (recouvre judicial procedures DOSSIER).",
                   metavar="PROCÉDURE"),
]  # fmt: skip
OnOption = Annotated[
    str | None,
    typer.Option("--on", metavar="DATE", help=f"Date ({DATE_HELP} ; défaut : aujourd'hui)."),
]


def _foreign_digits(text: str) -> bool:
    """Digits other than ``0-9`` (Arabic-Indic, fullwidth...): Python reads them as numbers,
    a French user never writes them; refused like every other input path does."""
    return any(ch.isdigit() and not ch.isascii() for ch in text)


def parse_date(text: str, option: str) -> date:
    """``23/11/2026`` or ``2026-11-23``, within the dates every input keeps
    (``recouvre.input_limits``)."""
    raw = text.strip()
    if not _foreign_digits(raw):
        for fmt in DATE_FORMATS:
            try:
                day = datetime.strptime(raw, fmt).date()  # noqa: DTZ007 (a plain date)
            except ValueError:
                continue
            try:
                return check_date(day)
            except ValueError as error:
                fail(f"{option} : {error}", USAGE_ERROR)
    fail(f"{option} : date invalide « {text} » ({DATE_HELP} attendu)", USAGE_ERROR)


def date_or_today(text: str | None, option: str, today: Callable[[], date]) -> date:
    """The date given, or ``today()`` when the option is absent."""
    return today() if text is None else parse_date(text, option)


def optional_date(text: str | None, option: str) -> date | None:
    return None if text is None else parse_date(text, option)


def parse_money(text: str, option: str) -> Decimal:
    """``1 234,56``, ``1234.56``, ``1 234,56 €``: whole cents, at most the ceiling every
    input keeps (``recouvre.input_limits.MAX_AMOUNT``)."""
    try:
        return check_amount(parse_amount(text))
    except (InvalidAmount, ValueError) as error:
        fail(f"{option} : {error}", USAGE_ERROR)


def optional_money(text: str | None, option: str) -> Decimal | None:
    return None if text is None else parse_money(text, option)


def euros(amount: Decimal) -> str:
    """``Decimal('1234.5')`` -> ``1 234,50 €``."""
    return eur(amount)
