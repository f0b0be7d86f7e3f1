"""A payment plan's instalments, and the refusal of an event that cannot apply to a case.

An agreed payment plan (C. civ. 1343-5: the creditor's grace) is a schedule of dated
instalments; ``instalment_schedule`` splits what is owed into equal instalments to the cent,
the remainder on the last one (``law.payment_plan.split``), monthly (``monthly_dates``: the same
day each month, or the last day of a shorter month) or every N days.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.events.collection import Instalment
from recouvre.law.payment_plan import monthly_dates, split
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
    if monthly:
        dates = monthly_dates(first, count)
    else:
        assert every_days is not None
        if every_days < 1:
            raise CaseEventError("échéancier : --every d'au moins un jour")
        dates = tuple(first + timedelta(days=every_days * i) for i in range(count))
    return split(outstanding, dates)
