"""The batch planner: the reference planner's rules computed for many cases at once (NumPy).

The daily run plans millions of open invoices. Loading each case as objects and calling
``planner.plan`` is the reference path; this module is the fast path beside it: the storage
layer hands over one row per case as columns, scenarios are compiled once into (scenario × step)
tables, and every rule of ``planner.plan_from_summary`` becomes an array expression. Dates are
proleptic ordinals (``date.toordinal()``), 0 meaning « none »; enum values are bits so that
conditions are mask tests. ``tests/unit/scenarios/test_scenario_batch.py`` holds both planners
equal with hypothesis on random portfolios.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.money import to_cents
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.history import KIND_BITS, HistorySummary
from recouvre.scenarios.model import THREATENING_SEVERITY, Anchor, DayUnit, Scenario
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.scenarios.workdays import IsWorkingDay

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
E = TypeVar("E", bound=Enum)


def bits(enum_type: type[E]) -> dict[E, int]:
    """One bit per member, in declaration order."""
    return {member: 1 << i for i, member in enumerate(enum_type)}


DEBTOR_KIND_BITS = bits(DebtorKind)
ATTITUDE_BITS = bits(Attitude)
PHASE_BITS = bits(Phase)
CHANNEL_BITS = bits(Channel)
STATUS_CODES: dict[PlanStatus, int] = {status: i for i, status in enumerate(PlanStatus)}


def mask(members: frozenset[E], table: dict[E, int]) -> int:
    """The bit mask of a condition set; an empty set means « any » (every bit)."""
    if not members:
        return sum(table.values())
    return sum(table[m] for m in members)


def channel_mask(channels: frozenset[Channel]) -> int:
    return sum(CHANNEL_BITS[c] for c in channels)


def first_days(first_reminder_days: int | None) -> int:
    """``CaseContext.first_reminder_days`` as a column value (-1: the scenario's timing)."""
    return -1 if first_reminder_days is None else first_reminder_days


@dataclass(frozen=True, slots=True)
class CompiledScenarios:
    """Scenarios as (scenario × step) arrays; row ``s`` is ``ids[s]``."""

    ids: tuple[str, ...]
    n_steps: I64
    kind_bit: I64
    severity: I64
    from_previous: Bools
    working: Bools
    days: I64
    min_cents: I64  # -1: no minimum
    max_cents: I64  # -1: no maximum
    debtor_mask: I64
    attitude_mask: I64
    phase_mask: I64
    channels_required: I64
    channels_absent: I64
    channel_bit: I64  # 0: internal task

    @classmethod
    def compile(cls, scenarios: Sequence[Scenario]) -> CompiledScenarios:
        n = len(scenarios)
        width = max((len(s.steps) for s in scenarios), default=0) or 1
        shape = (n, width)

        def ints(fill: int = 0) -> I64:
            return np.full(shape, fill, dtype=np.int64)

        kind_bit, sev, days = ints(), ints(), ints()
        min_c, max_c = ints(-1), ints(-1)
        debtor, attitude, phase = ints(), ints(), ints()
        required, absent, chan = ints(), ints(), ints()
        from_previous = np.zeros(shape, dtype=np.bool_)
        working = np.zeros(shape, dtype=np.bool_)
        for s, scenario in enumerate(scenarios):
            for j, step in enumerate(scenario.steps):
                cond = step.conditions
                kind_bit[s, j] = KIND_BITS[step.kind]
                sev[s, j] = step.severity
                days[s, j] = step.rule.days
                from_previous[s, j] = step.rule.anchor is Anchor.PREVIOUS_STEP
                working[s, j] = step.rule.unit is DayUnit.WORKING
                if cond.min_amount is not None:
                    min_c[s, j] = to_cents(cond.min_amount)
                if cond.max_amount is not None:
                    max_c[s, j] = to_cents(cond.max_amount)
                debtor[s, j] = mask(cond.debtor_kinds, DEBTOR_KIND_BITS)
                attitude[s, j] = mask(cond.attitudes, ATTITUDE_BITS)
                phase[s, j] = mask(cond.phases, PHASE_BITS)
                required[s, j] = channel_mask(cond.channels_required)
                absent[s, j] = channel_mask(cond.channels_absent)
                channel = step.contact_channel
                chan[s, j] = 0 if channel is None else CHANNEL_BITS[channel]
        return cls(
            ids=tuple(s.id for s in scenarios),
            n_steps=np.array([len(s.steps) for s in scenarios], dtype=np.int64),
            kind_bit=kind_bit,
            severity=sev,
            from_previous=from_previous,
            working=working,
            days=days,
            min_cents=min_c,
            max_cents=max_c,
            debtor_mask=debtor,
            attitude_mask=attitude,
            phase_mask=phase,
            channels_required=required,
            channels_absent=absent,
            channel_bit=chan,
        )


class WorkingDayTable:
    """Working days of a few calendars over a date range, as cumulative counts.

    ``cum[c, k]`` is the number of working days of calendar ``c`` from ``start`` to
    ``start + k``; the n-th working day after day ``i`` is the first ``k`` where
    ``cum[c, k] >= cum[c, i] + n`` (one ``searchsorted`` per calendar).
    """

    def __init__(self, calendars: Sequence[IsWorkingDay], start: date, end: date) -> None:
        self.base = start.toordinal()
        length = end.toordinal() - self.base + 1
        days = [date.fromordinal(self.base + k) for k in range(length)]
        work = np.array([[cal(d) for d in days] for cal in calendars], dtype=np.int64)
        self.cum: I64 = np.cumsum(work, axis=1)
        self.length = length

    def add(self, start: I64, days: I64, calendar: I64) -> I64:
        """``start`` plus ``days`` working days, row by row, each in its own calendar."""
        result = start.copy()
        need = days > 0
        for cal in np.unique(calendar[need]):
            rows = need & (calendar == cal)
            index = start[rows] - self.base
            if index.size and (index.min() < 0 or index.max() >= self.length):
                raise ValueError("date hors de la table des jours ouvrés")
            target = self.cum[cal, index] + days[rows]
            pos = np.searchsorted(self.cum[cal], target, side="left")
            if pos.size and pos.max() >= self.length:
                raise ValueError("date hors de la table des jours ouvrés")
            result[rows] = self.base + pos
        return result


@dataclass(frozen=True, slots=True)
class CaseColumns:
    """One row per case: the context, the plan state and the history summary as arrays."""

    scenario: I64  # row in CompiledScenarios
    calendar: I64  # row in WorkingDayTable
    debtor_kind: I64  # bit
    attitude: I64  # bit
    phase: I64  # bit
    channels: I64  # mask
    outstanding_cents: I64
    oldest_due: I64
    status: I64  # STATUS_CODES
    active_since: I64
    paused_until: I64
    pointer: I64
    max_severity_done: I64
    done_kinds: I64
    last_done: I64
    in_flight: Bools
    first_reminder_days: I64  # the creditor's first contact, days after the due date; -1: none

    @classmethod
    def from_objects(
        cls,
        rows: Sequence[tuple[CaseContext, PlanState, HistorySummary, int, int]],
    ) -> CaseColumns:
        """Build columns from reference objects: (context, state, summary, scenario row,
        calendar row). For tests and small portfolios; storage builds the arrays directly."""

        def col(values: list[int]) -> I64:
            return np.array(values, dtype=np.int64)

        def ordinal(day: date | None) -> int:
            return 0 if day is None else day.toordinal()

        return cls(
            scenario=col([r[3] for r in rows]),
            calendar=col([r[4] for r in rows]),
            debtor_kind=col([DEBTOR_KIND_BITS[r[0].debtor_kind] for r in rows]),
            attitude=col([ATTITUDE_BITS[r[0].attitude] for r in rows]),
            phase=col([PHASE_BITS[r[0].phase] for r in rows]),
            channels=col([channel_mask(r[0].channels) for r in rows]),
            outstanding_cents=col([to_cents(r[0].outstanding) for r in rows]),
            oldest_due=col([ordinal(r[0].oldest_due) for r in rows]),
            status=col([STATUS_CODES[r[1].status] for r in rows]),
            active_since=col([ordinal(r[1].active_since) for r in rows]),
            paused_until=col([ordinal(r[1].paused_until) for r in rows]),
            pointer=col([r[2].pointer for r in rows]),
            max_severity_done=col([r[2].max_severity_done for r in rows]),
            done_kinds=col([r[2].done_kinds for r in rows]),
            last_done=col([ordinal(r[2].last_done_on) for r in rows]),
            in_flight=np.array([r[2].in_flight for r in rows], dtype=np.bool_),
            first_reminder_days=col([first_days(r[0].first_reminder_days) for r in rows]),
        )


@dataclass(frozen=True, slots=True)
class BatchPlan:
    """Per case: the step issued today (``step_index`` where ``action_due``), the date the
    case must be looked at again (0: only when something happens), and lapsed pauses."""

    step_index: I64  # -1: no step
    due_on: I64
    action_due: Bools
    next_action_on: I64
    lapsed: Bools


def plan_batch(
    cols: CaseColumns, compiled: CompiledScenarios, on: date, workdays: WorkingDayTable
) -> BatchPlan:
    """``planner.plan_from_summary`` for every row at once."""
    today = on.toordinal()
    status = cols.status
    paused = (status == STATUS_CODES[PlanStatus.PAUSED]) | (
        status == STATUS_CODES[PlanStatus.PAYMENT_PLAN]
    )
    halted = (
        (status == STATUS_CODES[PlanStatus.CLOSED])
        | (status == STATUS_CODES[PlanStatus.STOPPED])
        | (status == STATUS_CODES[PlanStatus.FROZEN])
    )
    waiting = paused & (today <= cols.paused_until)
    lapsed = paused & (today > cols.paused_until)
    not_before = np.where(
        lapsed, np.maximum(cols.active_since, cols.paused_until + 1), cols.active_since
    )
    idle = (
        halted
        | waiting
        | (cols.phase == PHASE_BITS[Phase.CLOSED])
        | (cols.oldest_due == 0)
        | cols.in_flight
    )

    s = cols.scenario
    found = np.full(s.shape, -1, dtype=np.int64)
    width = compiled.kind_bit.shape[1]
    for j in range(width):
        sev = compiled.severity[s, j]
        chan = compiled.channel_bit[s, j]
        required = compiled.channels_required[s, j]
        min_c = compiled.min_cents[s, j]
        max_c = compiled.max_cents[s, j]
        fits = (
            (found < 0)
            & (j < compiled.n_steps[s])
            & (j >= cols.pointer)
            & ((chan == 0) | ((cols.channels & chan) != 0))
            & ((min_c < 0) | (cols.outstanding_cents >= min_c))
            & ((max_c < 0) | (cols.outstanding_cents < max_c))
            & ((compiled.debtor_mask[s, j] & cols.debtor_kind) != 0)
            & ((compiled.attitude_mask[s, j] & cols.attitude) != 0)
            & ((compiled.phase_mask[s, j] & cols.phase) != 0)
            & ((cols.channels & required) == required)
            & ((cols.channels & compiled.channels_absent[s, j]) == 0)
        )
        covered = ((sev > 0) & (sev < cols.max_severity_done)) | (
            (sev >= THREATENING_SEVERITY) & ((cols.done_kinds & compiled.kind_bit[s, j]) != 0)
        )
        found = np.where(fits & ~covered, j, found)

    live = ~idle & (found >= 0)
    step = np.where(live, found, 0)
    from_previous = compiled.from_previous[s, step]
    base = np.where(from_previous & (cols.last_done > 0), cols.last_done, cols.oldest_due)
    days = np.where(live, compiled.days[s, step], 0)
    working = live & compiled.working[s, step]
    rule = base + np.where(working, 0, days)
    if working.any():
        shifted = workdays.add(base, np.where(working, days, 0), cols.calendar)
        rule = np.where(working, shifted, rule)
    first = cols.first_reminder_days  # the first contact, when the creditor set its day
    rule = np.where((first >= 0) & (cols.last_done == 0), cols.oldest_due + first, rule)
    due = np.maximum(rule, not_before)
    due = np.where(cols.last_done > 0, np.maximum(due, cols.last_done + 1), due)
    due = np.where(live, due, 0)
    action_due = live & (due <= today)
    next_on = np.where(live & ~action_due, due, 0)
    next_on = np.where(waiting & ~halted, cols.paused_until + 1, next_on)
    return BatchPlan(
        step_index=np.where(live, found, -1),
        due_on=due,
        action_due=action_due,
        next_action_on=next_on,
        lapsed=lapsed & ~halted,
    )
