"""Use cases of the evidence journal: verify every chain, anchor the changed streams.

``verify`` recomputes each stream's chain (``recouvre.domain.journal.verify_stream``), checks
that each stream head points at its last entry, recomputes the anchor chain and checks that
every anchored (stream, seq, digest) still matches its entry. It reports the first broken
entry of each broken stream (stream, seq, id, what differs).

``anchor`` records in the global anchor chain the head of every stream that changed since the
last anchor, in batches (one anchor per ``batch`` streams, one transaction each, so that a
million changed cases never hold locks for long). The daily run calls it at its end;
``recouvre journal anchor`` calls it by hand. Exporting the anchor digests elsewhere (an
e-mail to the creditor, a timestamping service) is what turns them into evidence of time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from recouvre.domain.journal import (
    GENESIS,
    Anchor,
    ChainBreak,
    ChainedEntry,
    make_anchor,
    verify_anchor,
    verify_stream,
)
from recouvre.services.ports import Clock, Journal, UnitOfWorkFactory

DEFAULT_ANCHOR_BATCH = 50_000
DEFAULT_MAX_BREAKS = 100


@dataclass(slots=True)
class VerifyReport:
    entries: int = 0
    streams: int = 0
    anchors: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.breaks

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "streams": self.streams,
            "anchors": self.anchors,
            "breaks": [
                {
                    "stream": b.stream,
                    "seq": b.seq,
                    "entry_id": b.entry_id,
                    "reason": b.reason,
                }
                for b in self.breaks
            ],
            "truncated": self.truncated,
        }


def verify(journal: Journal, max_breaks: int = DEFAULT_MAX_BREAKS) -> VerifyReport:
    """Check the whole journal; at most ``max_breaks`` breaks are listed."""
    report = VerifyReport()

    def add(brk: ChainBreak) -> None:
        if len(report.breaks) < max_breaks:
            report.breaks.append(brk)
        else:
            report.truncated = True

    def counted(group: Iterator[ChainedEntry]) -> Iterator[ChainedEntry]:
        for item in group:
            report.entries += 1
            yield item

    for _stream, group in groupby(journal.entries(), key=lambda item: item.entry.stream):
        report.streams += 1
        brk = verify_stream(counted(group))
        if brk is not None:
            add(brk)
    for brk in journal.head_mismatches():
        add(brk)
    expected_seq, prev = 1, GENESIS
    for anchor in journal.anchors():
        report.anchors += 1
        brk = verify_anchor(anchor, expected_seq, prev)
        if brk is not None:
            add(brk)
            break
        expected_seq, prev = anchor.seq + 1, anchor.digest
    for brk in journal.anchor_item_mismatches():
        add(brk)
    return report


def anchor(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: str, batch: int = DEFAULT_ANCHOR_BATCH
) -> list[Anchor]:
    """Anchor every stream changed since its last anchor; returns the anchors made (none when
    nothing changed)."""
    made: list[Anchor] = []
    while True:
        with uow_factory() as uow:
            last = uow.journal.last_anchor(lock=True)
            heads = uow.journal.unanchored_heads(batch)
            if not heads:
                return made
            new = make_anchor(last, heads, clock.now(), actor)
            uow.journal.add_anchor(new)
            uow.commit()
        made.append(new)
