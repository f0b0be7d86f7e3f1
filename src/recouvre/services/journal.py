"""Use cases of the evidence journal: verify every chain, anchor the changed streams.

``verify`` recomputes each stream's chain (``recouvre.domain.journal.verify_stream``), checks
that each stream head points at its last entry (and never behind what was anchored),
recomputes the anchor chain and checks that every anchored (stream, seq, digest) still matches
its entry. It reports the first broken entry of each broken stream (stream, seq, id, what
differs). It also holds the other records to the journal: the ``events`` table (the copy of
each case's history written with every entry) must hold exactly the journal's entries, so an
entry deleted at the tail of a stream, head moved back, still leaves its copy behind; and an
action the journal proves sent (``proven_sent``) must still be ``sent`` in the actions table.
Given exported anchor digests (``exported``), it checks that each is a link of the verified
anchor chain: a forger who rewrote entries and then every anchor after them cannot produce a
digest that was exported before the rewrite (C. civ. 1366: the integrity of the writing).

``anchor`` records in the global anchor chain the head of every stream that changed since the
last anchor, in batches (one anchor per ``batch`` streams, one transaction each, so that a
million changed cases never hold locks for long). The daily run calls it at its end;
``recouvre journal anchor`` calls it by hand. Exporting the anchor digests elsewhere (an
e-mail to the creditor, a timestamping service) is what turns them into evidence of time:
``timestamp_anchors`` asks a time-stamping authority (RFC 3161, ``RECOUVRE_TSA_URL``) for a
signed token over each anchor not yet stamped (one that failed is asked again next time), and
``verify`` checks every stored token against its anchor, so a rewrite of the anchor chain
before a stamped anchor is caught even without an exported digest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from recouvre.domain.events.base import JournalKind
from recouvre.domain.journal import (
    ANCHOR_STREAM,
    GENESIS,
    Anchor,
    AnchorTimestamp,
    ChainBreak,
    ChainedEntry,
    JournalEntry,
    make_anchor,
    verify_anchor,
    verify_stream,
)
from recouvre.services.errors import TimestampError
from recouvre.services.outbox.model import ActionStatus
from recouvre.services.ports import (
    Clock,
    Journal,
    TimestampChecker,
    Timestamper,
    UnitOfWorkFactory,
)

DEFAULT_ANCHOR_BATCH = 50_000
DEFAULT_MAX_BREAKS = 100
_STATUS_CHUNK = 1000  # action ids per status lookup

# The kinds of entry that can prove an outbox action went out (``proven_sent``).
SENT_PROOF_KINDS: tuple[str, ...] = (
    JournalKind.ACTION_SENT.value,
    JournalKind.ACTION_RESOLVED.value,
    JournalKind.ACTION_STATUS_CHANGED.value,
    JournalKind.CALL_OUTCOME.value,
)


@dataclass(slots=True)
class VerifyReport:
    entries: int = 0
    streams: int = 0
    anchors: int = 0
    timestamps: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)
    truncated: bool = False
    # Exported anchor digests found in the verified anchor chain: (digest, anchor seq).
    exported: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "streams": self.streams,
            "anchors": self.anchors,
            "timestamps": self.timestamps,
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
            "exported_anchors": [{"digest": d, "seq": seq} for d, seq in self.exported],
        }


def proven_sent(entry: JournalEntry) -> int | None:
    """The id of the action ``entry`` proves went out (sent by the outbox, settled « sent » by a
    person, a closure proposal done, a call task answered), or ``None``. Once sent, an action
    never leaves ``sent``: the letter or message is out, and the bordereau (CPC 1407) cites it."""
    payload = entry.payload
    action_id = payload.get("action_id")
    if type(action_id) is not int:
        return None
    sent = ActionStatus.SENT.value
    match entry.kind:
        case JournalKind.ACTION_SENT.value:
            return action_id
        case JournalKind.ACTION_RESOLVED.value if payload.get("decision") == sent:
            return action_id
        case JournalKind.ACTION_STATUS_CHANGED.value if payload.get("to") == sent:
            return action_id
        case JournalKind.CALL_OUTCOME.value if payload.get("status") == sent:
            return action_id
    return None


def verify(
    journal: Journal,
    max_breaks: int = DEFAULT_MAX_BREAKS,
    exported: Sequence[str] = (),
    checker: TimestampChecker | None = None,
) -> VerifyReport:
    """Check the whole journal, each ``exported`` anchor digest against its anchor chain, and
    (given a ``checker``) each anchor's timestamp token; at most ``max_breaks`` breaks are
    listed."""
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
    verified = _verify_anchor_chain(journal, report, add)
    if checker is not None:
        _check_timestamps(journal, checker, report, add)
    for brk in journal.anchor_item_mismatches():
        add(brk)
    for brk in journal.history_mismatches():
        add(brk)
    _check_sent_actions(journal, add)
    _check_exported(exported, verified, report, add)
    return report


def _verify_anchor_chain(
    journal: Journal, report: VerifyReport, add: Callable[[ChainBreak], None]
) -> dict[str, int]:
    """Recompute the anchor chain; returns the digests of the anchors verified (every one
    before the first break) with their seq."""
    verified: dict[str, int] = {}
    expected_seq, prev = 1, GENESIS
    for anchor in journal.anchors():
        report.anchors += 1
        brk = verify_anchor(anchor, expected_seq, prev)
        if brk is not None:
            add(brk)
            break
        verified[anchor.digest] = anchor.seq
        expected_seq, prev = anchor.seq + 1, anchor.digest
    return verified


def _check_timestamps(
    journal: Journal,
    checker: TimestampChecker,
    report: VerifyReport,
    add: Callable[[ChainBreak], None],
) -> None:
    """Each stored token must prove its anchor's digest as the anchor chain holds it now."""
    digests = {anchor.seq: anchor.digest for anchor in journal.anchors()}
    for stamp in journal.timestamps():
        report.timestamps += 1
        digest = digests.get(stamp.anchor_seq)
        reason = "l'ancre horodatée est absente" if digest is None else checker.check(stamp, digest)
        if reason is not None:
            add(
                ChainBreak(
                    ANCHOR_STREAM,
                    stamp.anchor_seq,
                    None,
                    f"horodatage RFC 3161 ({stamp.tsa_url}) : {reason}",
                )
            )


