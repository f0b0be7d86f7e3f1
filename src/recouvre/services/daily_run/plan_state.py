"""Between the stored rows of the daily run and the pure engine's objects.

``CaseRow`` + open invoices -> ``CaseContext``; ``case_plans`` row <-> ``PlanState`` and
``HistorySummary``; ``actions`` rows -> the step history (``StepRecord``) the reference
planner reads. The mapping of outbox statuses to step statuses is fixed here:

* awaiting_approval, queued, sending, deferred, quarantined: **planned** (in flight: nothing
  else is planned for the case meanwhile; a quarantined action waits for a person);
* sent: **done**, on the Paris date of ``sent_at`` (the anchor of « after the previous step »);
* cancelled: **withdrawn** when an event took it back to plan it again later
  (``action_withdrawals``), else **cancelled**; failed: **cancelled** (the run does not resend
  on its own: a bounce or a returned letter comes back as a ``ContactFailed`` event).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import assert_never
from zoneinfo import ZoneInfo

from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.events.collection import Instalment
from recouvre.domain.journal import canonical_json
from recouvre.domain.money import ZERO, from_cents, to_cents
from recouvre.domain.parties import (
    Address,
    Channel,
    ContactPreferences,
    Debtor,
    DebtorKind,
)
from recouvre.law.calendar import DEFAULT_DEPARTEMENT, HolidayCalendar, UnknownDepartement
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import HistorySummary, StepRecord, StepStatus
from recouvre.scenarios.model import StepKind
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.services.daily_run.ports import CaseRow, InvoiceLine, PlanRow, StoredAction
from recouvre.services.outbox.model import ActionStatus

PARIS = ZoneInfo("Europe/Paris")

IN_FLIGHT_STATUSES = frozenset(
    {
        ActionStatus.AWAITING_APPROVAL,
        ActionStatus.QUEUED,
        ActionStatus.SENDING,
        ActionStatus.DEFERRED,
        ActionStatus.QUARANTINED,
    }
)


def paris_date(utc_stamp: str) -> date:
    """The Europe/Paris date of a UTC ISO timestamp (``sent_at``)."""
    return datetime.fromisoformat(utc_stamp).astimezone(PARIS).date()


def paris_naive(utc_stamp: str) -> datetime:
    return datetime.fromisoformat(utc_stamp).astimezone(PARIS).replace(tzinfo=None)


@cache
def calendar_for(departement: str | None) -> HolidayCalendar:
    """The holiday calendar of the debtor's département (Paris when unknown or abroad)."""
    try:
        return HolidayCalendar.for_departement(departement or DEFAULT_DEPARTEMENT)
    except UnknownDepartement:
        return HolidayCalendar.for_departement(DEFAULT_DEPARTEMENT)


@cache
def _channels(
    has_address: bool, has_email: bool, has_phone: bool, dnc: bool, only: str | None
) -> frozenset[Channel]:
    """``Debtor.channels`` for one combination of facts (computed once by the domain)."""
    debtor = Debtor(
        None,
        DebtorKind.COMPANY,
        "x",
        address=Address(postal_code="00000" if has_address else ""),
        emails=("x",) if has_email else (),
        phones=("x",) if has_phone else (),
        preferences=ContactPreferences(dnc, Channel(only) if only else None),
    )
    return debtor.channels()


def channels_of(row: CaseRow) -> frozenset[Channel]:
    """The debtor's channels less those that failed for this case (``lost_channels``)."""
    channels = _channels(
        bool(row.postal_code),
        bool(row.emails),
        bool(row.phones),
        bool(row.do_not_contact),
        row.only_channel,
    )
    if row.lost_channels:
        channels = channels - {Channel(c) for c in row.lost_channels.split(",")}
    return channels


def context_of(row: CaseRow, lines: Sequence[InvoiceLine]) -> CaseContext:
    """The engine's snapshot of a case; ``lines`` are its open invoices by due date."""
    cents = sum(line.amount_cents - line.paid_cents for line in lines)
    return CaseContext(
        case_id=row.case_id,
        debtor_kind=DebtorKind(row.debtor_kind),
        attitude=Attitude(row.attitude),
        phase=Phase(row.phase),
        channels=channels_of(row),
        outstanding=from_cents(cents) if lines else ZERO,
        oldest_due=lines[0].due_date if lines else None,
        invoice_numbers=tuple(line.number for line in lines),
        first_reminder_days=row.first_reminder_days,
    )


