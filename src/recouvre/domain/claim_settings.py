"""What a creditor claims, and when it first writes: its courtesy settings.

Two choices belong to the creditor, not to the scenario (issue 11, item 6):

* ``first_reminder_days``: the first contact of a case goes out this many calendar days after
  the due date of its oldest unpaid invoice (1: the day after the due date, the first day a
  payment is late, C. com. L441-10 II « exigibles le jour suivant la date de règlement »);
  ``None`` keeps the scenario's own timing.
* ``fees_from``: the scenario step (its ``id`` in the scenario file, e.g. ``relance_2``) from
  which the late-payment penalties (C. com. L441-10 II) and the 40 € fixed indemnity
  (D441-5) are claimed; the steps before it ask for the principal only and say so. ``None``:
  claimed from the first step, as the law allows (they are due « de plein droit », without a
  reminder). Not claiming them in a courtesy reminder is not a waiver: the letters say that
  the creditor keeps the right to claim them, and the formal notice still states them.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_FIRST_REMINDER_DAYS = 1
"""A payment is late from the day after its due date (C. com. L441-10 II): no reminder before."""
MAX_FIRST_REMINDER_DAYS = 90
"""A bound against typing errors; a first reminder three months late is already very late."""


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    """The creditor's courtesy settings; ``None`` fields keep the scenario's behaviour."""

    first_reminder_days: int | None = None
    fees_from: str | None = None

    def first_reminder_problem(self) -> str | None:
        """Why ``first_reminder_days`` cannot be used (French), or ``None``."""
        n = self.first_reminder_days
        if n is None or MIN_FIRST_REMINDER_DAYS <= n <= MAX_FIRST_REMINDER_DAYS:
            return None
        return (
            f"délai de première relance de {n} jours hors bornes "
            f"({MIN_FIRST_REMINDER_DAYS} à {MAX_FIRST_REMINDER_DAYS} jours après l'échéance)"
        )
