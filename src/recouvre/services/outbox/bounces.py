"""Bounced emails: delivery status notifications make an address unreachable.

The mail adapter parses the notifications dropped in a folder (RFC 3464,
``adapters.mail.bounces``). A permanent failure (``Action: failed``, status 5.x.x) of an
address:

- is recorded once (importing the same notification again changes nothing);
- is tied to the outbox action that sent the email through its Message-ID (derived from the
  action's idempotency key), else to every debtor known under that address;
- drops the address from the debtor, journals the notification's diagnostic as evidence on the
  debtor's open cases, and records ``ContactFailed`` (email, bounced) on each through the daily
  run's event use case, so that the plan drops the channel and the scenario switches to letters;
  the notices, the evidence and the plans' reactions are one unit of work.

A delay or a transient failure (4.x.x) is recorded and changes nothing.

The notices come from a folder (``import_bounces``) or from a mailbox (``fetch_bounces``,
through the ``BounceMailbox`` port; the IMAP adapter is ``adapters.mail.imap_bounces``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, Protocol

from recouvre.domain.errors import DomainError
from recouvre.domain.events.delivery import EmailBounced
from recouvre.domain.parties import Channel
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.ports import CaseEventsWithin


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


class SentEmail(NamedTuple):
    """The outbox action whose email a notification names (by Message-ID)."""

    action_id: int
    case_id: int
    debtor_id: int


class BounceStore(Protocol):
    """Bounce notices and the addresses they concern, on a unit of work's transaction."""

    def known(self, notice: BounceNotice) -> bool: ...

    def sent_email(self, message_id: str) -> SentEmail | None: ...

    def debtors_with_email(self, address: str) -> list[int]: ...

    def add(self, notice: BounceNotice, sent: SentEmail | None, debtor_id: int | None) -> None: ...

    def drop_email(self, debtor_id: int, address: str) -> None: ...

    def open_cases(self, debtor_id: int) -> list[int]: ...

    def references(self, case_ids: Sequence[int]) -> dict[int, str]: ...


class BounceUnitOfWork(PlanUnitOfWork, Protocol):
    @property
    def bounces(self) -> BounceStore: ...


BounceUnitOfWorkFactory = Callable[[], BounceUnitOfWork]


def record_bounces(
    uow: BounceUnitOfWork, notices: Sequence[BounceNotice], on: date
) -> BounceReport:
    """Store new notices; a permanent failure drops the address from its debtors and is
    journaled as evidence on the open cases concerned (``report.cases``)."""
    store = uow.bounces
    report = BounceReport()
    for notice in notices:
        address = notice.address.lower()
        if store.known(notice):
            report.already_known += 1
            continue
        report.notices += 1
        sent = store.sent_email(notice.message_id) if notice.message_id else None
        debtor_ids = store.debtors_with_email(address)
        if sent is not None:
            debtor_ids = sorted(set(debtor_ids) | {sent.debtor_id})
        store.add(notice, sent, debtor_ids[0] if debtor_ids else None)
        if not notice.permanent:
            report.transient += 1
            continue
        if not debtor_ids:
            report.unmatched.append(address)
            continue
        case_ids = [sent.case_id] if sent is not None else []
        for debtor_id in debtor_ids:
            store.drop_email(debtor_id, address)
            case_ids += store.open_cases(debtor_id)
        report.unreachable.append(address)
        concerned = sorted(set(case_ids))
        references = store.references(concerned)
        for case_id in concerned:
            bounced = EmailBounced(
                case_id,
                on,
                address,
                notice.status,
                notice.diagnostic,
                notice.message_id,
                notice.file_name,
                notice.file_sha256,
            )
            uow.journal.record(bounced)
            report.cases.append(references[case_id])
    return report


def _tell(
    uow: BounceUnitOfWork,
    events: CaseEventsWithin,
    references: Sequence[str],
    on: date,
    problems: list[str],
) -> None:
    """``ContactFailed`` (email) on each case, on the notices' unit of work."""
    if not references:
        return
    uow.flush()  # the dropped addresses and the evidence first, as the plans read them
    told = events.within(uow)
    for reference in references:
        try:
            told.unreachable(reference, Channel.EMAIL, on)
        except (DomainError, ServiceError) as refused:
            problems.append(f"{reference} : {refused}")


def import_bounces(
    uow: BounceUnitOfWorkFactory,
    events: CaseEventsWithin,
    notices: Sequence[BounceNotice],
    skipped: Sequence[str],
    on: date,
) -> BounceReport:
    """Record the notices and tell each open case concerned that the email channel failed
    (the daily run's event use case: the plan drops the channel and re-plans by post), in one
    unit of work."""
    with uow() as work:
        report = record_bounces(work, notices, on)
        report.skipped_files = list(skipped)
        _tell(work, events, report.cases, on, report.problems)
        work.commit()
    return report


# --- a mailbox as the source (IMAP) ------------------------------------------------------------
# The same notices as a dropped folder, but read from a mailbox the mail server fills itself.
# Order matters for crash safety: record and tell the cases first (one committed unit of work
# per batch), then mark the messages processed. A crash in between leaves them unmarked; the
# next fetch reads them again and finds them already known (same message digest), so nothing
# is recorded twice.


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
    uow: BounceUnitOfWorkFactory,
    events: CaseEventsWithin,
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
        report = BounceReport()
        if notices:
            with uow() as work:
                report = record_bounces(work, notices, on)
                fresh = [r for r in dict.fromkeys(report.cases) if r not in told]
                told.update(fresh)
                _tell(work, events, fresh, on, total.problems)
                work.commit()
        mailbox.mark_processed([m for m in batch if m.notices])
        total.notices += report.notices
        total.already_known += report.already_known
        total.transient += report.transient
        total.unreachable += report.unreachable
        total.cases += [c for c in dict.fromkeys(report.cases) if c not in total.cases]
        total.unmatched += report.unmatched
        total.skipped_files += [m.name for m in batch if not m.notices]
    return total
