"""Storage of the channels' follow-ups: call outcomes, registered-mail tracking, bounces.

Each write is one transaction that also appends the case events (``events`` table and evidence
journal, through ``JournalWriter``) so that a fact is never stored without its evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.journal import JournalWriter
from recouvre.adapters.db.stores.outbox import SqlOutboxStore, action_from_row
from recouvre.adapters.db.tables import (
    actions,
    bounces,
    call_outcomes,
    cases,
    debtors,
    events,
    registered_mail_items,
    tracking_events,
)
from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.events.cases import Event
from recouvre.domain.journal import JournalEntry, case_stream, format_timestamp
from recouvre.domain.money import to_cents
from recouvre.domain.parties import Channel
from recouvre.services.outbox.bounces import BounceNotice, BounceReport
from recouvre.services.outbox.calls import HistoryLine, OutcomeRecord
from recouvre.services.outbox.model import ActionStatus, CaseFacts, OutboxAction
from recouvre.services.outbox.registered_mail import (
    EVENT_LABELS,
    RegisteredItem,
    TrackingEvent,
    TrackingLine,
    TrackingReport,
    status_after,
)
from recouvre.services.ports import Clock


class _Base:
    def __init__(self, engine: sa.Engine, clock: Clock, actor: str) -> None:
        self.engine = engine
        self.clock = clock
        self.actor = actor
        self.writer = JournalWriter()

    @contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection:
            if self.engine.dialect.name == "sqlite":
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    def _stamp(self) -> str:
        return format_timestamp(self.clock.now())

    def _entry(self, case_id: int, kind: str, on: date, payload: dict[str, Any]) -> JournalEntry:
        return JournalEntry(
            stream=case_stream(case_id),
            kind=kind,
            occurred_on=on,
            recorded_at=self.clock.now(),
            actor=self.actor,
            payload=payload,
            case_id=case_id,
        )

    def _events(self, connection: sa.Connection, recorded: Sequence[tuple[Event, int]]) -> None:
        if recorded:
            self.writer.append_events(
                connection, list(recorded), actor=self.actor, recorded_at=self.clock.now()
            )

    def _unreachable(self, connection: sa.Connection, case_id: int, on: date, reason: str) -> None:
        """Set the debtor's attitude on the case to « injoignable » (with its event)."""
        row = connection.execute(sa.select(cases).where(cases.c.id == case_id)).one()
        case = mappers.case_from_row(row)
        case.set_attitude(Attitude.UNREACHABLE, on, reason)
        recorded = [(event, case_id) for event in case.pull_events()]
        if recorded:
            connection.execute(
                cases.update().where(cases.c.id == case_id).values(attitude=case.attitude.value)
            )
            self._events(connection, recorded)


# --- calls ---------------------------------------------------------------------------------


class SqlCallStore(_Base):
    def tasks(self, on: date | None) -> list[OutboxAction]:
        query = sa.select(actions).where(
            actions.c.channel == Channel.PHONE.value,
            actions.c.status == ActionStatus.QUEUED.value,
        )
        if on is not None:
            query = query.where(actions.c.due_on <= on)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(actions.c.due_on, actions.c.id)).all()
        return [action_from_row(r) for r in rows]

    def get(self, action_id: int) -> OutboxAction | None:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(actions).where(actions.c.id == action_id)).first()
        return None if row is None else action_from_row(row)

    def facts(self, case_id: int) -> CaseFacts:
        return SqlOutboxStore(self.engine, self.clock, self.actor).facts(case_id)

    def history(self, case_id: int, limit: int) -> list[HistoryLine]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(events.c.occurred_on, events.c.kind, events.c.payload)
                .where(events.c.case_id == case_id)
                .order_by(events.c.id.desc())
                .limit(limit)
            ).all()
        return [
            HistoryLine(mappers.as_date(r.occurred_on), r.kind, json.loads(r.payload))
            for r in reversed(rows)
        ]

    def record(self, record: OutcomeRecord) -> bool:
        action, stamp = record.action, self._stamp()
        with self._begin() as connection:
            moved = connection.execute(
                actions.update()
                .where(
                    actions.c.id == action.id,
                    actions.c.status == ActionStatus.QUEUED.value,
                )
                .values(
                    status=record.status.value,
                    sent_at=stamp if record.status is ActionStatus.SENT else None,
                    reason=record.reason or None,
                    updated_at=stamp,
                )
            ).rowcount
            if moved != 1:
                return False
            connection.execute(
                call_outcomes.insert().values(
                    action_id=action.id,
                    case_id=action.case_id,
                    outcome=record.outcome.value,
                    promised_cents=to_cents(record.amount) if record.amount is not None else None,
                    promised_by=record.promised_by,
                    reason=record.reason,
                    occurred_on=record.on,
                    recorded_at=stamp,
                    actor=self.actor,
                )
            )
            details: dict[str, Any] = {
                "action_id": action.id,
                "idempotency_key": action.idempotency_key,
                "outcome": record.outcome.value,
                "status": record.status.value,
            }
            if record.reason:
                details["reason"] = record.reason
            entries = [self._entry(action.case_id, "call_outcome", record.on, details)]
            if record.journal_kind is not None:
                entries.append(
                    self._entry(
                        action.case_id, record.journal_kind, record.on, {"action_id": action.id}
                    )
                )
            self.writer.record(connection, entries)
            if record.drop_phone is not None:
                _drop_contact(connection, action.case_id, "phones", record.drop_phone)
        return True