def _instalments(text: str | None) -> tuple[Instalment, ...]:
    if not text:
        return ()
    return tuple(
        Instalment(date.fromisoformat(i["due_on"]), Decimal(i["amount"])) for i in json.loads(text)
    )


def state_of(row: CaseRow) -> PlanState:
    assert row.scenario_id is not None and row.status is not None
    return PlanState(
        scenario_id=row.scenario_id,
        status=PlanStatus(row.status),
        active_since=row.active_since,
        paused_until=row.paused_until,
        promised_on=row.promised_on,
        promise_amount=from_cents(row.promise_cents or 0),
        paid_since_promise=from_cents(row.paid_since_promise_cents or 0),
        instalments=_instalments(row.instalments),
        paid_on_plan=from_cents(row.paid_on_plan_cents or 0),
        broken_promises=row.broken_promises or 0,
    )


def summary_of(row: CaseRow) -> HistorySummary:
    return HistorySummary(
        pointer=row.pointer or 0,
        max_severity_done=row.max_severity_done or 0,
        done_kinds=row.done_kinds or 0,
        last_done_on=row.last_done_on,
        in_flight=row.in_flight_action_id is not None,
    )


def plan_row(
    case_id: int,
    state: PlanState,
    summary: HistorySummary,
    in_flight_action_id: int | None,
    frozen_reason: str | None = None,
    lost_channels: str = "",
) -> PlanRow:
    instalments = (
        canonical_json(
            [
                {"due_on": i.due_on.isoformat(), "amount": f"{i.amount:.2f}"}
                for i in state.instalments
            ]
        )
        if state.instalments
        else ""
    )
    return PlanRow(
        case_id=case_id,
        scenario_id=state.scenario_id,
        status=state.status.value,
        active_since=state.active_since,
        paused_until=state.paused_until,
        promised_on=state.promised_on,
        promise_cents=to_cents(state.promise_amount),
        paid_since_promise_cents=to_cents(state.paid_since_promise),
        instalments=instalments,
        paid_on_plan_cents=to_cents(state.paid_on_plan),
        broken_promises=state.broken_promises,
        frozen_reason=frozen_reason,
        lost_channels=lost_channels,
        pointer=summary.pointer,
        max_severity_done=summary.max_severity_done,
        done_kinds=summary.done_kinds,
        last_done_on=summary.last_done_on,
        in_flight_action_id=in_flight_action_id,
    )


def step_status(action: StoredAction) -> StepStatus:
    """The step status of a stored action (the mapping of the module docstring)."""
    status = ActionStatus(action.status)
    match status:
        case (
            ActionStatus.AWAITING_APPROVAL
            | ActionStatus.QUEUED
            | ActionStatus.SENDING
            | ActionStatus.DEFERRED
            | ActionStatus.QUARANTINED
        ):  # in flight (``IN_FLIGHT_STATUSES``)
            return StepStatus.PLANNED
        case ActionStatus.SENT:
            return StepStatus.DONE
        case ActionStatus.CANCELLED:
            return StepStatus.WITHDRAWN if action.withdrawn else StepStatus.CANCELLED
        case ActionStatus.FAILED:
            return StepStatus.CANCELLED
        case _:
            assert_never(status)


def history_of(stored: Sequence[StoredAction]) -> list[StepRecord]:
    """The step history of one case from its actions (in id order)."""
    records = []
    for action in stored:
        status = step_status(action)
        on = paris_date(action.sent_at) if status is StepStatus.DONE and action.sent_at else None
        records.append(
            StepRecord(
                step_id=action.step_id,
                kind=StepKind(action.kind),
                status=status,
                on=on or action.due_on,
                reason=action.reason or "",
            )
        )
    return records


def in_flight_id(stored: Sequence[StoredAction]) -> int | None:
    for action in stored:
        if action.status in IN_FLIGHT_STATUSES:
            return action.id
    return None


WorkingDay = Callable[[date], bool]
