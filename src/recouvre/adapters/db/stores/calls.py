"""Phone-call tasks and their outcomes on SQL (``uow.calls``).

A call task is an ``actions`` row with channel ``phone``; its outcome is a ``call_outcomes``
row. The store reads and writes rows on its unit of work's connection; ``services.outbox.calls``
decides what an outcome means and journals it in the same unit of work.
"""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.stores.outbox import SqlOutboxStore, action_from_row
from recouvre.adapters.db.tables import actions, call_outcomes, cases, debtors, events
from recouvre.domain.journal import format_timestamp
from recouvre.domain.money import to_cents
from recouvre.domain.parties import Channel
from recouvre.services.outbox.calls import HistoryLine, OutcomeRecord
from recouvre.services.outbox.model import ActionStatus, CaseFacts, OutboxAction
from recouvre.services.ports import Clock


class SqlCallStore:
    def __init__(self, connection: sa.Connection, clock: Clock, actor: str) -> None:
        self.connection = connection
        self.clock = clock
        self.actor = actor  # who recorded the outcome (``call_outcomes.actor``)

    def tasks(self, on: date | None) -> list[OutboxAction]:
        query = sa.select(actions).where(
            actions.c.channel == Channel.PHONE.value,
            actions.c.status == ActionStatus.QUEUED.value,
        )
        if on is not None:
            query = query.where(actions.c.due_on <= on)
        rows = self.connection.execute(query.order_by(actions.c.due_on, actions.c.id)).all()
        return [action_from_row(r) for r in rows]

    def get(self, action_id: int) -> OutboxAction | None:
        return SqlOutboxStore(self.connection).get(action_id)

    def facts(self, case_id: int) -> CaseFacts:
        return SqlOutboxStore(self.connection).facts(case_id)

    def history(self, case_id: int, limit: int) -> list[HistoryLine]:
        rows = self.connection.execute(
            sa.select(events.c.occurred_on, events.c.kind, events.c.payload)
            .where(events.c.case_id == case_id)
            .order_by(events.c.id.desc())
            .limit(limit)
        ).all()
        return [
            HistoryLine(mappers.as_date(r.occurred_on), r.kind, json.loads(r.payload))
            for r in reversed(rows)
        ]

    def settle(self, record: OutcomeRecord) -> bool:
        """Move the task (only if still ``queued``) and store its outcome; False when the task
        was already settled."""
        action, stamp = record.action, format_timestamp(self.clock.now())
        moved = self.connection.execute(
            actions.update()
            .where(actions.c.id == action.id, actions.c.status == ActionStatus.QUEUED.value)
            .values(
                status=record.status.value,
                sent_at=stamp if record.status is ActionStatus.SENT else None,
                reason=record.reason or None,
                updated_at=stamp,
            )
        ).rowcount
        if moved != 1:
            return False
        self.connection.execute(
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
        return True

    def drop_phone(self, case_id: int, phone: str) -> None:
        """Remove ``phone`` from the newline-separated ``phones`` of the case's debtor."""
        debtor_id = self.connection.execute(
            sa.select(cases.c.debtor_id).where(cases.c.id == case_id)
        ).scalar_one()
        current = self.connection.execute(
            sa.select(debtors.c.phones).where(debtors.c.id == debtor_id)
        ).scalar_one()
        kept = [v for v in (current or "").split("\n") if v and v.lower() != phone.lower()]
        self.connection.execute(
            debtors.update().where(debtors.c.id == debtor_id).values(phones="\n".join(kept))
        )