def _drop_contact(connection: sa.Connection, case_id: int, column: str, value: str) -> int | None:
    """Remove ``value`` from the debtor's newline-separated ``emails`` or ``phones``."""
    debtor_id = connection.execute(
        sa.select(cases.c.debtor_id).where(cases.c.id == case_id)
    ).scalar_one()
    current = connection.execute(
        sa.select(debtors.c[column]).where(debtors.c.id == debtor_id)
    ).scalar_one()
    kept = [v for v in (current or "").split("\n") if v and v.lower() != value.lower()]
    connection.execute(
        debtors.update().where(debtors.c.id == debtor_id).values({column: "\n".join(kept)})
    )
    return int(debtor_id)


# --- registered mail -----------------------------------------------------------------------


def _item(row: Any) -> RegisteredItem:
    return RegisteredItem(
        id=row.id,
        action_id=row.action_id,
        case_id=row.case_id,
        kind=row.kind,
        tracking_number=row.tracking_number,
        batch_on=mappers.as_date(row.batch_on),
        posted_on=mappers.optional_date(row.posted_on),
        status=row.status,
    )


_ITEM = sa.select(registered_mail_items, actions.c.kind).join(
    actions, actions.c.id == registered_mail_items.c.action_id
)


class SqlRegisteredMailStore(_Base):
    def by_action(self, action_id: int) -> RegisteredItem | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                _ITEM.where(registered_mail_items.c.action_id == action_id)
            ).first()
        return None if row is None else _item(row)

    def by_numbers(self, numbers: Sequence[str]) -> dict[str, RegisteredItem]:
        found: dict[str, RegisteredItem] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(numbers), 500):
                chunk = list(numbers[start : start + 500])
                for row in connection.execute(
                    _ITEM.where(registered_mail_items.c.tracking_number.in_(chunk))
                ):
                    found[row.tracking_number] = _item(row)
        return found

    def assign(self, item: RegisteredItem, number: str, posted_on: date) -> None:
        stamp = self._stamp()
        with self._begin() as connection:
            connection.execute(
                registered_mail_items.update()
                .where(registered_mail_items.c.id == item.id)
                .values(
                    tracking_number=number,
                    posted_on=posted_on,
                    status=status_after_posting(item.status),
                    updated_at=stamp,
                )
            )
            connection.execute(
                actions.update()
                .where(actions.c.id == item.action_id)
                .values(provider_ref=number, updated_at=stamp)
            )
            self.writer.record(
                connection,
                [
                    self._entry(
                        item.case_id,
                        "registered_letter_posted",
                        posted_on,
                        {"action_id": item.action_id, "tracking_number": number},
                    )
                ],
            )

    def apply(
        self, file_name: str, lines: Sequence[tuple[TrackingLine, RegisteredItem]]
    ) -> TrackingReport:
        report = TrackingReport()
        stamp = self._stamp()
        with self._begin() as connection:
            states: dict[int, RegisteredItem] = {}
            references: dict[int, str] = {}
            for line, known in sorted(lines, key=lambda pair: (pair[0].occurred_on, pair[0].line)):
                item = states.get(known.id, known)
                exists = connection.execute(
                    sa.select(tracking_events.c.id).where(
                        tracking_events.c.tracking_number == line.tracking_number,
                        tracking_events.c.event == line.event.value,
                        tracking_events.c.occurred_on == line.occurred_on,
                    )
                ).first()
                if exists is not None:
                    report.already_known += 1
                    continue
                connection.execute(
                    tracking_events.insert().values(
                        item_id=item.id,
                        tracking_number=line.tracking_number,
                        event=line.event.value,
                        occurred_on=line.occurred_on,
                        source_file=file_name,
                        source_line=line.line,
                        imported_at=stamp,
                    )
                )
                column = {
                    TrackingEvent.PRESENTED: "presented_on",
                    TrackingEvent.DELIVERED: "delivered_on",
                    TrackingEvent.RETURNED_UNCLAIMED: "returned_on",
                    TrackingEvent.RETURNED_UNKNOWN_ADDRESS: "returned_on",
                }[line.event]
                status = status_after(item.status, line.event)
                connection.execute(
                    registered_mail_items.update()
                    .where(registered_mail_items.c.id == item.id)
                    .values({column: line.occurred_on, "status": status, "updated_at": stamp})
                )
                states[item.id] = replace(item, status=status)
                evidence = {
                    "action_id": item.action_id,
                    "tracking_number": line.tracking_number,
                    "event": line.event.value,
                    "label": EVENT_LABELS[line.event],
                    "source": f"{file_name}, ligne {line.line}",
                }
                entries = [
                    self._entry(item.case_id, f"registered_letter_{line.event.value}",
                                line.occurred_on, evidence)
                ]  # fmt: skip
                if references.get(item.case_id) is None:
                    references[item.case_id] = connection.execute(
                        sa.select(cases.c.reference).where(cases.c.id == item.case_id)
                    ).scalar_one()
                reference = references[item.case_id]
                if line.event is TrackingEvent.DELIVERED and item.kind == "formal_notice":
                    entries.append(
                        self._entry(
                            item.case_id,
                            "formal_notice_received",
                            line.occurred_on,
                            {
                                "action_id": item.action_id,
                                "tracking_number": line.tracking_number,
                                "received_on": line.occurred_on.isoformat(),
                                "basis": "acknowledgement",
                            },
                        )
                    )
                    report.received.append((reference, line.occurred_on))
                self.writer.record(connection, entries)
                if line.event is TrackingEvent.RETURNED_UNKNOWN_ADDRESS:
                    self._unreachable(
                        connection,
                        item.case_id,
                        line.occurred_on,
                        "lettre recommandée retournée : destinataire inconnu à l'adresse",
                    )
                    report.unreachable.append((reference, line.occurred_on))
                report.recorded += 1
                report.by_event[line.event.value] = report.by_event.get(line.event.value, 0) + 1
        return report