def _check_sent_actions(journal: Journal, add: Callable[[ChainBreak], None]) -> None:
    """Every action the journal proves sent is still ``sent`` in the actions table."""
    pending: dict[int, ChainedEntry] = {}

    def flush() -> None:
        statuses = journal.action_statuses(sorted(pending))
        for action_id, item in sorted(pending.items()):
            status = statuses.get(action_id)
            if status == ActionStatus.SENT.value:
                continue
            what = "absente de la table des actions" if status is None else f"marquée « {status} »"
            add(
                ChainBreak(
                    item.entry.stream,
                    item.seq,
                    item.id,
                    f"le journal prouve l'envoi de l'action {action_id}, qui est pourtant {what}",
                )
            )
        pending.clear()

    for item in journal.entries_of_kinds(SENT_PROOF_KINDS):
        action_id = proven_sent(item.entry)
        if action_id is not None:
            pending.setdefault(action_id, item)
            if len(pending) >= _STATUS_CHUNK:
                flush()
    if pending:
        flush()


def _check_exported(
    exported: Sequence[str],
    verified: dict[str, int],
    report: VerifyReport,
    add: Callable[[ChainBreak], None],
) -> None:
    """Each exported digest must be a verified link of the anchor chain: the chain up to it,
    and every entry it seals, are then as they were when it was exported."""
    for given in exported:
        digest = given.strip().lower()
        seq = verified.get(digest)
        if seq is not None:
            report.exported.append((digest, seq))
            continue
        add(
            ChainBreak(
                ANCHOR_STREAM,
                0,
                None,
                f"l'empreinte d'ancre exportée {digest} ne figure pas dans la chaîne des ancres "
                "vérifiée : le journal a été réécrit avant cette ancre (ou elle vient d'une "
                "autre base)",
            )
        )


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


@dataclass(slots=True)
class Stamping:
    """What ``timestamp_anchors`` did: the tokens stored, and the anchors left unstamped."""

    stamped: list[AnchorTimestamp] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (anchor seq, reason)


def timestamp_anchors(uow_factory: UnitOfWorkFactory, timestamper: Timestamper) -> Stamping:
    """Ask the authority for a token over every anchor not yet stamped, oldest first; each
    token is stored in its own short transaction (the network call holds no lock). The first
    failure stops the round (the authority is down or refusing): the anchors stay made and are
    asked for again next time."""
    done = Stamping()
    with uow_factory() as uow:
        pending = uow.journal.unstamped_anchors()
    for anchor in pending:
        try:
            stamp = timestamper.stamp(anchor.seq, anchor.digest)
        except TimestampError as error:
            done.failed.extend((a.seq, str(error)) for a in pending[len(done.stamped) :])
            return done
        with uow_factory() as uow:
            uow.journal.add_timestamp(stamp)
            uow.commit()
        done.stamped.append(stamp)
    return done
