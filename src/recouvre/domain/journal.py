"""The evidence journal as pure functions: canonical serialisation, hash chains, verification.

Why: a creditor going to court must show what was sent, when and on what basis (CPC 1407
bordereau de pièces; C. civ. 1366-1368 on electronic evidence). The journal makes a later
alteration of those records detectable.

How: facts are appended to *streams* (one per case, ``case:<id>``, and ``global`` for facts
such as import batches). Within a stream, entry ``n`` stores
``digest_n = SHA-256(digest_{n-1} || canonical_n)`` where ``canonical_n`` is the sorted-key,
compact, UTF-8 JSON of the entry (stream, seq, case, kind, payload, the date it happened,
when it was recorded, by whom, the digest of the document it refers to). The first entry
links to ``GENESIS`` (64 zeros). Anchors hash the heads of every stream that changed since the
previous anchor into a global anchor chain, so that rewriting a whole stream (recomputing
every digest) is still detected.

Worked example: ``chain([e1, e2], {})`` gives ``e1`` seq 1 with ``prev_digest == GENESIS`` and
``e2`` seq 2 with ``prev_digest == e1.digest``; ``verify_stream`` of these returns ``None``;
change one character of ``e1``'s payload and it returns a ``ChainBreak`` at seq 1.

Nothing here reads the clock or a database: times and heads are passed in.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from recouvre.domain.errors import DomainError
from recouvre.domain.events.base import Event

GENESIS = "0" * 64
GLOBAL_STREAM = "global"

JsonScalar = str | int | bool | None
JsonValue = JsonScalar | list[Any] | dict[str, Any]
# A value the type checker proves JSON: no float (an ``int`` is no ``float`` to mypy), no
# object, string keys only.
Json = str | int | bool | None | list["Json"] | dict[str, "Json"]


# ``json.dumps(text, ensure_ascii=False)`` of one string (the C encoder when available).
_json_str = json.encoder.encode_basestring
# ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``, built once.
_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, check_circular=False
).encode


class JournalError(DomainError, ValueError):
    """An entry that cannot be journaled (a float, an unaware timestamp...)."""


def case_stream(case_id: int) -> str:
    """The stream of one case: appends to different cases never touch the same chain."""
    return f"case:{case_id}"


@functools.lru_cache(maxsize=256)
def format_timestamp(moment: datetime) -> str:
    """UTC ISO timestamp with microseconds and a ``Z`` (``2026-03-01T08:00:00.000000Z``).

    Cached: every entry of one commit carries the same moment."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise JournalError("horodatage sans fuseau horaire : UTC attendu")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _is_plain_json(value: object) -> bool:
    """Fast check (the hot path of appends and of verification): exact JSON types only.
    Scalars inside a container are checked in the loop, without a call each."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is dict:
        items: Iterable[object] = value.values()  # type: ignore[attr-defined]
        if not all(type(key) is str for key in value):  # type: ignore[attr-defined]
            return False
    elif kind is list or kind is tuple:
        items = value  # type: ignore[assignment]
    else:
        return False
    for item in items:
        inner = type(item)
        plain = inner is str or inner is int or inner is bool or item is None
        if not plain and not _is_plain_json(item):
            return False
    return True


def _check_json(value: object, where: str) -> None:
    """Only exact JSON types: no floats (money is a two-decimal string), no sets, no objects.
    The slow walk below runs only to name the culprit once the fast check failed."""
    if _is_plain_json(value):
        return
    match value:
        case None | bool() | int() | str():
            return
        case float():
            raise JournalError(f"{where} : nombre à virgule flottante refusé (utiliser un texte)")
        case list() | tuple():
            for index, item in enumerate(value):
                _check_json(item, f"{where}[{index}]")
        case dict():
            for key, item in value.items():
                if not isinstance(key, str):
                    raise JournalError(f"{where} : clé non textuelle {key!r}")
                _check_json(item, f"{where}.{key}")
        case _:
            raise JournalError(f"{where} : type {type(value).__name__} non sérialisable")


def canonical_json(value: object) -> str:
    """The canonical JSON of a value: sorted keys, no spaces, non-ASCII kept as is (UTF-8 once
    encoded). The one serialisation of payloads, scalar and bulk paths alike."""
    _check_json(value, "payload")
    return _encode(value)


def canonical_json_of(value: Json) -> str:
    """``canonical_json`` of a value typed ``Json``: the same encoder, without the runtime walk
    the type checker already made (the daily run's action payloads, one per new action)."""
    return _encode(value)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """What happened, to which case, when, recorded when and by whom; before chaining."""

    stream: str
    kind: str
    occurred_on: date
    recorded_at: datetime
    actor: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    case_id: int | None = None
    document_sha256: str | None = None

    # Derived once at construction (bulk appends use them three times per entry).
    stamp: str = field(init=False, repr=False, compare=False)
    payload_json: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.stream or not self.kind or not self.actor:
            raise JournalError("entrée de journal sans flux, nature ou auteur")
        if type(self.kind) is not str:  # a ``JournalKind``: stored as its plain text
            object.__setattr__(self, "kind", str(self.kind))
        object.__setattr__(self, "stamp", format_timestamp(self.recorded_at))
        payload = self.payload if type(self.payload) is dict else dict(self.payload)
        object.__setattr__(self, "payload_json", canonical_json(payload))
        if self.document_sha256 is not None and (
            len(self.document_sha256) != 64 or self.document_sha256.strip("0123456789abcdef") != ""
        ):
            raise JournalError("empreinte de document : SHA-256 hexadécimal minuscule attendu")

    def canonical(self, seq: int) -> str:
        """The canonical serialisation the digest covers (the stream position included):
        ``canonical_json(self.as_json(seq))``, byte for byte (``canonical_entry``)."""
        return canonical_entry(
            self.actor,
            self.case_id,
            self.document_sha256,
            self.kind,
            self.occurred_on.isoformat(),
            self.payload_json,
            self.stamp,
            seq,
            self.stream,
        )

    def as_json(self, seq: int) -> dict[str, Any]:
        """The entry at position ``seq`` as the JSON object its canonical form serialises."""
        return {
            "actor": self.actor,
            "case_id": self.case_id,
            "document_sha256": self.document_sha256,
            "kind": self.kind,
            "occurred_on": self.occurred_on.isoformat(),
            "payload": dict(self.payload),
            "recorded_at": self.stamp,
            "seq": seq,
            "stream": self.stream,
        }


def canonical_entry(
    actor: str,
    case_id: int | None,
    document_sha256: str | None,
    kind: str,
    occurred_on: str,
    payload_json: str,
    recorded_at: str,
    seq: int,
    stream: str,
) -> str:
    """The canonical text of an entry from its parts (arguments in the order of the sorted
    keys; ``occurred_on`` ISO, ``recorded_at`` as ``format_timestamp`` writes it, the payload
    already canonical): ``canonical_json`` of the entry, byte for byte.

    The envelope is assembled around the payload's text instead of encoding the payload again
    for every digest (the hot path of appends, bulk imports and verification); a hypothesis
    property in ``tests/unit/domain/test_journal_canonical.py`` holds the two texts equal."""
    return (
        '{"actor":'
        + _json_str(actor)
        + ',"case_id":'
        + ("null" if case_id is None else int.__repr__(case_id))
        + ',"document_sha256":'
        + ("null" if document_sha256 is None else _json_str(document_sha256))
        + ',"kind":'
        + _json_str(kind)
        + ',"occurred_on":"'
        + occurred_on
        + '","payload":'
        + payload_json
        + ',"recorded_at":"'
        + recorded_at
        + '","seq":'
        + int.__repr__(seq)
        + ',"stream":'
        + _json_str(stream)
        + "}"
    )


def entry_digest(prev_digest: str, entry: JournalEntry, seq: int) -> str:
    """``SHA-256(prev_digest || canonical(entry, seq))``, hexadecimal."""
    hasher = hashlib.sha256(prev_digest.encode("ascii"))
    hasher.update(entry.canonical(seq).encode("utf-8"))
    return hasher.hexdigest()


@dataclass(frozen=True, slots=True)
class ChainedEntry:
    """An entry at its place in its stream, with its digest (``id`` once stored)."""

    entry: JournalEntry
    seq: int
    prev_digest: str
    digest: str
    id: int | None = None


@dataclass(frozen=True, slots=True)
class StreamHead:
    """The last entry of a stream: where the next append links to."""

    stream: str
    seq: int
    digest: str


def chain(entries: Iterable[JournalEntry], heads: Mapping[str, StreamHead]) -> list[ChainedEntry]:
    """Chain ``entries`` (in order) onto the current ``heads``; streams without a head start
    at seq 1 from ``GENESIS``. Returns the chained entries in the input order."""
    current: dict[str, tuple[int, str]] = {
        name: (head.seq, head.digest) for name, head in heads.items()
    }
    out: list[ChainedEntry] = []
    for entry in entries:
        seq, prev = current.get(entry.stream, (0, GENESIS))
        seq += 1
        digest = entry_digest(prev, entry, seq)
        out.append(ChainedEntry(entry, seq, prev, digest))
        current[entry.stream] = (seq, digest)
    return out


def new_heads(chained: Iterable[ChainedEntry]) -> dict[str, StreamHead]:
    """The head of each stream after ``chained`` (the last entry of each)."""
    return {c.entry.stream: StreamHead(c.entry.stream, c.seq, c.digest) for c in chained}


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first entry of a stream (or anchor) that does not check out, and why (French)."""

    stream: str
    seq: int
    entry_id: int | None
    reason: str

    def describe(self) -> str:
        # seq 0: no position in the stream (a row of the readable history, an exported anchor)
        where = f"flux {self.stream}" + (f", n° {self.seq}" if self.seq else "")
        if self.entry_id is not None:
            where += f", entrée {self.entry_id}"
        return f"{where} : {self.reason}"


def verify_stream(entries: Iterable[ChainedEntry]) -> ChainBreak | None:
    """Check one stream given in seq order: numbering, links and digests.

    Returns the first broken entry, or ``None`` when the whole stream checks out.
    """
    expected_seq, prev = 1, GENESIS
    for item in entries:
        stream = item.entry.stream
        if item.seq != expected_seq:
            return ChainBreak(
                stream, item.seq, item.id, f"numéro {expected_seq} attendu, {item.seq} trouvé"
            )
        if item.prev_digest != prev:
            return ChainBreak(
                stream, item.seq, item.id, "le lien vers l'entrée précédente ne correspond pas"
            )
        recomputed = entry_digest(prev, item.entry, item.seq)
        if recomputed != item.digest:
            return ChainBreak(
                stream,
                item.seq,
                item.id,
                f"contenu modifié : empreinte recalculée {recomputed[:16]}…, "
                f"enregistrée {item.digest[:16]}…",
            )
        expected_seq, prev = expected_seq + 1, item.digest
    return None


def entry_for_event(
    event: Event, case_id: int | None, actor: str, recorded_at: datetime
) -> JournalEntry:
    """The journal entry of a domain event (its case stream, or ``global`` without a case)."""
    owner = case_id if case_id is not None else event.case_id
    return JournalEntry(
        stream=case_stream(owner) if owner is not None else GLOBAL_STREAM,
        kind=event.kind,
        occurred_on=event.on,
        recorded_at=recorded_at,
        actor=actor,
        payload=event.payload(),
        case_id=owner,
    )


# --- Anchors ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    """One link of the global anchor chain: the heads of the streams it covers, hashed."""

    seq: int
    anchored_at: datetime
    actor: str
    items: tuple[StreamHead, ...]
    prev_digest: str
    root: str
    digest: str


def anchor_root(items: Iterable[StreamHead]) -> str:
    """SHA-256 of the canonical JSON list of ``[stream, seq, digest]`` sorted by stream."""
    rows = sorted([item.stream, item.seq, item.digest] for item in items)
    return hashlib.sha256(canonical_json(rows).encode("utf-8")).hexdigest()


def anchor_digest(
    prev_digest: str, seq: int, anchored_at: datetime, actor: str, streams: int, root: str
) -> str:
    body = canonical_json(
        {
            "actor": actor,
            "anchored_at": format_timestamp(anchored_at),
            "root": root,
            "seq": seq,
            "streams": streams,
        }
    )
    hasher = hashlib.sha256(prev_digest.encode("ascii"))
    hasher.update(body.encode("utf-8"))
    return hasher.hexdigest()


def make_anchor(
    previous: Anchor | None, items: Sequence[StreamHead], anchored_at: datetime, actor: str
) -> Anchor:
    """The next anchor after ``previous`` covering ``items``."""
    seq = 1 if previous is None else previous.seq + 1
    prev = GENESIS if previous is None else previous.digest
    root = anchor_root(items)
    digest = anchor_digest(prev, seq, anchored_at, actor, len(items), root)
    ordered = tuple(sorted(items, key=lambda item: item.stream))
    return Anchor(seq, anchored_at, actor, ordered, prev, root, digest)


ANCHOR_STREAM = "anchors"


def verify_anchor(anchor: Anchor, expected_seq: int, expected_prev: str) -> ChainBreak | None:
    """Check one anchor's numbering, link, root and digest."""
    if anchor.seq != expected_seq:
        return ChainBreak(ANCHOR_STREAM, anchor.seq, None, f"ancre n° {expected_seq} attendue")
    if anchor.prev_digest != expected_prev:
        return ChainBreak(ANCHOR_STREAM, anchor.seq, None, "lien vers l'ancre précédente rompu")
    root = anchor_root(anchor.items)
    if root != anchor.root:
        return ChainBreak(
            ANCHOR_STREAM, anchor.seq, None, "la liste des têtes de flux ancrées a été modifiée"
        )
    digest = anchor_digest(
        anchor.prev_digest, anchor.seq, anchor.anchored_at, anchor.actor, len(anchor.items), root
    )
    if digest != anchor.digest:
        return ChainBreak(ANCHOR_STREAM, anchor.seq, None, "empreinte de l'ancre modifiée")
    return None


@dataclass(frozen=True, slots=True)
class AnchorTimestamp:
    """A time-stamping authority's token (RFC 3161 ``TimeStampToken``, DER) over an anchor's
    digest: a third party's signed word that the anchor, and so every entry it seals, existed
    at ``gen_time`` (C. civ. 1366; eIDAS art. 41 for a qualified authority)."""

    anchor_seq: int
    tsa_url: str
    gen_time: datetime
    token: bytes