def status_after_posting(status: str) -> str:
    return "posted" if status == "printed" else status


# --- bounces ---------------------------------------------------------------------------------


class SqlBounceStore(_Base):
    def record(self, notices: Sequence[BounceNotice], on: date) -> BounceReport:
        report = BounceReport()
        stamp = self._stamp()
        with self._begin() as connection:
            for notice in notices:
                address = notice.address.lower()
                known = connection.execute(
                    sa.select(bounces.c.id).where(
                        bounces.c.file_sha256 == notice.file_sha256,
                        bounces.c.address == address,
                    )
                ).first()
                if known is not None:
                    report.already_known += 1
                    continue
                report.notices += 1
                action = None
                if notice.message_id:
                    action = connection.execute(
                        sa.select(actions.c.id, actions.c.case_id).where(
                            actions.c.provider_ref == notice.message_id
                        )
                    ).first()
                case_ids = [action.case_id] if action is not None else []
                debtor_ids = _debtors_with_email(connection, address)
                if action is not None:
                    debtor_ids = sorted(
                        set(debtor_ids)
                        | {
                            connection.execute(
                                sa.select(cases.c.debtor_id).where(cases.c.id == action.case_id)
                            ).scalar_one()
                        }
                    )
                connection.execute(
                    bounces.insert().values(
                        file_sha256=notice.file_sha256,
                        file_name=notice.file_name,
                        message_id=notice.message_id,
                        address=address,
                        permanent=notice.permanent,
                        diagnostic=notice.diagnostic or None,
                        action_id=action.id if action is not None else None,
                        case_id=action.case_id if action is not None else None,
                        debtor_id=debtor_ids[0] if debtor_ids else None,
                        imported_at=stamp,
                    )
                )
                if not notice.permanent:
                    report.transient += 1
                    continue
                if not debtor_ids:
                    report.unmatched.append(address)
                    continue
                for debtor_id in debtor_ids:
                    _drop_email(connection, debtor_id, address)
                    case_ids += list(
                        connection.execute(
                            sa.select(cases.c.id).where(
                                cases.c.debtor_id == debtor_id,
                                cases.c.phase != Phase.CLOSED.value,
                            )
                        ).scalars()
                    )
                report.unreachable.append(address)
                for case_id in sorted(set(case_ids)):
                    evidence = {
                        "address": address,
                        "status": notice.status,
                        "diagnostic": notice.diagnostic,
                        "message_id": notice.message_id,
                        "source": notice.file_name,
                        "file_sha256": notice.file_sha256,
                    }
                    self.writer.record(
                        connection, [self._entry(case_id, "email_bounced", on, evidence)]
                    )
                    report.cases.append(
                        connection.execute(
                            sa.select(cases.c.reference).where(cases.c.id == case_id)
                        ).scalar_one()
                    )
        return report


def _debtors_with_email(connection: sa.Connection, address: str) -> list[int]:
    """Debtors whose newline-separated ``emails`` hold ``address`` (case-insensitive)."""
    pattern = f"%{address}%"
    rows = connection.execute(
        sa.select(debtors.c.id, debtors.c.emails).where(
            sa.func.lower(debtors.c.emails).like(pattern)
        )
    ).all()
    return sorted(
        r.id for r in rows if address in [e.strip().lower() for e in r.emails.split("\n")]
    )


def _drop_email(connection: sa.Connection, debtor_id: int, address: str) -> None:
    current = connection.execute(
        sa.select(debtors.c.emails).where(debtors.c.id == debtor_id)
    ).scalar_one()
    kept = [e for e in (current or "").split("\n") if e and e.strip().lower() != address]
    connection.execute(
        debtors.update().where(debtors.c.id == debtor_id).values(emails="\n".join(kept))
    )
