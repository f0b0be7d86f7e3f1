"""What a daily run reports (``services.daily_run.run.run_day``): counts per stage and the first
lines of the actions issued, in the stable JSON shape of ``recouvre run --json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recouvre.services.daily_run.isolation import SetAside


@dataclass(frozen=True, slots=True)
class ActionLine:
    case_id: int
    reference: str
    step_id: str
    kind: str
    channel: str
    status: str
    due_on: date
    not_before: str | None
    reason: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "reference": self.reference,
            "step_id": self.step_id,
            "kind": self.kind,
            "channel": self.channel,
            "status": self.status,
            "due_on": self.due_on.isoformat(),
            "not_before": self.not_before,
            "reason": self.reason,
        }


@dataclass
class RunReport:
    on: date
    dry_run: bool
    moment: str
    pages: int = 0
    cases: int = 0
    scenarios_assigned: int = 0
    without_scenario: int = 0
    queued: int = 0
    awaiting_approval: int = 0
    deferred: int = 0
    cancelled: int = 0
    already_issued: int = 0
    finished_steps: int = 0
    redeferred: int = 0
    released: int = 0
    lapsed: int = 0
    time_barred: int = 0  # cases whose open invoices are all time-barred
    partly_time_barred: int = 0  # cases with some time-barred invoices
    closures_proposed: int = 0
    closures_confirmed: int = 0
    prescription_reviews: int = 0  # cases sent to review: a prescription not computable
    lines: list[ActionLine] = field(default_factory=list)
    # cases the run could not handle, each sent to review (services.daily_run.isolation)
    set_aside: list[SetAside] = field(default_factory=list)
    logged_aside: int = 0  # how many of ``set_aside`` were logged (``run._log_page``)

    @property
    def actions(self) -> int:
        return self.queued + self.awaiting_approval + self.deferred + self.cancelled

    def as_json(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "dry_run": self.dry_run,
            "moment": self.moment,
            "pages": self.pages,
            "cases": self.cases,
            "scenarios_assigned": self.scenarios_assigned,
            "without_scenario": self.without_scenario,
            "actions": self.actions,
            "queued": self.queued,
            "awaiting_approval": self.awaiting_approval,
            "deferred": self.deferred,
            "cancelled": self.cancelled,
            "already_issued": self.already_issued,
            "finished_steps": self.finished_steps,
            "deferred_released": self.released,
            "deferred_again": self.redeferred,
            "lapsed": self.lapsed,
            "time_barred": self.time_barred,
            "partly_time_barred": self.partly_time_barred,
            "closures_proposed": self.closures_proposed,
            "closures_confirmed": self.closures_confirmed,
            "cases_set_aside": len(self.set_aside),
            "set_aside": [entry.as_json() for entry in self.set_aside],
            "prescription_reviews": self.prescription_reviews,
            "lines": [line.as_json() for line in self.lines],
        }
