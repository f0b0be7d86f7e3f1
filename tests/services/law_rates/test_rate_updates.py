"""Which fetched rows are new, and when the next half-year's rows are due (boundary days)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.parameters import LegalRow, LegalTables, Status
from recouvre.services.law_rates.updates import due_rows, new_rows, next_half_year


def row(key: str, start: date, value: str = "2.40") -> LegalRow:
    end = date(start.year, 6, 30) if start.month == 1 else date(start.year, 12, 31)
    return LegalRow(key, start, end, Decimal(value), "percent", "test", Status.VERIFIED)


@pytest.mark.parametrize(
    ("on", "starts"),
    [
        (date(2026, 1, 1), date(2026, 7, 1)),
        (date(2026, 6, 30), date(2026, 7, 1)),
        (date(2026, 7, 1), date(2027, 1, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
    ],
)
def test_the_next_half_year_starts_on_the_following_first_of_january_or_july(
    on: date, starts: date
) -> None:
    assert next_half_year(on) == starts


def test_a_row_is_new_only_when_no_row_of_its_key_starts_that_day() -> None:
    tables = LegalTables([row("ecb_mro", date(2026, 7, 1))])
    fetched = [
        row("ecb_mro", date(2026, 7, 1), "2.65"),  # held already (another value): not new
        row("ecb_mro", date(2027, 1, 1), "2.65"),
        row("ecb_mro", date(2027, 1, 1), "2.65"),
    ]
    assert new_rows(fetched, tables) == (row("ecb_mro", date(2027, 1, 1), "2.65"),)
    assert new_rows([], tables) == ()


def test_due_rows_say_which_keys_are_present_on_the_next_half_year() -> None:
    tables = LegalTables([row("ecb_mro", date(2027, 1, 1)), row("til_autres", date(2026, 7, 1))])
    due = due_rows(tables, date(2026, 12, 7))
    assert due.starts == date(2027, 1, 1)
    assert due.present == {"ecb_mro": True, "til_particuliers": False, "til_autres": False}
