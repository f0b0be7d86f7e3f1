"""Bounced emails: delivery status notifications make an address unreachable.

The mail adapter parses the notifications dropped in a folder (RFC 3464,
``adapters.mail.bounces``). A permanent failure (``Action: failed``, status 5.x.x) of an
address:

- is recorded once (importing the same notification again changes nothing);
- is tied to the outbox action that sent the email through its Message-ID (derived from the
  action's idempotency key), else to every debtor known under that address;
- drops the address from the debtor, journals the notification's diagnostic as evidence on the
  debtor's open cases, and records ``ContactFailed`` (email, bounced) on each through the daily
  run's event use case, so that the plan drops the channel and the scenario switches to letters.

A delay or a transient failure (4.x.x) is recorded and changes nothing.

The notices come from a folder (``import_bounces``) or from a mailbox (``fetch_bounces``,
through the ``BounceMailbox`` port; the IMAP adapter is ``adapters.mail.imap_bounces``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from recouvre.domain.errors import DomainError
from recouvre.domain.parties import Channel
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.model import CaseEventSink


@dataclass(frozen=True, slots=True)
class BounceNotice:
    """One recipient's result from one notification file."""

    file_name: str
    file_sha256: str
    address: str
    permanent: bool
    status: str
    diagnostic: str
    message_id: str | None


@dataclass(slots=True)
class BounceReport:
    notices: int = 0
    already_known: int = 0
    unreachable: list[str] = field(default_factory=list)  # addresses dropped
    cases: list[str] = field(default_factory=list)  # case references told
    unmatched: list[str] = field(default_factory=list)  # addresses of no known debtor
    transient: int = 0
    skipped_files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cases the event could not reach


class BounceStore(Protocol):
    def record(self, notices: Sequence[BounceNotice], on: date) -> BounceReport:
        """In one transaction: store new notices, drop permanently failed addresses from their
        debtors and journal the evidence on the open cases concerned (``report.cases``)."""
        ...


def import_bounces(
    store: BounceStore,
    events: CaseEventSink,
    notices: Sequence[BounceNotice],
    skipped: Sequence[str],
    on: date,
) -> BounceReport:
    """Record the notices, then tell each open case concerned that the email channel failed
    (the daily run's event use case: the plan drops the channel and re-plans by post)."""
    report = store.record(notices, on)
    report.skipped_files = list(skipped)
    for reference in report.cases:
        try:
            events.unreachable(reference, Channel.EMAIL, on)
        except (DomainError, ServiceError) as refused:
            report.problems.append(f"{reference} : {refused}")
    return report


# --- a mailbox as the source (IMAP) ------------------------------------------------------------
# The same notices as a dropped folder, but read from a mailbox the mail server fills itself.
# Order matters for crash safety: record and tell the cases first (committed), then mark the
# messages processed. A crash in between leaves them unmarked; the next fetch reads them again
# and the store finds them already known (same message digest), so nothing is recorded twice.


@dataclass(frozen=True, slots=True)
class MailboxMessage:
    """One message read from a bounce mailbox: its notices (none when it is not a DSN) and the
    handle the mailbox needs to mark it processed (an IMAP UID)."""

    handle: str
    name: str
    notices: tuple[BounceNotice, ...]


class BounceMailbox(Protocol):
    def batches(self) -> Iterator[Sequence[MailboxMessage]]:
        """The messages not yet processed, a bounded batch at a time."""
        ...

    def mark_processed(self, messages: Sequence[MailboxMessage]) -> None:
        """Remember that these messages were recorded, so that the next fetch skips them."""
        ...


def fetch_bounces(
    mailbox: BounceMailbox,
    store: BounceStore,
    events: CaseEventSink,
    on: date,
) -> BounceReport:
    """Read the unprocessed notifications of ``mailbox`` batch by batch, record them exactly as
    ``import_bounces`` does, then mark them processed. Messages that are not notifications are
    reported in ``skipped_files`` and left as they are (never marked: a person may need them).
    A case is told once per fetch even when several notifications concern it."""
    total = BounceReport()
    told: set[str] = set()
    for batch in mailbox.batches():
        notices = [n for m in batch for n in m.notices]
        report = store.record(notices, on) if notices else BounceReport()
        for reference in report.cases:
            if reference in told:
                continue
            told.add(reference)
            try:
                events.unreachable(reference, Channel.EMAIL, on)
            except (DomainError, ServiceError) as refused:
                total.problems.append(f"{reference} : {refused}")
        mailbox.mark_processed([m for m in batch if m.notices])
        total.notices += report.notices
        total.already_known += report.already_known
        total.transient += report.transient
        total.unreachable += report.unreachable
        total.cases += [c for c in dict.fromkeys(report.cases) if c not in total.cases]
        total.unmatched += report.unmatched
        total.skipped_files += [m.name for m in batch if not m.notices]
    return total
