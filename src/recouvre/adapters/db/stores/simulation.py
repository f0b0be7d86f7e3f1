"""The simulator's storage side (``simulation.simulator.SimulationStore``) and its scratch copy.

``recouvre simulate`` never writes into the configured database: ``scratch_copy`` copies every
table of the schema (SQLite or PostgreSQL source) into a fresh SQLite file migrated to the
same revision, and the simulation runs there. The copy is a throw-away: its ``synchronous``
pragma is off (a crash loses the simulation, nothing else).

``SqlSimulationStore`` plays the sender of the simulation on the ``actions`` table: it claims
due actions through the real outbox (``services.outbox.transactions.OutboxTransactions.claim``)
and marks them sent, with a ``simulation:<idempotency key>`` reference, the same status change
and journal entries as ``mark_sent`` but in one unit of work per day, without any provider and
without rendering any document: no email, SMS or letter leaves the machine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from recouvre.adapters.db import migrations
from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.invoice_status import OUTSTANDING_CENTS, OWED
from recouvre.adapters.db.tables import (
    case_plans,
    cases,
    invoices,
    metadata,
)
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.domain.events.delivery import ActionSent
from recouvre.domain.journal import format_timestamp
from recouvre.domain.parties import Channel
from recouvre.scenarios.model import StepKind
from recouvre.services.outbox.model import ActionStatus
from recouvre.services.outbox.transactions import OutboxTransactions, identity_of
from recouvre.services.ports import Clock
from recouvre.simulation.simulator import OpenCase, SentContact

COPY_CHUNK = 2000
SIMULATION_WORKER = "simulation"


def scratch_copy(source: sa.Engine, path: Path) -> sa.Engine:
    """A SQLite copy of ``source`` at ``path`` (created; must not exist), at the head schema."""
    target = create_engine_for(f"sqlite:///{path}")

    @event.listens_for(target, "connect")
    def _fast(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    migrations.upgrade(target)
    present = set(sa.inspect(source).get_table_names())
    with source.connect() as reading, target.connect() as writing, writing.begin():
        # Checked at commit: rows referencing each other (plans <-> actions) may come in any
        # order.
        writing.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for table in metadata.sorted_tables:
            if table.name in present:
                writing.execute(table.delete())
                result = reading.execute(sa.select(table)).mappings()
                while chunk := result.fetchmany(COPY_CHUNK):
                    writing.execute(table.insert(), [dict(row) for row in chunk])
    return target


class SqlSimulationStore:
    def __init__(self, uow: Callable[[], SqlUnitOfWork], clock: Clock) -> None:
        self.uow = uow
        self.clock = clock

    def open_cases(self) -> list[OpenCase]:
        unpaid, is_unpaid = OUTSTANDING_CENTS, OWED
        query = (
            sa.select(
                cases.c.id,
                cases.c.reference,
                sa.func.min(sa.case((is_unpaid, invoices.c.due_date))).label("oldest_due"),
                sa.func.coalesce(sa.func.sum(sa.case((is_unpaid, unpaid), else_=0)), 0).label(
                    "outstanding"
                ),
                case_plans.c.status,
            )
            .select_from(
                cases.outerjoin(invoices, invoices.c.case_id == cases.c.id).outerjoin(
                    case_plans, case_plans.c.case_id == cases.c.id
                )
            )
            .where(cases.c.phase != "closed")
            .group_by(cases.c.id, cases.c.reference, case_plans.c.status)
            .order_by(cases.c.id)
        )
        with self.uow() as uow:
            rows = uow.connection.execute(query).all()
        return [
            OpenCase(r.id, r.reference or str(r.id), r.oldest_due, int(r.outstanding), r.status)
            for r in rows
        ]

    def send_due(self, on: date, until_local: str) -> list[SentContact]:
        """One claim (the real outbox's, journaled ``action_sending``), then one unit of work
        that marks them all sent as ``mark_sent`` would, with a ``simulation:`` reference and
        no provider (journaled ``action_sent``)."""
        outbox = OutboxTransactions(self.uow, self.clock)
        claimed = outbox.claim(SIMULATION_WORKER, on, until_local, tuple(Channel), 100_000)
        if not claimed:
            return []
        stamp = format_timestamp(self.clock.now())
        sent: list[SentContact] = []
        with self.uow() as uow:
            for action in claimed:
                reference = f"simulation:{action.idempotency_key}"
                if not uow.outbox.move(
                    action, ActionStatus.SENDING, ActionStatus.SENT, stamp,
                    worker=SIMULATION_WORKER, sent_at=stamp, provider_ref=reference, reason=None,
                ):  # fmt: skip
                    continue
                if action.channel is Channel.REGISTERED_LETTER:
                    uow.outbox.add_registered_item(action, on, stamp)
                extra = {"provider_ref": reference, "simulated": True}
                uow.journal.record(ActionSent(action.case_id, on, identity_of(action), extra))
                sent.append(
                    SentContact(action.case_id, StepKind(action.kind), action.channel.value)
                )
            uow.commit()
        return sent
