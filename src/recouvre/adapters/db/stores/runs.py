"""The daily runs' records (``services.operations.ports.RunStore``), on the unit of work's
connection."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa

from recouvre.adapters.db.tables import daily_runs
from recouvre.services.operations.ports import RunOutcome

R = daily_runs


class SqlRunStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def start(self, on: date, started_at: str) -> int:
        inserted = self.connection.execute(
            sa.insert(R)
            .values(run_on=on, started_at=started_at, outcome=RunOutcome.RUNNING.value)
            .returning(R.c.id)
        )
        return int(inserted.scalar_one())

    def finish(
        self,
        run_id: int,
        finished_at: str,
        outcome: RunOutcome,
        counts: Mapping[str, int],
        error: str | None,
        duration_ms: int,
    ) -> None:
        self.connection.execute(
            sa.update(R)
            .where(R.c.id == run_id)
            .values(
                finished_at=finished_at,
                outcome=outcome.value,
                counts=json.dumps(dict(counts), sort_keys=True, separators=(",", ":")),
                error=error,
                duration_ms=duration_ms,
            )
        )

    def interrupt_running(self, finished_at: str) -> int:
        result = self.connection.execute(
            sa.update(R)
            .where(R.c.outcome == RunOutcome.RUNNING.value)
            .values(outcome=RunOutcome.INTERRUPTED.value, finished_at=finished_at)
        )
        return int(result.rowcount or 0)
