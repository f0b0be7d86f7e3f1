"""The clock: the only module of recouvre that reads the current date and time.

Everything else takes ``on: date`` (or an instant) as an argument (STYLE.md rule 3), so that a
run can be replayed for any day and tests never depend on when they run. "Today" is the date in
Europe/Paris, where French deadlines are counted (a reminder sent at 00:30 in Paris on the 2nd
is sent on the 2nd, though it is still the 1st in UTC). Instants are UTC.

``SystemClock`` satisfies the ``services.ports.Clock`` port; ``today()`` and ``utc_timestamp()``
are the same readings as plain functions for the CLI.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def today() -> date:
    """The current date in Europe/Paris."""
    return datetime.now(PARIS).date()


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def utc_timestamp() -> str:
    """The current instant as the journal writes it: ISO 8601 UTC ending in ``Z``."""
    return now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class SystemClock:
    """The machine's clock behind the ``Clock`` port."""

    def now(self) -> datetime:
        return now()

    def today(self) -> date:
        return today()


class FixedDayClock:
    """A clock for which today is ``on``: the demo and replays run "as if on" that day.

    Only the date is fixed; instants stay the machine's, because the journal's timestamps record
    when an entry was really written.
    """

    def __init__(self, on: date) -> None:
        self._on = on

    def now(self) -> datetime:
        return now()

    def today(self) -> date:
        return self._on


class FixedInstantClock:
    """A clock stopped at one instant (timezone-aware): the sender's "now" in a test run in a
    subprocess (``RECOUVRE_TEST_SEND_NOW``), so the hours rule does not depend on the hour."""

    def __init__(self, instant: datetime) -> None:
        self._instant = instant.astimezone(UTC)

    def now(self) -> datetime:
        return self._instant

    def today(self) -> date:
        return self._instant.astimezone(PARIS).date()
