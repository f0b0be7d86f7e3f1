"""Registered letters with acknowledgement of receipt (LRAR): posting and tracking events.

A registered letter enters the day's print batch when the sender files it (``dispatch``); it
gets its tracking number when it is posted (``assign``: typed from the postal receipt, or from
the print-and-post service's file). The tracking events then come back as a CSV file
(``adapters.importers.tracking_csv``): the first presentation, the signed acknowledgement, or
the return (« pli avisé non réclamé », « destinataire inconnu à l'adresse »). Each is recorded
as evidence in the case's journal, and:

- the signed acknowledgement of a formal notice records ``formal_notice_received`` on that date:
  the legal interest runs from the formal notice (C. civ. 1344-1, 1231-6), counted here from
  its receipt, the prudent start (the statement reads this event; the first presentation is
  kept beside it);
- « destinataire inconnu à l'adresse » makes the debtor « injoignable » (attitude) and records
  ``ContactFailed`` (letter, returned) through the daily run's event use case, so that the plan
  drops the channel: the address must be checked before anything else is posted;
- « pli avisé non réclamé » is recorded with the first presentation date; the debtor did not
  collect the letter, which proves the attempt (kept for the judge) but not the receipt.

An import is all or nothing: every line is checked first (known tracking number, known event,
date), and any error leaves the database untouched, with the list of errors by line. The
lines, their journal entries, the debtor's attitude and the plan's reaction to a returned
letter are one unit of work: they commit together or not at all.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from recouvre.domain.cases import Attitude
from recouvre.domain.errors import DomainError
from recouvre.domain.events.delivery import (
    FormalNoticeReceived,
    RegisteredLetterDelivered,
    RegisteredLetterPosted,
    RegisteredLetterPresented,
    RegisteredLetterReturnedUnclaimed,
    RegisteredLetterReturnedUnknownAddress,
    RegisteredLetterTracked,
)
from recouvre.domain.parties import Channel
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.ports import CaseEventsWithin


class TrackingEvent(enum.StrEnum):
    PRESENTED = "presented"  # première présentation (avisé)
    DELIVERED = "delivered"  # distribué, AR signé
    RETURNED_UNCLAIMED = "returned_unclaimed"  # pli avisé non réclamé
    RETURNED_UNKNOWN_ADDRESS = "returned_unknown_address"  # destinataire inconnu à l'adresse


EVENT_LABELS: dict[TrackingEvent, str] = {
    TrackingEvent.PRESENTED: "première présentation",
    TrackingEvent.DELIVERED: "distribué (AR signé)",
    TrackingEvent.RETURNED_UNCLAIMED: "pli avisé non réclamé",
    TrackingEvent.RETURNED_UNKNOWN_ADDRESS: "destinataire inconnu à l'adresse",
}

# The journal entry of each tracking event.
TRACKED: dict[TrackingEvent, type[RegisteredLetterTracked]] = {
    TrackingEvent.PRESENTED: RegisteredLetterPresented,
    TrackingEvent.DELIVERED: RegisteredLetterDelivered,
    TrackingEvent.RETURNED_UNCLAIMED: RegisteredLetterReturnedUnclaimed,
    TrackingEvent.RETURNED_UNKNOWN_ADDRESS: RegisteredLetterReturnedUnknownAddress,
}

# A letter's status after an event; a later presentation never hides a delivery or a return.
_RANK = {
    "printed": 0,
    "posted": 1,
    TrackingEvent.PRESENTED.value: 2,
    TrackingEvent.DELIVERED.value: 3,
    TrackingEvent.RETURNED_UNCLAIMED.value: 3,
    TrackingEvent.RETURNED_UNKNOWN_ADDRESS.value: 3,
}


def status_after(current: str, event: TrackingEvent) -> str:
    return event.value if _RANK[event.value] >= _RANK.get(current, 0) else current


def status_after_posting(status: str) -> str:
    return "posted" if status == "printed" else status


RETURNED_UNKNOWN = "lettre recommandée retournée : destinataire inconnu à l'adresse"


_SPACES = re.compile(r"[\s\u00a0\u202f.-]+")
_NUMBER = re.compile(r"^[0-9A-Z]{8,40}$")


def normalise_tracking_number(raw: str) -> str:
    """``1A 012 345 6789 0`` -> ``1A01234567890`` (spaces and dots dropped, upper case)."""
    return _SPACES.sub("", raw).upper()


def valid_tracking_number(number: str) -> bool:
    return bool(_NUMBER.match(number))


class TrackingError(ServiceError):
    """A tracking import refused whole; ``errors`` name the file, line and field."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__(
            f"import refusé, aucune ligne enregistrée ({len(errors)} erreur(s)) :\n  - "
            + "\n  - ".join(errors)
        )
        self.errors = tuple(errors)


