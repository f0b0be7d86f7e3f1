"""Are the bank statements current? A reminder sent while a payment waits in a statement not
yet imported is a reminder for a debt already paid (C. conso L121-6): before the daily run
sends, it says which accounts' latest statement is older than the days allowed, and can hold
the sending until they are imported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from recouvre.law.calendar import format_date_fr


def stale_accounts(
    latest: Sequence[tuple[str, date | None]], today: date, max_age_days: int
) -> list[str]:
    """The French warning for each account holder (name, day of its latest statement line)
    whose statements are older than ``max_age_days``, or never imported."""
    warnings = []
    for holder, last in latest:
        if last is None:
            warnings.append(f"{holder} : aucun relevé bancaire importé")
        elif (today - last).days > max_age_days:
            warnings.append(
                f"{holder} : dernier relevé du {format_date_fr(last)}, plus de {max_age_days} "
                "jour(s) : importez les relevés (recouvre import statement) avant d'envoyer"
            )
    return warnings
