"""The fast canonical form of a journal entry is, byte for byte, ``json.dumps`` of the entry.

``JournalEntry.canonical`` assembles the envelope around the payload's canonical JSON (the
hot path of the daily run's bulk appends); ``canonical_envelope`` is the definition. Entries
written before and after the fast path must keep verifying, so the two must never differ.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from recouvre.domain.journal import JournalEntry, chain, verify_stream

_TEXTS = ["case:1", "global", 'guillemet " et \\ barre', "é\u2028\n\t\x00", "créance €", "😀"]


def _entry(rng: random.Random) -> JournalEntry:
    return JournalEntry(
        stream=rng.choice(_TEXTS),
        kind=rng.choice(["action_planned", "scenario_assigned", *_TEXTS]),
        occurred_on=date(2026, 1, 1 + rng.randrange(28)),
        recorded_at=datetime(2026, 3, 3, 8, rng.randrange(60), tzinfo=UTC),
        actor=rng.choice(["bench", *_TEXTS]),
        payload={
            rng.choice(_TEXTS): [rng.randrange(-(10**12), 10**12), rng.choice(_TEXTS), None],
            "b": {"z": rng.choice([True, False, None]), "a": rng.choice(_TEXTS)},
        },
        case_id=rng.choice([None, 0, 1, 123_456_789]),
        document_sha256=rng.choice([None, "0" * 63 + "f"]),
    )


def test_fast_canonical_equals_json_dumps_of_the_entry() -> None:
    rng = random.Random(7)
    for seq in range(1, 3000):
        entry = _entry(rng)
        assert entry.canonical(seq) == entry.canonical_envelope(seq)


def test_a_chain_built_on_the_fast_form_verifies_and_detects_a_change() -> None:
    rng = random.Random(8)
    entries = [_entry(rng) for _ in range(20)]
    same = [JournalEntry(**{**_fields(e), "stream": "case:9"}) for e in entries]
    chained = chain(same, {})
    assert verify_stream(chained) is None
    altered = JournalEntry(**{**_fields(same[3]), "payload": {"b": "autre"}})
    broken = [*chained[:3], type(chained[3])(altered, 4, chained[3].prev_digest, chained[3].digest)]
    found = verify_stream(broken)
    assert found is not None and found.seq == 4


def _fields(entry: JournalEntry) -> dict[str, object]:
    return {
        "stream": entry.stream,
        "kind": entry.kind,
        "occurred_on": entry.occurred_on,
        "recorded_at": entry.recorded_at,
        "actor": entry.actor,
        "payload": dict(entry.payload),
        "case_id": entry.case_id,
        "document_sha256": entry.document_sha256,
    }