@dataclass(frozen=True, slots=True)
class TrackingLine:
    """One line of a tracking file, parsed."""

    line: int
    tracking_number: str
    occurred_on: date
    event: TrackingEvent


@dataclass(frozen=True, slots=True)
class RegisteredItem:
    id: int
    action_id: int
    case_id: int
    kind: str  # the action's step kind (formal_notice...)
    tracking_number: str | None
    batch_on: date
    posted_on: date | None
    status: str


@dataclass(slots=True)
class TrackingReport:
    recorded: int = 0
    already_known: int = 0
    by_event: dict[str, int] = field(default_factory=dict)
    received: list[tuple[str, date]] = field(default_factory=list)  # (case reference, on)
    unreachable: list[tuple[str, date]] = field(default_factory=list)  # (case reference, on)
    problems: list[str] = field(default_factory=list)  # cases the event could not reach


class RegisteredMailStore(Protocol):
    """Registered letters and their tracking events, on a unit of work's transaction."""

    def by_action(self, action_id: int) -> RegisteredItem | None: ...

    def by_numbers(self, numbers: Sequence[str]) -> dict[str, RegisteredItem]: ...

    def assign(self, item: RegisteredItem, number: str, posted_on: date, status: str) -> None:
        """Store the tracking number (also the action's ``provider_ref``) and the posting."""
        ...

    def known_events(self, numbers: Sequence[str]) -> set[tuple[str, str, date]]:
        """(tracking number, event, date) of the events already stored for these letters."""
        ...

    def add_event(
        self, item: RegisteredItem, line: TrackingLine, file_name: str, status: str
    ) -> None:
        """Store one tracking event and the letter's new status."""
        ...

    def references(self, case_ids: Sequence[int]) -> dict[int, str]: ...


class RegisteredMailUnitOfWork(PlanUnitOfWork, Protocol):
    @property
    def registered_mail(self) -> RegisteredMailStore: ...


RegisteredMailUnitOfWorkFactory = Callable[[], RegisteredMailUnitOfWork]


def assign_tracking_number(
    uow: RegisteredMailUnitOfWorkFactory, action_id: int, raw_number: str, posted_on: date
) -> RegisteredItem:
    with uow() as work:
        store = work.registered_mail
        item = store.by_action(action_id)
        if item is None:
            raise TrackingError([f"action {action_id} : aucune lettre recommandée imprimée"])
        number = normalise_tracking_number(raw_number)
        if not valid_tracking_number(number):
            raise TrackingError([f"numéro de suivi « {raw_number} » invalide"])
        if item.tracking_number not in (None, number):
            raise TrackingError(
                [f"action {action_id} : déjà postée sous le numéro {item.tracking_number}"]
            )
        if posted_on < item.batch_on:
            raise TrackingError(
                [f"date de dépôt {posted_on} antérieure au lot d'impression du {item.batch_on}"]
            )
        other = store.by_numbers([number]).get(number)
        if other is not None and other.id != item.id:
            raise TrackingError([f"numéro {number} déjà attribué à l'action {other.action_id}"])
        store.assign(item, number, posted_on, status_after_posting(item.status))
        posted = RegisteredLetterPosted(item.case_id, posted_on, item.action_id, number)
        work.journal.record(posted)
        work.commit()
        return store.by_action(action_id) or item


