"""Read models of the installation's state (``services.operations.ports.OperationsQueries``):
the runs' records, the actions counted by status, the oldest not yet sent, the latest bank
statement of each account. Each method is one short read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.stores.bank_lines import SqlBankLineStore
from recouvre.adapters.db.tables import actions, cases, daily_runs
from recouvre.services.operations.ports import RunOutcome, RunRecord, UnsentAction

R = daily_runs


class SqlOperationsQueries:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def last_runs(self, dates: int) -> list[RunRecord]:
        latest = (
            sa.select(R.c.run_on, sa.func.max(R.c.id).label("id"))
            .group_by(R.c.run_on)
            .order_by(R.c.run_on.desc())
            .limit(dates)
            .subquery()
        )
        query = sa.select(R).join(latest, latest.c.id == R.c.id).order_by(R.c.run_on.desc())
        with self.engine.connect() as connection:
            return [_record(row) for row in connection.execute(query)]

    def running(self) -> RunRecord | None:
        query = (
            sa.select(R)
            .where(R.c.outcome == RunOutcome.RUNNING.value)
            .order_by(R.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _record(row)

    def latest_finished(self) -> RunRecord | None:
        query = sa.select(R).where(R.c.finished_at.is_not(None)).order_by(R.c.id.desc()).limit(1)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _record(row)

    def action_counts(self) -> dict[str, int]:
        query = sa.select(actions.c.status, sa.func.count()).group_by(actions.c.status)
        with self.engine.connect() as connection:
            return {str(status): int(n) for status, n in connection.execute(query)}

    def oldest_unsent(self, statuses: Sequence[str]) -> UnsentAction | None:
        query = (
            sa.select(
                actions.c.id, cases.c.reference, actions.c.step_id, actions.c.channel,
                actions.c.status, actions.c.due_on, actions.c.created_at,
            )
            .join(cases, cases.c.id == actions.c.case_id)
            .where(actions.c.status.in_(list(statuses)))
            .order_by(actions.c.created_at, actions.c.id)
            .limit(1)
        )  # fmt: skip
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return UnsentAction(
            row.id, row.reference, row.step_id, row.channel, row.status, row.due_on,
            row.created_at,
        )  # fmt: skip

    def latest_statements(self) -> list[tuple[str, date | None]]:
        with self.engine.connect() as connection:
            return SqlBankLineStore(connection).latest_by_holder()

    def run_outcomes(self) -> dict[str, int]:
        query = sa.select(R.c.outcome, sa.func.count()).group_by(R.c.outcome)
        with self.engine.connect() as connection:
            return {str(outcome): int(n) for outcome, n in connection.execute(query)}


def _record(row: Any) -> RunRecord:
    counts = json.loads(row.counts) if row.counts else {}
    return RunRecord(
        id=row.id,
        on=row.run_on,
        started_at=row.started_at,
        finished_at=row.finished_at,
        outcome=RunOutcome(row.outcome),
        counts={str(k): int(v) for k, v in counts.items()},
        error=row.error,
        duration_ms=row.duration_ms,
    )
