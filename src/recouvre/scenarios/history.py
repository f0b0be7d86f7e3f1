"""What already happened to a case's steps, and its summary in four numbers.

The planner reads the history; the batch planner reads the same history summarised as
columns (``HistorySummary``), which the storage layer can keep on the case row. Both must give
the same answer: ``tests/unit/scenarios/test_batch.py`` checks it on random portfolios.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from recouvre.scenarios.model import Scenario, StepKind, severity


class StepStatus(enum.StrEnum):
    PLANNED = "planned"  # issued to the outbox or the review queue, not sent yet
    DONE = "done"  # sent (or the task was carried out)
    CANCELLED = "cancelled"  # will never go out (reason recorded)
    SKIPPED = "skipped"  # passed over (did not fit the case), reason recorded
    WITHDRAWN = "withdrawn"  # taken back to be planned again later (pause, new amounts)


@dataclass(frozen=True, slots=True)
class StepRecord:
    step_id: str
    kind: StepKind
    status: StepStatus
    on: date
    scenario_id: str = ""
    reason: str = ""


KIND_BITS: dict[StepKind, int] = {kind: 1 << i for i, kind in enumerate(StepKind)}


@dataclass(frozen=True, slots=True)
class HistorySummary:
    """The history as the planner needs it, relative to one scenario.

    * ``pointer``: index of the first step of the scenario still to consider: one past the last
      step that has a record (planned, done, cancelled or skipped; a withdrawn step does not
      count, it will be planned again). Steps are never sent out of order.
    * ``max_severity_done`` and ``done_kinds``: what was already sent, in any scenario.
    * ``last_done_on``: the date of the last step done, anchor of « after the previous step ».
    * ``in_flight``: a step is planned but not sent: nothing else is planned meanwhile.
    """

    pointer: int
    max_severity_done: int
    done_kinds: int
    last_done_on: date | None
    in_flight: bool

    @classmethod
    def of(cls, scenario: Scenario, history: Sequence[StepRecord]) -> HistorySummary:
        counted = {r.step_id for r in history if r.status is not StepStatus.WITHDRAWN}
        pointer = 0
        for i, step in enumerate(scenario.steps):
            if step.id in counted:
                pointer = i + 1
        done = [r for r in history if r.status is StepStatus.DONE]
        done_kinds = 0
        for record in done:
            done_kinds |= KIND_BITS[record.kind]
        return cls(
            pointer=pointer,
            max_severity_done=max((severity(r.kind) for r in done), default=0),
            done_kinds=done_kinds,
            last_done_on=max((r.on for r in done), default=None),
            in_flight=any(r.status is StepStatus.PLANNED for r in history),
        )
