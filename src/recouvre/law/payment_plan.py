"""Payment plans (échéanciers): the schedule recouvre proposes, and the check of one agreed.

Legal basis: a creditor may grant its debtor time to pay; an agreed schedule is the creditor's
grace, and the debtor's signature on it acknowledges the debt, which interrupts prescription
(C. civ. 2240). A judge may grant the same grace for at most two years (C. civ. 1343-5); an
amicable plan is bounded by the creditor's own rules instead (``PlanRules``: the smallest
instalment it accepts, the longest plan it grants), which are practice, not law.

The proposal spreads the amount owed over as many monthly instalments as the rules allow, each
at least the minimum: ``count = min(max_months, total // min_instalment)`` (at least one), equal
instalments to the cent, the last one absorbing the remainder (``total - (count - 1) * part``,
so it exceeds the others by less than ``count`` cents). An amount smaller than the minimum is
one instalment of the whole amount: the only instalment that may be under the minimum.

Dates are monthly from the first one, on the same day of the month, or the month's last day
when it is shorter (first on 31 January: 28 February, 31 March, 30 April).

Worked example: 1 000,00 € owed, minimum 150,00 €, at most 12 months, first on 15/01/2027:
six instalments (1 000 // 150 = 6) of 166,66 €, the last 166,70 €, on the 15th of January to
June 2027; they add up to 1 000,00 €.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.events.collection import Instalment
from recouvre.domain.money import from_cents, to_cents
from recouvre.law.errors import LawError


class InvalidSchedule(LawError):
    """A schedule that cannot be agreed as given (French message naming the instalment)."""


@dataclass(frozen=True, slots=True)
class PlanRules:
    """A creditor's rules for the plans it proposes: the smallest instalment and the longest
    plan, in months (shipped defaults: 50,00 € and 12 months)."""

    min_instalment: Decimal = Decimal("50.00")
    max_months: int = 12

    def __post_init__(self) -> None:
        if self.min_instalment <= 0:
            raise InvalidSchedule("échéancier : l'échéance minimale doit être positive")
        if self.max_months < 1:
            raise InvalidSchedule("échéancier : la durée maximale est d'au moins un mois")


def monthly_dates(first: date, count: int) -> tuple[date, ...]:
    """``count`` dates a month apart from ``first``, on its day of the month (or the last day
    of a shorter month)."""
    out = []
    for i in range(count):
        month0 = first.month - 1 + i
        year, month = first.year + month0 // 12, month0 % 12 + 1
        day = min(first.day, calendar.monthrange(year, month)[1])
        out.append(date(year, month, day))
    return tuple(out)


def split(total: Decimal, dates: Sequence[date]) -> tuple[Instalment, ...]:
    """``total`` in equal instalments to the cent on ``dates``, the last one taking the
    remainder (so that they add up exactly)."""
    if not dates:
        raise InvalidSchedule("échéancier : au moins une échéance")
    cents = to_cents(total)
    if cents <= 0:
        raise InvalidSchedule("échéancier : rien à payer")
    part = cents // len(dates)
    last = cents - part * (len(dates) - 1)
    amounts = [part] * (len(dates) - 1) + [last]
    return tuple(Instalment(d, from_cents(a)) for d, a in zip(dates, amounts, strict=True))


def propose(total: Decimal, first: date, rules: PlanRules) -> tuple[Instalment, ...]:
    """The plan recouvre proposes for ``total`` from ``first``, within ``rules``: as many
    monthly instalments as the rules allow, each at least ``rules.min_instalment`` (a total
    under the minimum is one instalment)."""
    cents, minimum = to_cents(total), to_cents(rules.min_instalment)
    if cents <= 0:
        raise InvalidSchedule("échéancier : rien à payer")
    count = max(1, min(rules.max_months, cents // minimum))
    return split(total, monthly_dates(first, count))


def check_schedule(
    instalments: Sequence[Instalment], total: Decimal, on: date
) -> tuple[Instalment, ...]:
    """An agreed schedule as given (the debtor's dates and amounts), refused unless each
    amount is positive with at most two decimals, the dates are strictly increasing from
    ``on`` and the instalments add up to ``total`` to the cent. The creditor's ``PlanRules``
    bound what recouvre proposes, not what the creditor chooses to accept."""
    if not instalments:
        raise InvalidSchedule("échéancier : au moins une échéance")
    previous: date | None = None
    for n, inst in enumerate(instalments, start=1):
        where = f"échéance {n} ({inst.due_on.strftime('%d/%m/%Y')})"
        if to_cents(inst.amount) <= 0:
            raise InvalidSchedule(f"{where} : montant nul ou négatif")
        if inst.due_on < on:
            raise InvalidSchedule(f"{where} : date déjà passée")
        if previous is not None and inst.due_on <= previous:
            raise InvalidSchedule(f"{where} : les dates doivent se suivre, une par échéance")
        previous = inst.due_on
    given = sum(to_cents(i.amount) for i in instalments)
    if given != to_cents(total):
        raise InvalidSchedule(
            f"échéancier : les échéances totalisent {_fr(from_cents(given))} €, "
            f"le montant dû est {_fr(total)} €"
        )
    return tuple(instalments)


def _fr(amount: Decimal) -> str:
    """``1234.5`` -> ``1 234,50`` (the French way, without Babel in the pure core)."""
    whole, _, cents = f"{amount:.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{' '.join(groups) or '0'},{cents}"
