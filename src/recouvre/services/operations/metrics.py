"""The installation's metrics in the Prometheus text exposition format (version 0.0.4), read
from the database (docs/operations.md, « Métriques »): ``recouvre metrics`` prints them; the
web app and a worker will serve the same text (``render`` is a plain function of a snapshot,
no HTTP, no client library).

Every figure is a count or a duration from the stored rows, so that any process reading the
database gives the same answer: actions by status (planned = every action ever issued), the
outbox's queue depth (queued or being sent), the daily runs by outcome, the last run's
duration and end, and whether a run holds the run lock now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from recouvre.services.operations.ports import OperationsQueries, RunLock, RunOutcome, RunRecord
from recouvre.services.outbox.model import ActionStatus

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True, slots=True)
class MetricsSnapshot:
    actions: dict[str, int]  # every ActionStatus value, 0 included
    runs: dict[str, int]  # every RunOutcome value of an ended run, 0 included
    last_run: RunRecord | None
    run_in_progress: bool

    @property
    def planned(self) -> int:
        return sum(self.actions.values())

    @property
    def queue_depth(self) -> int:
        return self.actions[ActionStatus.QUEUED.value] + self.actions[ActionStatus.SENDING.value]


def snapshot(queries: OperationsQueries, lock: RunLock) -> MetricsSnapshot:
    counts = queries.action_counts()
    outcomes = queries.run_outcomes()
    return MetricsSnapshot(
        actions={status.value: counts.get(status.value, 0) for status in ActionStatus},
        runs={  # a run still running is ``recouvre_run_in_progress``: a counter only grows
            outcome.value: outcomes.get(outcome.value, 0)
            for outcome in RunOutcome
            if outcome is not RunOutcome.RUNNING
        },
        last_run=queries.latest_finished(),
        run_in_progress=lock.held_elsewhere(),
    )


def _family(name: str, kind: str, help_text: str, samples: list[tuple[str, float]]) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
    lines.extend(f"{name}{labels} {_number(value)}" for labels, value in samples)
    return lines


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def render(data: MetricsSnapshot) -> str:
    """The exposition text: ``# HELP`` and ``# TYPE`` then the samples of each family."""
    last = data.last_run
    duration = (last.duration_ms or 0) / 1000 if last is not None else 0.0
    ended = _epoch(last.finished_at) if last is not None and last.finished_at else 0.0
    success = 1 if last is not None and last.outcome is RunOutcome.DONE else 0
    lines = [
        *_family("recouvre_actions", "gauge", "Actions by status, now.",
                 [(f'{{status="{s}"}}', n) for s, n in data.actions.items()]),
        *_family("recouvre_actions_planned_total", "counter",
                 "Actions issued by the daily runs since the database was created.",
                 [("", data.planned)]),
        *_family("recouvre_actions_sent_total", "counter", "Actions sent.",
                 [("", data.actions[ActionStatus.SENT.value])]),
        *_family("recouvre_outbox_queue_depth", "gauge",
                 "Actions queued or being sent (the sender's work).", [("", data.queue_depth)]),
        *_family("recouvre_daily_runs_total", "counter", "Daily runs recorded, by outcome.",
                 [(f'{{outcome="{o}"}}', n) for o, n in data.runs.items()]),
        *_family("recouvre_last_run_duration_seconds", "gauge",
                 "Duration of the daily run that ended last.", [("", duration)]),
        *_family("recouvre_last_run_end_timestamp_seconds", "gauge",
                 "When the daily run that ended last ended (Unix time).", [("", ended)]),
        *_family("recouvre_last_run_success", "gauge",
                 "1 if the daily run that ended last ended without cases set aside or failure.",
                 [("", success)]),
        *_family("recouvre_run_in_progress", "gauge", "1 while a daily run holds the run lock.",
                 [("", 1 if data.run_in_progress else 0)]),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
