"""Shipped legal data and user corrections (recouvre.reference.loader)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from recouvre.law.parameters import MissingLegalData, Status
from recouvre.reference.loader import LawFileError, load_tables, shipped_rows

TABLES = load_tables()

# (half-year start, MRO, status) pinned from french-law.md §2 / ecb-mro-l441-10-rates.csv
ECB = [
    (date(2012, 1, 1), "1.00", Status.VERIFIED),
    (date(2013, 7, 1), "0.50", Status.VERIFIED),
    (date(2016, 7, 1), "0.00", Status.VERIFIED),
    (date(2023, 1, 1), "2.50", Status.VERIFIED),
    (date(2023, 7, 1), "4.00", Status.VERIFIED),
    (date(2024, 1, 1), "4.50", Status.VERIFIED),
    (date(2024, 7, 1), "4.25", Status.VERIFIED),
    (date(2025, 1, 1), "3.15", Status.VERIFIED),
    (date(2025, 7, 1), "2.15", Status.VERIFIED),
    (date(2026, 1, 1), "2.15", Status.VERIFIED),
    (date(2026, 7, 1), "2.40", Status.SECONDARY),
]
# (half-year start, particuliers, autres, status) from french-law.md §3
TIL = [
    (date(2015, 1, 1), "4.06", "0.93", Status.VERIFIED),
    (date(2023, 7, 1), "6.82", "4.22", Status.VERIFIED),
    (date(2024, 1, 1), "8.01", "5.07", Status.VERIFIED),
    (date(2024, 7, 1), "8.16", "4.92", Status.VERIFIED),
    (date(2025, 1, 1), "7.21", "3.71", Status.VERIFIED),
    (date(2025, 7, 1), "6.65", "2.76", Status.VERIFIED),
    (date(2026, 1, 1), "6.67", "2.62", Status.VERIFIED),
    (date(2026, 7, 1), "6.84", "2.75", Status.UNVERIFIED),
]


def _last_day_before(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


@pytest.mark.parametrize(("start", "mro", "status"), ECB)
def test_ecb_rows_are_pinned_at_both_ends_of_each_half_year(
    start: date, mro: str, status: Status
) -> None:
    row = TABLES.row_on("ecb_mro", start)
    assert (row.value, row.status) == (Decimal(mro), status)
    assert row.until is not None and TABLES.row_on("ecb_mro", row.until) == row
    if start > date(2012, 1, 1):
        assert TABLES.row_on("ecb_mro", _last_day_before(start)) != row


@pytest.mark.parametrize(("start", "particuliers", "autres", "status"), TIL)
def test_legal_interest_rows_both_categories(
    start: date, particuliers: str, autres: str, status: Status
) -> None:
    for key, value in (("til_particuliers", particuliers), ("til_autres", autres)):
        row = TABLES.row_on(key, start)
        assert (row.value, row.status) == (Decimal(value), status)
        assert row.until is not None and TABLES.row_on(key, row.until) == row


def test_no_rate_is_invented_past_the_last_known_half_year() -> None:
    for key in ("ecb_mro", "til_particuliers", "til_autres"):
        assert TABLES.has(key, date(2026, 12, 31))
        with pytest.raises(MissingLegalData, match="1er semestre 2027"):
            TABLES.row_on(key, date(2027, 1, 1))


@pytest.mark.parametrize(
    ("key", "day", "value", "status"),
    [
        ("fixed_indemnity", date(2013, 1, 1), "40.00", Status.VERIFIED),
        ("l441_10_margin", date(2026, 1, 1), "10", Status.VERIFIED),
        ("l441_10_contract_floor_multiplier", date(2026, 1, 1), "3", Status.VERIFIED),
        ("payment_term_max_days", date(2026, 1, 1), "60", Status.VERIFIED),
        ("payment_term_max_days_end_of_month", date(2026, 1, 1), "45", Status.VERIFIED),
        ("small_claims_ceiling", date(2026, 1, 1), "5000.00", Status.UNVERIFIED),
        ("representation_threshold", date(2020, 1, 1), "10000.00", Status.VERIFIED),
        ("judgment_interest_increase", date(2026, 1, 1), "5", Status.VERIFIED),
        ("judgment_interest_delay_months", date(2026, 1, 1), "2", Status.SECONDARY),
        (
            "commissaire_signification_payment_order_ht",
            date(2026, 2, 28),
            "25.79",
            Status.SECONDARY,
        ),
        ("greffe_tc_payment_order_ttc", date(2024, 6, 1), "35.21", Status.SECONDARY),
    ],
)
def test_shipped_rows(key: str, day: date, value: str, status: Status) -> None:
    row = TABLES.row_on(key, day)
    assert (row.value, row.status) == (Decimal(value), status)
    assert row.source


def test_indemnity_did_not_exist_before_2013_and_the_2024_tariff_ends() -> None:
    with pytest.raises(MissingLegalData):
        TABLES.row_on("fixed_indemnity", date(2012, 12, 31))
    with pytest.raises(MissingLegalData):
        TABLES.row_on("commissaire_signification_payment_order_ht", date(2026, 3, 1))


def test_every_shipped_row_has_a_source() -> None:
    rows = shipped_rows()
    assert len(rows) > 100
    assert all(r.source.strip() for r in rows)


def test_user_file_adds_next_half_year_and_overrides_a_shipped_row(tmp_path: Path) -> None:
    law_file = tmp_path / "corrections.toml"
    law_file.write_text(
        """
[[rows]]
key = "ecb_mro"
effective_from = 2027-01-01
until = 2027-06-30
value = 2.65
unit = "percent"
source = "BCE, communiqué"
status = "verified"

