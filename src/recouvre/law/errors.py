"""The law package's exception tree, drawn once here.

    LawError                     a legal computation cannot be made with the data given
    ├── MissingLegalData         (parameters) no legal row of a key covers the date: the
    │                            message names the row to add, never a stale value
    ├── InvalidPeriodRow         (deadlines.cpc) a row that should hold a period does not
    ├── UnknownDeadlineKind      (deadlines.procedures) a deadline name that is not in the table
    ├── InvalidSchedule          (payment_plan) a payment plan that does not add up, or whose
    │                            dates do not follow one another from today
    └── UnknownDepartement       (calendar) a département code that is neither metropolitan
                                 nor overseas, so no holiday calendar can be chosen

The entry points catch the root and print its message.
"""

from __future__ import annotations


class LawError(Exception):
    """A legal computation cannot be made with the data given; the message says why."""
