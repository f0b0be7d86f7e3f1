"""The state of an installation at a glance (``recouvre status``, docs/operations.md): the last
run of each recent date and how it ended, the actions not yet sent (the oldest, and how many
are queued, awaiting approval, quarantined or failed), each account's latest bank statement (a
reminder sent while a payment waits in a statement not imported is a reminder for a debt already
paid, C. conso L121-6), and the jobs: none in the embedded mode, where the CLI does the work
in-process and no worker is configured."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from recouvre.services.operations.ports import (
    OperationsQueries,
    RunLock,
    RunOutcome,
    RunRecord,
    UnsentAction,
)
from recouvre.services.outbox.model import ActionStatus

# What the sender has still to send (awaiting approval is counted apart: a person decides).
UNSENT: tuple[str, ...] = (
    ActionStatus.QUEUED.value,
    ActionStatus.SENDING.value,
    ActionStatus.DEFERRED.value,
)
COUNTED: tuple[ActionStatus, ...] = (
    ActionStatus.QUEUED,
    ActionStatus.SENDING,
    ActionStatus.DEFERRED,
    ActionStatus.AWAITING_APPROVAL,
    ActionStatus.QUARANTINED,
    ActionStatus.FAILED,
)
EMBEDDED_JOBS = "aucun travailleur configuré (mode embarqué)"


@dataclass(frozen=True, slots=True)
class Statement:
    holder: str
    latest: date | None
    age_days: int | None


@dataclass(frozen=True, slots=True)
class OperationsStatus:
    on: date
    runs: tuple[RunRecord, ...]
    run_in_progress: bool
    actions: dict[str, int]
    oldest_unsent: UnsentAction | None
    statements: tuple[Statement, ...]
    jobs: str

    def as_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "run_in_progress": self.run_in_progress,
            "runs": [_run_json(run) for run in self.runs],
            "actions": self.actions,
            "oldest_unsent": None
            if self.oldest_unsent is None
            else _unsent_json(self.oldest_unsent),
            "statements": [
                {
                    "holder": s.holder,
                    "latest": None if s.latest is None else s.latest.isoformat(),
                    "age_days": s.age_days,
                }
                for s in self.statements
            ],
            "jobs": {"worker": None, "waiting": 0, "failed": 0, "message": self.jobs},
        }


def status(queries: OperationsQueries, lock: RunLock, on: date, dates: int = 7) -> OperationsStatus:
    """The installation's state on ``on`` (the statements' age is counted to it)."""
    counts = queries.action_counts()
    runs = queries.last_runs(dates)
    in_progress = lock.held_elsewhere()
    if not in_progress:  # a record ``running`` without a lock holder: its process died
        runs = [_dead(run) if run.outcome is RunOutcome.RUNNING else run for run in runs]
    statements = tuple(
        Statement(holder, latest, None if latest is None else (on - latest).days)
        for holder, latest in queries.latest_statements()
    )
    return OperationsStatus(
        on=on,
        runs=tuple(runs),
        run_in_progress=in_progress,
        actions={status.value: counts.get(status.value, 0) for status in COUNTED},
        oldest_unsent=queries.oldest_unsent(UNSENT),
        statements=statements,
        jobs=EMBEDDED_JOBS,
    )


def _dead(run: RunRecord) -> RunRecord:
    return RunRecord(
        run.id, run.on, run.started_at, None, RunOutcome.INTERRUPTED, run.counts, run.error, None
    )


def _run_json(run: RunRecord) -> dict[str, Any]:
    return {
        "id": run.id,
        "on": run.on.isoformat(),
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "outcome": run.outcome.value,
        "duration_s": None if run.duration_ms is None else run.duration_ms / 1000,
        "counts": dict(run.counts),
        "error": run.error,
    }


def _unsent_json(action: UnsentAction) -> dict[str, Any]:
    return {
        "id": action.id,
        "case_reference": action.case_reference,
        "step_id": action.step_id,
        "channel": action.channel,
        "status": action.status,
        "due_on": action.due_on.isoformat(),
        "created_at": action.created_at,
    }
