"""Registered-mail tracking CSV files as a careless or hostile export writes them: an event
date out of range or in foreign digits, a field over the csv module's limit, control characters
quoted back. Each is an error naming the file, line and column, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvre.adapters.importers.tracking_csv import read_tracking_csv

HEADER = "numero;date;evenement\n"


def tracking(tmp_path: Path, body: str) -> tuple[list[object], list[str]]:
    path = tmp_path / "suivi.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    lines, errors = read_tracking_csv(path)
    return list(lines), errors


@pytest.mark.parametrize("when", ["31/12/9999", "01/01/0001", "١٥/٠٣/٢٠٢٦", "1٥/03/2026"])
def test_an_event_date_out_of_range_or_in_foreign_digits_is_an_error(
    tmp_path: Path, when: str
) -> None:
    lines, errors = tracking(tmp_path, f"1A01234567890;{when};distribué\n")
    assert lines == []
    assert len(errors) == 1 and "ligne 2" in errors[0] and "« date »" in errors[0]


def test_a_field_over_the_csv_limit_is_an_error_with_its_line(tmp_path: Path) -> None:
    lines, errors = tracking(tmp_path, f'1A01234567890;24/11/2026;"{"x" * (200 * 1024)}"\n')
    assert lines == []
    assert len(errors) == 1 and "ligne 2" in errors[0] and "trop longue" in errors[0]


def test_control_characters_are_never_quoted_back_raw(tmp_path: Path) -> None:
    _, errors = tracking(tmp_path, "1A\x1b[2J;24/11/2026;distribué\x1b]0;x\x07\n")
    assert errors and all("\x1b" not in e and "\x07" not in e for e in errors)
