"""The rows ``law update`` writes read back, through the loader, as the rows it was given."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.adapters.rates_feed.law_file import HEADER, render_rows
from recouvre.law.parameters import LegalRow, Status
from recouvre.reference.loader import parse_rows

rows = st.builds(
    LegalRow,
    key=st.sampled_from(["ecb_mro", "til_particuliers", "til_autres"]),
    effective_from=st.dates(date(2012, 1, 1), date(2099, 12, 31)),
    until=st.none(),
    value=st.decimals(min_value=-1, max_value=99, places=4, allow_nan=False),
    unit=st.just("percent"),
    source=st.text(max_size=200),
    status=st.sampled_from(list(Status)),
    note=st.text(max_size=40),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, max_size=6, unique_by=lambda r: (r.key, r.effective_from)))
def test_written_rows_read_back_unchanged(written: list[LegalRow]) -> None:
    text = HEADER + render_rows(written, "ajoutées par recouvre law update le 05/01/2027")
    parsed, errors = parse_rows(text, "law.toml")
    assert errors == []
    assert [(r.key, r.effective_from, r.value, r.source, r.status, r.note) for r in parsed] == [
        (r.key, r.effective_from, r.value, r.source, r.status, r.note) for r in written
    ]


def test_a_whole_rate_is_written_as_a_decimal() -> None:
    row = LegalRow("ecb_mro", date(2027, 1, 1), None, Decimal("3"), "percent", "s", Status.VERIFIED)
    assert "value = 3.0\n" in render_rows([row], "c")