def import_tracking(
    uow: RegisteredMailUnitOfWorkFactory,
    events: CaseEventsWithin,
    file_name: str,
    lines: Sequence[TrackingLine],
    parse_errors: Sequence[str] = (),
) -> TrackingReport:
    """Check every line, then record them all or none (``TrackingError`` lists the errors),
    with what each means for its case, in one unit of work."""
    with uow() as work:
        matched = _matched(work.registered_mail, file_name, lines, parse_errors)
        report = record_tracking(work, file_name, matched)
        work.flush()  # the returned letters' attitude, read by the plan's reaction below
        told = events.within(work)
        for reference, on in report.unreachable:  # the plan drops the letter channel
            try:
                told.unreachable(reference, Channel.LETTER, on)
            except (DomainError, ServiceError) as refused:
                report.problems.append(f"{reference} : {refused}")
        work.commit()
    return report


def _matched(
    store: RegisteredMailStore,
    file_name: str,
    lines: Sequence[TrackingLine],
    parse_errors: Sequence[str],
) -> list[tuple[TrackingLine, RegisteredItem]]:
    errors = list(parse_errors)
    items = store.by_numbers(sorted({line.tracking_number for line in lines}))
    matched: list[tuple[TrackingLine, RegisteredItem]] = []
    for line in lines:
        item = items.get(line.tracking_number)
        where = f"{file_name}, ligne {line.line}"
        if item is None:
            errors.append(
                f"{where}, numéro : « {line.tracking_number} » ne correspond à aucune lettre "
                "recommandée postée (recouvre tracking assign)"
            )
            continue
        if item.posted_on is not None and line.occurred_on < item.posted_on:
            errors.append(
                f"{where}, date : {line.occurred_on.isoformat()} antérieure au dépôt du "
                f"{item.posted_on.isoformat()}"
            )
            continue
        matched.append((line, item))
    if errors:
        raise TrackingError(errors)
    return matched


def record_tracking(
    uow: RegisteredMailUnitOfWork,
    file_name: str,
    lines: Sequence[tuple[TrackingLine, RegisteredItem]],
) -> TrackingReport:
    """Record each new line (in date order; a line already stored is skipped) with its
    evidence, and what it means: a delivered formal notice is received that day; a letter
    returned « destinataire inconnu » makes the debtor unreachable on the case."""
    store = uow.registered_mail
    report = TrackingReport()
    known = store.known_events([line.tracking_number for line, _ in lines])
    references = store.references([item.case_id for _, item in lines])
    states: dict[int, RegisteredItem] = {}
    for line, first in sorted(lines, key=lambda pair: (pair[0].occurred_on, pair[0].line)):
        item = states.get(first.id, first)
        key = (line.tracking_number, line.event.value, line.occurred_on)
        if key in known:
            report.already_known += 1
            continue
        known.add(key)
        status = status_after(item.status, line.event)
        store.add_event(item, line, file_name, status)
        states[item.id] = replace(item, status=status)
        reference = references[item.case_id]
        _journal_line(uow, file_name, line, item)
        if line.event is TrackingEvent.DELIVERED and item.kind == "formal_notice":
            received = FormalNoticeReceived(
                item.case_id, line.occurred_on, item.action_id, line.tracking_number,
                line.occurred_on, "acknowledgement",
            )  # fmt: skip
            uow.journal.record(received)
            report.received.append((reference, line.occurred_on))
        if line.event is TrackingEvent.RETURNED_UNKNOWN_ADDRESS:
            _unreachable(uow, item.case_id, line.occurred_on)
            report.unreachable.append((reference, line.occurred_on))
        report.recorded += 1
        report.by_event[line.event.value] = report.by_event.get(line.event.value, 0) + 1
    return report


def _journal_line(
    uow: RegisteredMailUnitOfWork, file_name: str, line: TrackingLine, item: RegisteredItem
) -> None:
    tracked = TRACKED[line.event](
        item.case_id,
        line.occurred_on,
        item.action_id,
        line.tracking_number,
        line.event.value,
        EVENT_LABELS[line.event],
        f"{file_name}, ligne {line.line}",
    )
    uow.journal.record(tracked)


def _unreachable(uow: RegisteredMailUnitOfWork, case_id: int, on: date) -> None:
    """The debtor is « injoignable » on the case, journaled where the return is."""
    case = uow.cases.get(case_id)
    assert case is not None
    case.set_attitude(Attitude.UNREACHABLE, on, RETURNED_UNKNOWN)
    for event in case.pull_events():
        uow.journal.record(event)
