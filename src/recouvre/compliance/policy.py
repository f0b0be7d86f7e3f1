"""The contact policy: caps and hours the guard enforces. Good practice, not law.

Collection calls are not telephone marketing: the D223-9 hours (Mon-Fri 10:00-13:00 and
14:00-20:00) and the opt-in rule of L223-1 do not apply to them. What the law forbids is
pressure: repeated unwanted solicitations (C. conso L121-6, L121-7 3°), repeated malicious
calls or messages (C. pén. 222-16; two calls can be enough), threats of an action that is not
legally possible (C. conso L121-6). The defaults below are recommended good practice, not law,
configurable in ``recouvre/reference/contact_policy.toml``.

Default windows (debtor's local time, end excluded):

* phone: Monday to Friday 9:00-20:00, never on public holidays of the debtor's département;
* e-mail and SMS: Monday to Saturday 8:00-20:00 (not at night, not on Sundays or holidays);
* letter: Monday to Friday, any hour (posted on working days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from recouvre.domain.parties import Channel

MONDAY_TO_FRIDAY = frozenset(range(5))
MONDAY_TO_SATURDAY = frozenset(range(6))
WEEKDAY_NAMES_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True, slots=True)
class ChannelWindow:
    """When a channel may be used: weekdays (0 = Monday), hours [start, end), holidays."""

    weekdays: frozenset[int]
    start: time = time(0, 0)
    end: time | None = None  # None: until midnight
    on_public_holidays: bool = False

    def describe(self) -> str:
        days = ", ".join(WEEKDAY_NAMES_FR[d] for d in sorted(self.weekdays))
        end = "24h00" if self.end is None else self.end.strftime("%Hh%M")
        holidays = "" if self.on_public_holidays else ", hors jours fériés"
        return f"{days}, {self.start.strftime('%Hh%M')}-{end}{holidays}"


def default_windows() -> dict[Channel, ChannelWindow]:
    return {
        Channel.PHONE: ChannelWindow(MONDAY_TO_FRIDAY, time(9, 0), time(20, 0)),
        Channel.EMAIL: ChannelWindow(MONDAY_TO_SATURDAY, time(8, 0), time(20, 0)),
        Channel.SMS: ChannelWindow(MONDAY_TO_SATURDAY, time(8, 0), time(20, 0)),
        Channel.LETTER: ChannelWindow(MONDAY_TO_FRIDAY),
    }


@dataclass(frozen=True, slots=True)
class ContactPolicy:
    """Caps per debtor (every case and creditor of that debtor counts) and windows per channel.

    ``max_contacts_per_day`` counts all channels on one local calendar day;
    ``max_calls_per_week`` counts call attempts (answered or not) over a rolling 7 days;
    ``max_contacts_per_30_days`` counts all channels over a rolling 30 days.
    """

    max_contacts_per_day: int = 1
    max_contacts_per_day_per_channel: int = 1
    max_calls_per_week: int = 3
    max_contacts_per_30_days: int = 8
    windows: dict[Channel, ChannelWindow] = field(default_factory=default_windows)

    def window(self, channel: Channel) -> ChannelWindow:
        return self.windows.get(channel) or default_windows()[channel]
