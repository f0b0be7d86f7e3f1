"""Legal tables: lookups by date, boundaries pinned, and the error naming a missing row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.law.parameters import (
    LegalRow,
    LegalTables,
    MissingLegalData,
    Status,
    warning_text,
    warnings_of,
)


def row(
    key: str, start: date, until: date | None, value: str, status: Status = Status.VERIFIED
) -> LegalRow:
    return LegalRow(key, start, until, Decimal(value), "percent", "test", status)


TABLES = LegalTables(
    [
        row("ecb_mro", date(2024, 1, 1), date(2024, 6, 30), "4.50"),
        row("ecb_mro", date(2024, 7, 1), date(2024, 12, 31), "4.25"),
        row("ecb_mro", date(2025, 1, 1), date(2025, 6, 30), "3.15", Status.SECONDARY),
        row("fixed_indemnity", date(2013, 1, 1), None, "40.00"),
    ]
)


@pytest.mark.parametrize(
    ("day", "value"),
    [
        (date(2024, 1, 1), "4.50"),
        (date(2024, 6, 30), "4.50"),
        (date(2024, 7, 1), "4.25"),
        (date(2024, 12, 31), "4.25"),
        (date(2025, 1, 1), "3.15"),
        (date(2025, 6, 30), "3.15"),
    ],
)
def test_half_year_rows_apply_from_their_first_to_their_last_day(day: date, value: str) -> None:
    assert TABLES.value_on("ecb_mro", day) == Decimal(value)


def test_asking_past_the_last_known_half_year_names_the_missing_row() -> None:
    with pytest.raises(MissingLegalData) as caught:
        TABLES.row_on("ecb_mro", date(2025, 7, 1))
    message = str(caught.value)
    assert "ecb_mro" in message and "2025-07-01" in message
    assert "2e semestre 2025" in message
    with pytest.raises(MissingLegalData, match="1er semestre 2027"):
        TABLES.row_on("ecb_mro", date(2027, 1, 1))


def test_asking_before_the_first_row_fails_too() -> None:
    with pytest.raises(MissingLegalData):
        TABLES.row_on("ecb_mro", date(2023, 12, 31))
    with pytest.raises(MissingLegalData):
        TABLES.row_on("fixed_indemnity", date(2012, 12, 31))


def test_an_open_ended_row_stays_in_force_until_superseded() -> None:
    assert TABLES.value_on("fixed_indemnity", date(2099, 1, 1)) == Decimal("40.00")
    later = LegalTables([*TABLES, row("fixed_indemnity", date(2030, 1, 1), None, "50.00")])
    assert later.value_on("fixed_indemnity", date(2029, 12, 31)) == Decimal("40.00")
    assert later.value_on("fixed_indemnity", date(2030, 1, 1)) == Decimal("50.00")


def test_rows_between_slices_and_refuses_gaps() -> None:
    rows = TABLES.rows_between("ecb_mro", date(2024, 3, 16), date(2025, 2, 10))
    assert [r.value for r in rows] == [Decimal("4.50"), Decimal("4.25"), Decimal("3.15")]
    with pytest.raises(MissingLegalData, match="2025-07-01"):
        TABLES.rows_between("ecb_mro", date(2025, 6, 1), date(2025, 8, 1))
    assert TABLES.rows_between("ecb_mro", date(2024, 2, 1), date(2024, 1, 1)) == ()


def test_in_force_lists_one_row_per_covered_key() -> None:
    listed = TABLES.in_force(date(2024, 8, 1))
    assert [(r.key, r.value) for r in listed] == [
        ("ecb_mro", Decimal("4.25")),
        ("fixed_indemnity", Decimal("40.00")),
    ]
    assert [r.key for r in TABLES.in_force(date(2026, 1, 1))] == ["fixed_indemnity"]


def test_warnings_keep_only_unverified_rows_once() -> None:
    rows = [TABLES.row_on("ecb_mro", date(2025, 1, 1))] * 2 + [
        TABLES.row_on("ecb_mro", date(2024, 1, 1))
    ]
    warned = warnings_of(rows)
    assert [r.effective_from for r in warned] == [date(2025, 1, 1)]
    assert "sources secondaires" in warning_text(warned[0])
