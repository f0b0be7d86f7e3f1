"""Switching a case to another scenario safely (attitude or context changed).

What a careful credit manager expects (and what Dunforce users asked for, anchors-commercial):

* the steps already done stay done: the journal keeps them, and their ids and firmness carry
  over (a formal notice sent under one scenario is not sent again under the next one);
* a step still waiting (planned, not sent) is kept only when the new scenario has the same step
  and it still fits the case; otherwise it is cancelled, with a French reason for the journal;
* a firm step no longer fits a debtor in difficulty because the new scenario's own conditions
  say so (attitude conditions on the step), not because of a hidden rule here; the threatening
  step after a payment or a promise is withdrawn by ``lifecycle.react``;
* the new scenario starts on the switch date: nothing in it is due before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import StepRecord, StepStatus
from recouvre.scenarios.model import Scenario
from recouvre.scenarios.state import PlanState


@dataclass(frozen=True, slots=True)
class Cancellation:
    step_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Switch:
    from_scenario: str
    to_scenario: str
    reason: str
    kept: tuple[str, ...]  # pending step ids still valid under the new scenario
    cancelled: tuple[Cancellation, ...]
    state: PlanState


def switch(
    new: Scenario,
    ctx: CaseContext,
    state: PlanState,
    history: Sequence[StepRecord],
    on: date,
    reason: str,
) -> Switch:
    """Move the plan to ``new``; say which pending steps stay and which are cancelled, why."""
    kept: list[str] = []
    cancelled: list[Cancellation] = []
    for record in history:
        if record.status is not StepStatus.PLANNED:
            continue
        step = new.step(record.step_id)
        if step is None:
            cancelled.append(
                Cancellation(
                    record.step_id,
                    f"changement de scénario ({state.scenario_id} → {new.id}, {reason}) : "
                    "étape absente du nouveau scénario",
                )
            )
            continue
        unfit = step.unfit(ctx)
        if unfit is not None:
            cancelled.append(
                Cancellation(record.step_id, f"changement de scénario : ne convient plus ({unfit})")
            )
            continue
        kept.append(record.step_id)
    new_state = replace(state, scenario_id=new.id, active_since=on)
    return Switch(state.scenario_id, new.id, reason, tuple(kept), tuple(cancelled), new_state)
