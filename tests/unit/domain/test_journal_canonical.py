"""The canonical form of a journal entry is, byte for byte, ``canonical_json`` of the entry.

``JournalEntry.canonical`` assembles the envelope around the payload's canonical JSON (the hot
path of bulk appends and of verification); ``canonical_json(entry.as_json(seq))`` is the
definition. Entries written before and after must keep verifying, so the two never differ:
hypothesis draws payloads nested in dicts and lists, text with quotes, backslashes, control,
line-separator and astral characters, integers far beyond 64 bits and empty containers.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.domain.journal import (
    JournalEntry,
    JournalError,
    canonical_json,
    chain,
    verify_stream,
)

text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=16)
awkward = st.sampled_from(['guillemet " et \\ barre', "é\u2028\n\t\x00\x1f", "créance €", "😀𝄞"])
strings = st.one_of(text, awkward)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**40), 10**40), strings, st.just(0), st.just(-1)
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(strings, inner, max_size=4)
    ),
    max_leaves=20,
)
payloads = st.dictionaries(strings, json_values, max_size=6)


@st.composite
def entries(draw: st.DrawFn) -> JournalEntry:
    return JournalEntry(
        stream=draw(strings.filter(bool)),
        kind=draw(strings.filter(bool)),
        occurred_on=draw(st.dates(min_value=date(1900, 1, 1))),
        recorded_at=draw(st.datetimes(timezones=st.just(UTC))),
        actor=draw(strings.filter(bool)),
        payload=draw(payloads),
        case_id=draw(st.none() | st.integers(0, 10**12)),
        document_sha256=draw(st.none() | st.text(alphabet="0123456789abcdef", min_size=64,
                                                 max_size=64)),
    )  # fmt: skip


@settings(max_examples=400)
@given(entries(), st.integers(1, 10**15))
def test_the_assembled_canonical_form_equals_the_definition(entry: JournalEntry, seq: int) -> None:
    assert entry.canonical(seq) == canonical_json(entry.as_json(seq))


@settings(max_examples=200)
@given(payloads)
def test_canonical_json_is_json_dumps_sorted_compact_non_ascii_kept(payload: dict) -> None:
    expected = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(payload) == expected
    assert json.loads(canonical_json(payload)) == payload


@pytest.mark.parametrize(
    "payload",
    [{"amount": 1.5}, {"amount": Decimal("1.50")}, {"on": date(2026, 1, 1)}, {1: "x"},
     {"nested": [{"deep": 0.1}]}, {"set": {1, 2}}],
)  # fmt: skip
def test_values_without_one_canonical_text_are_refused(payload: dict) -> None:
    with pytest.raises(JournalError):
        canonical_json(payload)


def test_a_chain_built_on_the_assembled_form_verifies_and_detects_a_change() -> None:
    stamp = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    same = [
        JournalEntry("case:9", "promise_made", date(2026, 1, n), stamp, "bench", {"n": n}, 9)
        for n in range(1, 21)
    ]
    chained = chain(same, {})
    assert verify_stream(chained) is None
    original = same[3]
    altered = JournalEntry(
        original.stream, original.kind, original.occurred_on, stamp, "bench", {"n": "autre"}, 9
    )
    broken = [*chained[:3], type(chained[3])(altered, 4, chained[3].prev_digest, chained[3].digest)]
    found = verify_stream(broken)
    assert found is not None and found.seq == 4
