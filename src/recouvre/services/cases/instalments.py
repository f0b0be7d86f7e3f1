"""A payment plan's instalments, and the refusal of an event that cannot apply to a case.

An agreed payment plan (C. civ. 1343-5: the creditor's grace) is a schedule of dated
instalments; ``instalment_schedule`` splits what is owed into equal instalments to the cent,
the remainder on the last one, monthly or every N days.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.events.collection import Instalment
from recouvre.domain.money import from_cents, to_cents
from recouvre.services.errors import ServiceError


class CaseEventError(ServiceError):
    """An event that cannot be applied (unknown case, bad amount...), in French."""


def instalment_schedule(
    outstanding: Decimal, count: int, first: date, every_days: int | None, monthly: bool
) -> tuple[Instalment, ...]:
    """Equal instalments to the cent, the remainder on the last one."""
    if count < 1:
        raise CaseEventError("échéancier : au moins une échéance")
    if outstanding <= 0:
        raise CaseEventError("échéancier : rien à payer")
    if (every_days is None) == (not monthly):
        raise CaseEventError("échéancier : préciser --every JOURS ou --monthly")
    cents = to_cents(outstanding)
    part = cents // count
    out = []
    for i in range(count):
        if monthly:
            month = first.month - 1 + i
            year = first.year + month // 12
            day = min(first.day, 28)
            due = date(year, month % 12 + 1, day) if i else first
        else:
            assert every_days is not None
            due = first + timedelta(days=every_days * i)
        amount = part if i < count - 1 else cents - part * (count - 1)
        out.append(Instalment(due, from_cents(amount)))
    return tuple(out)
