"""The evidence journal's pure part: canonical form, digests, chains, verification, anchors."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from recouvre.domain.events.cases import PhaseChanged
from recouvre.domain.journal import (
    GENESIS,
    GLOBAL_STREAM,
    JournalEntry,
    JournalError,
    StreamHead,
    anchor_root,
    canonical_json,
    case_stream,
    chain,
    entry_digest,
    entry_for_event,
    format_timestamp,
    make_anchor,
    new_heads,
    verify_anchor,
    verify_stream,
)

AT = datetime(2026, 3, 2, 8, 30, 0, 123456, tzinfo=UTC)


def entry(stream: str = "case:7", kind: str = "reminder_sent", **payload: object) -> JournalEntry:
    return JournalEntry(
        stream=stream,
        kind=kind,
        occurred_on=date(2026, 3, 2),
        recorded_at=AT,
        actor="run:daily-2026-03-02",
        payload=payload or {"channel": "email", "amount": "1234.56"},
        case_id=7 if stream == "case:7" else None,
    )


def test_canonical_json_sorts_keys_without_spaces_and_keeps_accents() -> None:
    text = canonical_json({"b": 1, "a": {"é": "créance", "c": [True, None]}})
    assert text == '{"a":{"c":[true,null],"é":"créance"},"b":1}'


@pytest.mark.parametrize(
    "payload",
    [{"amount": 12.5}, {"nested": [1, 2.0]}, {"when": date(2026, 1, 1)}, {3: "x"}],
)
def test_floats_dates_and_odd_keys_are_refused(payload: dict[object, object]) -> None:
    with pytest.raises(JournalError):
        canonical_json(payload)


def test_timestamps_must_be_aware_and_are_written_in_utc() -> None:
    paris_winter = timezone(timedelta(hours=1))
    assert format_timestamp(datetime(2026, 3, 2, 9, 30, tzinfo=paris_winter)) == (
        "2026-03-02T08:30:00.000000Z"
    )
    with pytest.raises(JournalError):
        format_timestamp(datetime(2026, 3, 2, 9, 30))  # noqa: DTZ001 - the point of the test


def test_the_digest_covers_the_previous_digest_and_every_field() -> None:
    e = entry()
    expected_body = (
        '{"actor":"run:daily-2026-03-02","case_id":7,"document_sha256":null,'
        '"kind":"reminder_sent","occurred_on":"2026-03-02",'
        '"payload":{"amount":"1234.56","channel":"email"},'
        '"recorded_at":"2026-03-02T08:30:00.123456Z","seq":1,"stream":"case:7"}'
    )
    assert e.canonical(1) == expected_body
    expected = hashlib.sha256((GENESIS + expected_body).encode("utf-8")).hexdigest()
    assert entry_digest(GENESIS, e, 1) == expected
    for changed in (
        dataclasses.replace(e, actor="someone else"),
        dataclasses.replace(e, occurred_on=date(2026, 3, 3)),
        dataclasses.replace(e, recorded_at=AT + timedelta(microseconds=1)),
        dataclasses.replace(e, document_sha256="0" * 63 + "1"),
        dataclasses.replace(e, payload={"channel": "email", "amount": "1234.57"}),
    ):
        assert entry_digest(GENESIS, changed, 1) != expected
    assert entry_digest("f" * 64, e, 1) != expected
    assert entry_digest(GENESIS, e, 2) != expected


def test_chain_numbers_each_stream_from_its_head() -> None:
    existing = StreamHead("case:7", 4, "a" * 64)
    chained = chain(
        [entry(), entry(GLOBAL_STREAM, "import_batch"), entry(kind="call_made")],
        {"case:7": existing},
    )
    assert [(c.entry.stream, c.seq) for c in chained] == [
        ("case:7", 5),
        (GLOBAL_STREAM, 1),
        ("case:7", 6),
    ]
    assert chained[0].prev_digest == "a" * 64
    assert chained[1].prev_digest == GENESIS
    assert chained[2].prev_digest == chained[0].digest
    heads = new_heads(chained)
    assert heads["case:7"] == StreamHead("case:7", 6, chained[2].digest)


def test_an_intact_stream_verifies() -> None:
    chained = chain([entry(kind=f"k{i}") for i in range(5)], {})
    assert verify_stream(chained) is None


def test_an_altered_payload_is_named_with_its_seq_and_id() -> None:
    chained = chain([entry(kind=f"k{i}") for i in range(5)], {})
    stored = [dataclasses.replace(c, id=100 + c.seq) for c in chained]
    forged = dataclasses.replace(stored[2].entry, payload={"channel": "letter", "amount": "1.00"})
    stored[2] = dataclasses.replace(stored[2], entry=forged)
    brk = verify_stream(stored)
    assert brk is not None
    assert (brk.stream, brk.seq, brk.entry_id) == ("case:7", 3, 103)
    assert "contenu modifié" in brk.reason
    assert "flux case:7, n° 3, entrée 103" in brk.describe()


def test_a_removed_entry_and_a_broken_link_are_found() -> None:
    chained = chain([entry(kind=f"k{i}") for i in range(4)], {})
    gap = verify_stream([chained[0], chained[2], chained[3]])
    assert gap is not None and gap.seq == 3 and "numéro 2 attendu" in gap.reason
    relinked = dataclasses.replace(chained[1], prev_digest="b" * 64)
    link = verify_stream([chained[0], relinked])
    assert link is not None and link.seq == 2 and "lien" in link.reason


def test_events_go_to_their_case_stream_with_their_payload() -> None:
    event = PhaseChanged(None, date(2026, 2, 1), "amicable", "formal_notice", "sans réponse")
    made = entry_for_event(event, 12, "cli:alice", AT)
    assert made.stream == case_stream(12) == "case:12"
    assert made.case_id == 12 and made.kind == "phase_changed"
    assert made.payload == {
        "from_phase": "amicable",
        "to_phase": "formal_notice",
        "reason": "sans réponse",
    }


def test_anchor_root_ignores_order_and_sees_every_head() -> None:
    a, b = StreamHead("case:1", 3, "1" * 64), StreamHead("case:2", 9, "2" * 64)
    assert anchor_root([a, b]) == anchor_root([b, a])
    assert anchor_root([a, b]) != anchor_root([a, dataclasses.replace(b, seq=8)])
    assert anchor_root([a, b]) != anchor_root([a])


def test_anchors_chain_and_verify() -> None:
    heads = [StreamHead("case:1", 3, "1" * 64), StreamHead("global", 2, "2" * 64)]
    first = make_anchor(None, heads, AT, "run:daily")
    second = make_anchor(first, heads[:1], AT + timedelta(days=1), "run:daily")
    assert (first.seq, first.prev_digest, second.seq, second.prev_digest) == (
        1,
        GENESIS,
        2,
        first.digest,
    )
    assert verify_anchor(first, 1, GENESIS) is None
    assert verify_anchor(second, 2, first.digest) is None
    tampered = dataclasses.replace(first, items=(dataclasses.replace(heads[0], seq=2), heads[1]))
    brk = verify_anchor(tampered, 1, GENESIS)
    assert brk is not None and "têtes de flux" in brk.reason
    redated = dataclasses.replace(first, anchored_at=AT - timedelta(days=30))
    brk = verify_anchor(redated, 1, GENESIS)
    assert brk is not None and "empreinte de l'ancre" in brk.reason


def test_entries_refuse_bad_document_digests() -> None:
    with pytest.raises(JournalError):
        dataclasses.replace(entry(), document_sha256="ABC")
