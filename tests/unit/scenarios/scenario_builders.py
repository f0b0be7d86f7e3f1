"""Small builders for scenario tests: a context, a record, a shipped scenario by id."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.reference.scenario_loader import load_shipped_scenarios
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import StepRecord, StepStatus
from recouvre.scenarios.model import Scenario

ALL_CHANNELS = frozenset(Channel)
SHIPPED = load_shipped_scenarios()


def shipped(scenario_id: str) -> Scenario:
    return next(s for s in SHIPPED if s.id == scenario_id)


def context(
    *,
    kind: DebtorKind = DebtorKind.COMPANY,
    attitude: Attitude = Attitude.UNKNOWN,
    phase: Phase = Phase.AMICABLE,
    channels: frozenset[Channel] = ALL_CHANNELS,
    outstanding: str = "1200.00",
    oldest_due: date | None = date(2026, 1, 5),
    invoices: tuple[str, ...] = ("F-001",),
    case_id: int = 1,
) -> CaseContext:
    return CaseContext(
        case_id=case_id,
        debtor_kind=kind,
        attitude=attitude,
        phase=phase,
        channels=channels,
        outstanding=Decimal(outstanding),
        oldest_due=oldest_due,
        invoice_numbers=invoices,
    )


def done(scenario: Scenario, step_id: str, on: date) -> StepRecord:
    step = scenario.step(step_id)
    assert step is not None, step_id
    return StepRecord(step_id, step.kind, StepStatus.DONE, on, scenario.id)


def planned(scenario: Scenario, step_id: str, on: date) -> StepRecord:
    step = scenario.step(step_id)
    assert step is not None, step_id
    return StepRecord(step_id, step.kind, StepStatus.PLANNED, on, scenario.id)
