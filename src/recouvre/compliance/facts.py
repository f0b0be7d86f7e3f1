"""What the guard looks at: the contact about to go out, and the debtor's situation.

Times are **naive datetimes in Europe/Paris local time** (the creditor's clock, as the caller
reads it through ``recouvre.adapters.clock``). A debtor overseas lives in another time zone:
the caller passes ``local_offset`` (debtor's local time minus Paris time, computed with
zoneinfo by the caller: Martinique is -5 h in winter, -6 h in summer), and the windows are
checked in the debtor's local time. Holidays are those of the debtor's département, passed in as a
function (``recouvre.law.calendar.HolidayCalendar.is_holiday`` fits).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from recouvre.domain.parties import Channel, DebtorKind


@dataclass(frozen=True, slots=True)
class OutgoingContact:
    """A communication about to be sent, with what it announces (the wording is data).

    ``channel`` is ``None`` for an internal task (review): not a contact, only a closed or
    time-barred case stops it.
    """

    case_id: int | None
    channel: Channel | None
    label: str = ""
    announces_legal_action: bool = False
    announces_fixed_indemnity: bool = False
    announces_late_penalties: bool = False


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """A contact already made with the debtor (any case, any creditor): a call attempt counts
    even when nobody answered."""

    at: datetime
    channel: Channel


def no_holidays(day: date) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class GuardContext:
    debtor_kind: DebtorKind
    is_holiday: Callable[[date], bool] = no_holidays
    do_not_contact: bool = False
    only_channel: Channel | None = None
    case_closed: bool = False
    time_barred: bool = False  # every open invoice of the case is time-barred
    time_barred_invoices: tuple[str, ...] = ()  # those that are (some or all)
    prescription_unknown: str = ""  # why some open invoice's prescription is not computable
    disputed: bool = False
    promise_until: date | None = None  # contacts wait until the day after
    payment_plan: bool = False
    collective_proceedings: bool = False
    contacts: tuple[ContactRecord, ...] = ()
    local_offset: timedelta = timedelta(0)
