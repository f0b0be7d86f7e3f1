"""What comes back from the post and the mail servers, on SQL: registered-mail tracking and
bounced emails (``uow.registered_mail``, ``uow.bounces``).

The stores read and write rows on their unit of work's connection, in sets where a file brings
many lines; what a delivery, a return or a bounce means for the case is decided, and journaled
in the same unit of work, by ``services.outbox.registered_mail`` and ``services.outbox.bounces``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.tables import (
    actions,
    bounces,
    cases,
    debtors,
    registered_mail_items,
    tracking_events,
)
from recouvre.domain.cases import Phase
from recouvre.domain.journal import format_timestamp
from recouvre.services.outbox.bounces import BounceNotice, SentEmail
from recouvre.services.outbox.registered_mail import RegisteredItem, TrackingEvent, TrackingLine
from recouvre.services.ports import Clock

_CHUNK = 500

# The item's column each event dates.
_DATE_COLUMN = {
    TrackingEvent.PRESENTED: "presented_on",
    TrackingEvent.DELIVERED: "delivered_on",
    TrackingEvent.RETURNED_UNCLAIMED: "returned_on",
    TrackingEvent.RETURNED_UNKNOWN_ADDRESS: "returned_on",
}


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


def case_references(connection: sa.Connection, case_ids: Sequence[int]) -> dict[int, str]:
    """Case id -> reference, one query per chunk."""
    found: dict[int, str] = {}
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), _CHUNK):
        rows = connection.execute(
            sa.select(cases.c.id, cases.c.reference).where(
                cases.c.id.in_(ids[start : start + _CHUNK])
            )
        )
        found.update({r.id: r.reference for r in rows})
    return found


class SqlRegisteredMailStore:
    def __init__(self, connection: sa.Connection, clock: Clock) -> None:
        self.connection = connection
        self.clock = clock

    def _stamp(self) -> str:
        return format_timestamp(self.clock.now())

    def by_action(self, action_id: int) -> RegisteredItem | None:
        row = self.connection.execute(
            _ITEM.where(registered_mail_items.c.action_id == action_id)
        ).first()
        return None if row is None else _item(row)

    def by_numbers(self, numbers: Sequence[str]) -> dict[str, RegisteredItem]:
        found: dict[str, RegisteredItem] = {}
        for start in range(0, len(numbers), _CHUNK):
            chunk = list(numbers[start : start + _CHUNK])
            for row in self.connection.execute(
                _ITEM.where(registered_mail_items.c.tracking_number.in_(chunk))
            ):
                found[row.tracking_number] = _item(row)
        return found

    def assign(self, item: RegisteredItem, number: str, posted_on: date, status: str) -> None:
        """Store the tracking number (also the action's ``provider_ref``) and the posting."""
        stamp = self._stamp()
        self.connection.execute(
            registered_mail_items.update()
            .where(registered_mail_items.c.id == item.id)
            .values(tracking_number=number, posted_on=posted_on, status=status, updated_at=stamp)
        )
        self.connection.execute(
            actions.update()
            .where(actions.c.id == item.action_id)
            .values(provider_ref=number, updated_at=stamp)
        )

    def known_events(self, numbers: Sequence[str]) -> set[tuple[str, str, date]]:
        """(tracking number, event, date) of the stored events of these letters."""
        known: set[tuple[str, str, date]] = set()
        unique = sorted(set(numbers))
        for start in range(0, len(unique), _CHUNK):
            rows = self.connection.execute(
                sa.select(
                    tracking_events.c.tracking_number,
                    tracking_events.c.event,
                    tracking_events.c.occurred_on,
                ).where(tracking_events.c.tracking_number.in_(unique[start : start + _CHUNK]))
            )
            known.update((r[0], r[1], mappers.as_date(r[2])) for r in rows)
        return known

    def add_event(
        self, item: RegisteredItem, line: TrackingLine, file_name: str, status: str
    ) -> None:
        """Store one tracking event, date the letter's item with it and set its status."""
        stamp = self._stamp()
        self.connection.execute(
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
        self.connection.execute(
            registered_mail_items.update()
            .where(registered_mail_items.c.id == item.id)
            .values({_DATE_COLUMN[line.event]: line.occurred_on, "status": status,
                     "updated_at": stamp})
        )  # fmt: skip

    def references(self, case_ids: Sequence[int]) -> dict[int, str]:
        return case_references(self.connection, case_ids)


class SqlBounceStore:
    def __init__(self, connection: sa.Connection, clock: Clock) -> None:
        self.connection = connection
        self.clock = clock

    def known(self, notice: BounceNotice) -> bool:
        """Whether this file's notice for this address is already stored."""
        row = self.connection.execute(
            sa.select(bounces.c.id).where(
                bounces.c.file_sha256 == notice.file_sha256,
                bounces.c.address == notice.address.lower(),
            )
        ).first()
        return row is not None

    def sent_email(self, message_id: str) -> SentEmail | None:
        """The outbox action whose email carried ``message_id``, with its case's debtor."""
        row = self.connection.execute(
            sa.select(actions.c.id, actions.c.case_id, cases.c.debtor_id)
            .join(cases, cases.c.id == actions.c.case_id)
            .where(actions.c.provider_ref == message_id)
        ).first()
        return None if row is None else SentEmail(row.id, row.case_id, row.debtor_id)

    def debtors_with_email(self, address: str) -> list[int]:
        """Debtors whose newline-separated ``emails`` hold ``address`` (case-insensitive)."""
        rows = self.connection.execute(
            sa.select(debtors.c.id, debtors.c.emails).where(
                sa.func.lower(debtors.c.emails).like(f"%{address}%")
            )
        ).all()
        return sorted(
            r.id for r in rows if address in [e.strip().lower() for e in r.emails.split("\n")]
        )

    def add(self, notice: BounceNotice, sent: SentEmail | None, debtor_id: int | None) -> None:
        self.connection.execute(
            bounces.insert().values(
                file_sha256=notice.file_sha256,
                file_name=notice.file_name,
                message_id=notice.message_id,
                address=notice.address.lower(),
                permanent=notice.permanent,
                diagnostic=notice.diagnostic or None,
                action_id=None if sent is None else sent.action_id,
                case_id=None if sent is None else sent.case_id,
                debtor_id=debtor_id,
                imported_at=format_timestamp(self.clock.now()),
            )
        )

    def drop_email(self, debtor_id: int, address: str) -> None:
        current = self.connection.execute(
            sa.select(debtors.c.emails).where(debtors.c.id == debtor_id)
        ).scalar_one()
        kept = [e for e in (current or "").split("\n") if e and e.strip().lower() != address]
        self.connection.execute(
            debtors.update().where(debtors.c.id == debtor_id).values(emails="\n".join(kept))
        )

    def open_cases(self, debtor_id: int) -> list[int]:
        return list(
            self.connection.execute(
                sa.select(cases.c.id).where(
                    cases.c.debtor_id == debtor_id, cases.c.phase != Phase.CLOSED.value
                )
            ).scalars()
        )

    def references(self, case_ids: Sequence[int]) -> dict[int, str]:
        return case_references(self.connection, case_ids)