[[rows]]
key = "ecb_mro"
effective_from = 2026-07-01
until = 2026-12-31
value = 2.40
unit = "percent"
source = "BCE, communiqué du 11 juin 2026"
status = "verified"
""",
        encoding="utf-8",
    )
    tables = load_tables(law_file)
    assert tables.value_on("ecb_mro", date(2027, 6, 30)) == Decimal("2.65")
    corrected = tables.row_on("ecb_mro", date(2026, 7, 1))
    assert corrected.status is Status.VERIFIED and "11 juin" in corrected.source
    assert tables.value_on("ecb_mro", date(2026, 6, 30)) == Decimal("2.15")


def test_a_bad_user_file_lists_every_error_with_row_and_field(tmp_path: Path) -> None:
    law_file = tmp_path / "bad.toml"
    law_file.write_text(
        """
[[rows]]
key = "ecb_mro"
effective_from = "demain"
value = 2.65
unit = "percent"
source = "x"
status = "sure"

[[rows]]
key = "til_autres"
effective_from = 2027-01-01
unit = "percent"
source = "x"
status = "verified"
""",
        encoding="utf-8",
    )
    with pytest.raises(LawFileError) as caught:
        load_tables(law_file)
    errors = caught.value.errors
    assert any("n° 1" in e and "effective_from" in e for e in errors)
    assert any("n° 1" in e and "status" in e for e in errors)
    assert any("n° 2" in e and "value" in e and "obligatoire" in e for e in errors)
    assert all(str(law_file) in e for e in errors)


def test_a_missing_user_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LawFileError, match="lecture impossible"):
        load_tables(tmp_path / "absent.toml")


# Every half-year of french-law.md §2 and §3 (semester, MRO, L441-10 default rate, status).
ECB_TABLE = """
2012-S1 1.00 11.00 V
2012-S2 1.00 11.00 V
2013-S1 0.75 10.75 V
2013-S2 0.50 10.50 V
2014-S1 0.25 10.25 V
2014-S2 0.15 10.15 V
2015-S1 0.05 10.05 V
2015-S2 0.05 10.05 V
2016-S1 0.05 10.05 V
2016-S2 0.00 10.00 V
2017-S1 0.00 10.00 V
2017-S2 0.00 10.00 V
2018-S1 0.00 10.00 V
2018-S2 0.00 10.00 V
2019-S1 0.00 10.00 V
2019-S2 0.00 10.00 V
2020-S1 0.00 10.00 V
2020-S2 0.00 10.00 V
2021-S1 0.00 10.00 V
2021-S2 0.00 10.00 V
2022-S1 0.00 10.00 V
2022-S2 0.00 10.00 V
2023-S1 2.50 12.50 V
2023-S2 4.00 14.00 V
2024-S1 4.50 14.50 V
2024-S2 4.25 14.25 V
2025-S1 3.15 13.15 V
2025-S2 2.15 12.15 V
2026-S1 2.15 12.15 V
2026-S2 2.40 12.40 S
"""
TIL_TABLE = """
2015-S1 4.06 0.93 V
2015-S2 4.29 0.99 V
2016-S1 4.54 1.01 V
2016-S2 4.35 0.93 V
2017-S1 4.16 0.90 V
2017-S2 3.94 0.90 V
2018-S1 3.73 0.89 V
2018-S2 3.60 0.88 V
2019-S1 3.40 0.86 V
2019-S2 3.26 0.87 V
2020-S1 3.15 0.87 V
2020-S2 3.11 0.84 V
2021-S1 3.14 0.79 V
2021-S2 3.12 0.76 V
2022-S1 3.13 0.76 V
2022-S2 3.15 0.77 V
2023-S1 4.47 2.06 V
2023-S2 6.82 4.22 V
2024-S1 8.01 5.07 V
2024-S2 8.16 4.92 V
2025-S1 7.21 3.71 V
2025-S2 6.65 2.76 V
2026-S1 6.67 2.62 V
2026-S2 6.84 2.75 U
"""
STATUS = {"V": Status.VERIFIED, "S": Status.SECONDARY, "U": Status.UNVERIFIED}


def _half_year(label: str) -> tuple[date, date]:
    year, half = int(label[:4]), label[-1]
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == "1"
        else (date(year, 7, 1), date(year, 12, 31))
    )


def _table(text: str) -> list[tuple[str, ...]]:
    return [tuple(line.split()) for line in text.strip().splitlines()]


@pytest.mark.parametrize(("semester", "mro", "default", "status"), _table(ECB_TABLE))
def test_every_ecb_half_year_on_its_first_and_last_day(
    semester: str, mro: str, default: str, status: str
) -> None:
    first, last = _half_year(semester)
    for day in (first, last):
        row = TABLES.row_on("ecb_mro", day)
        assert (row.value, row.status) == (Decimal(mro), STATUS[status])
        assert row.value + TABLES.value_on("l441_10_margin", day) == Decimal(default)


@pytest.mark.parametrize(("semester", "particuliers", "autres", "status"), _table(TIL_TABLE))
def test_every_legal_rate_half_year_on_its_first_and_last_day(
    semester: str, particuliers: str, autres: str, status: str
) -> None:
    first, last = _half_year(semester)
    for day in (first, last):
        assert TABLES.row_on("til_particuliers", day).value == Decimal(particuliers)
        assert TABLES.row_on("til_autres", day).value == Decimal(autres)
        assert TABLES.row_on("til_autres", day).status is STATUS[status]
