"""The daily run: plan, guard and issue the actions due on one date (docs/daily-run.md).

``run_day(uow_factory, on, dry_run, settings=..., clock=...) -> RunReport`` is the whole run,
callable day after day by a simulator. Its stages, each committed on its own:

0. **approved closures**: the closure proposals of time-barred cases a person approved in review
   (``services.daily_run.prescription``) close their case as ``time_barred``; approved reviews
   of an unknown prescription are done;
1. **finished steps**: actions the sender has sent (or that failed or were cancelled) since the
   last run leave the plan's « in flight » slot; a sent step becomes the anchor of the next one
   and moves the case to the phase it enters (a formal notice -> ``formal_notice``);
2. **deferred actions** whose ``not_before`` has come are checked by the guard again (queued,
   deferred further, or cancelled with the reason);
3. **pages of due cases** (never planned, or ``next_action_on <= on``), by id: select a scenario
   where none is set (``ScenarioAssigned``), plan (``scenarios.batch_planner.plan_batch``; the
   reference planner with ``reference=True``), prescription
   (``services.daily_run.prescription``: cases with time-barred invoices, screened set-based
   from the legal rows, the few old enough computed by the law engine), guard
   (``services.daily_run.guard``), and write (``services.daily_run.writing``): actions inserted
   with ``ON CONFLICT DO NOTHING`` on the idempotency key ``case:{id}:step:{step}:attempt:{n}``,
   the plan state upserted, ``cases.next_action_on`` updated, the journal appended; one
   transaction per page.

Idempotent: a second run on the same date finds no due case (each planned case has its next
date or an action in flight) and, should it plan one again, the database refuses the duplicate
key. A run killed half-way lost only its current page; the next run carries on. The run's
« moment » for the guard is ``on`` at ``settings.run_time`` (09:00) Europe/Paris time.
"""

from __future__ import annotations

import copy
import logging
import time as clock_time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.cases import Closure, Phase
from recouvre.domain.errors import InvariantViolation
from recouvre.domain.events.contacts import ActionStatusChanged
from recouvre.domain.journal import format_timestamp
from recouvre.law.parameters import LegalTables
from recouvre.scenarios.history import KIND_BITS
from recouvre.scenarios.lifecycle import LifecycleParams
from recouvre.scenarios.model import Scenario, StepKind, severity
from recouvre.services.daily_run.isolation import set_aside
from recouvre.services.daily_run.plan_state import paris_date
from recouvre.services.daily_run.planning import Scenarios, plan_page_batch, plan_page_reference
from recouvre.services.daily_run.ports import (
    CaseRow,
    PlanUnitOfWork,
    PlanUnitOfWorkFactory,
    StoredAction,
)
from recouvre.services.daily_run.prescription import CLOSURE_STEP, REVIEW_STEP, screen_page
from recouvre.services.daily_run.release import release_deferred
from recouvre.services.daily_run.report import ActionLine as ActionLine  # re-exported
from recouvre.services.daily_run.report import RunReport as RunReport  # re-exported
from recouvre.services.daily_run.writing import PageContext, write_page
from recouvre.services.outbox.model import ActionStatus
from recouvre.services.ports import Clock

DEFAULT_RUN_TIME = time(9, 0)
_log = logging.getLogger(__name__)  # events for RECOUVRE_LOG_FORMAT=json: ids and counts only


@dataclass(frozen=True, slots=True)
class RunSettings:
    scenarios: tuple[Scenario, ...]
    policy: ContactPolicy
    lifecycle: LifecycleParams = field(default_factory=LifecycleParams)
    run_time: time = DEFAULT_RUN_TIME
    page_size: int = 5000
    # The legal rows (prescription periods); ``None``: no prescription screening (a test that
    # does not care; ``bootstrap.run_settings`` always passes them).
    law: LegalTables | None = None


class _Stamps:
    """Distinct UTC stamps per transaction (``created_at`` tells new rows from old ones)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.last = ""

    def next(self) -> str:
        stamp = format_timestamp(self.clock.now())
        while stamp <= self.last:
            moment = datetime.fromisoformat(self.last) + timedelta(microseconds=1)
            stamp = format_timestamp(moment)
        self.last = stamp
        return stamp


def run_day(
    uow_factory: PlanUnitOfWorkFactory,
    on: date,
    dry_run: bool = False,
    *,
    settings: RunSettings,
    clock: Clock,
    reference: bool = False,
    after_page: Callable[[int], None] | None = None,
    keep_lines: int = 10_000,
    fatal: tuple[type[BaseException], ...] = (),
    run_id: int | None = None,
) -> RunReport:
    """Plan and issue everything due on ``on`` (see the module docstring). A case whose
    planning raises is set aside for review (``services.daily_run.isolation``), except for the
    ``fatal`` errors (the database itself unavailable: every case would fail), which stop the
    run. ``run_id`` (the run's record) is named in its log events."""
    started = clock_time.monotonic()
    _log.info("run_started", extra={"fields": {"run_id": run_id, "on": on, "dry_run": dry_run}})
    moment = datetime.combine(on, settings.run_time)
    report = RunReport(on, dry_run, moment.isoformat(timespec="seconds"))
    scenarios = Scenarios(settings.scenarios)
    stamps = _Stamps(clock)
    shared = uow_factory() if dry_run else None
    if shared is not None:
        shared.__enter__()

    @contextmanager
    def transaction() -> Iterator[PlanUnitOfWork]:
        if shared is not None:
            with shared.savepoint():  # a failing page is undone, the dry run goes on
                yield shared
            return
        with uow_factory() as uow:
            yield uow
            uow.commit()

    try:
        with transaction() as uow:
            _close_approved(uow, on, stamps.next(), report)
        with transaction() as uow:
            _finish_steps(uow, scenarios, on, report)
        pages = _Pages(settings, scenarios, on, moment, reference, keep_lines, fatal)
        pages.release(transaction, stamps, report)
        after = 0
        while True:
            rows = pages.page(transaction, after, stamps, report)
            if not rows:
                break
            after = rows[-1].case_id
            report.pages += 1
            _log_page(report, run_id)
            if after_page is not None:
                after_page(report.pages)
    finally:
        if shared is not None:
            shared.__exit__(None, None, None)  # rolls everything back
    counts = {k: v for k, v in report.as_json().items() if type(v) is int}
    duration = round(clock_time.monotonic() - started, 3)
    fields = {"run_id": run_id, "on": on, "counts": counts, "duration_s": duration}
    _log.info("run_finished", extra={"fields": fields})
    return report


def _log_page(report: RunReport, run_id: int | None) -> None:
    """The page's event, and one per case set aside so far and not yet logged."""
    counts = {"cases": report.cases, "actions": report.actions, "queued": report.queued}
    _log.info("page_written", extra={"fields": {"run_id": run_id, "page": report.pages,
                                                "counts": counts}})  # fmt: skip
    for entry in report.set_aside[report.logged_aside :]:
        fields = {"run_id": run_id, "case_reference": entry.reference,
                  "action_id": entry.review_action_id, "status": "awaiting_approval"}  # fmt: skip
        _log.warning("case_set_aside", extra={"fields": fields})
    report.logged_aside = len(report.set_aside)


Transaction = Callable[[], AbstractContextManager[PlanUnitOfWork]]


class _Mark:
    """The report's counts and lists as they were before a page, to undo a rolled-back one."""

    def __init__(self, report: RunReport) -> None:
        self.report = report
        self.saved = copy.copy(report)
        self.lines, self.set_aside = len(report.lines), len(report.set_aside)

    def restore(self) -> None:
        for name in (f.name for f in fields(RunReport)):
            if name not in ("lines", "set_aside"):
                setattr(self.report, name, getattr(self.saved, name))
        del self.report.lines[self.lines :]
        del self.report.set_aside[self.set_aside :]


@dataclass(frozen=True, slots=True)
class _Pages:
    """Stage 3: the pages of due cases, each planned in one transaction (the NumPy batch). A
    page that raises is rolled back and retried case by case: the cases that still raise alone
    are set aside for review (``services.daily_run.isolation``), the others written."""

    settings: RunSettings
    scenarios: Scenarios
    on: date
    moment: datetime
    reference: bool
    keep_lines: int
    fatal: tuple[type[BaseException], ...]

    def page(
        self, transaction: Transaction, after: int, stamps: _Stamps, report: RunReport
    ) -> list[CaseRow]:
        """The next page after case ``after``, planned and written; its rows (none: done)."""
        rows: list[CaseRow] = []
        mark = _Mark(report)
        try:
            with transaction() as uow:
                rows = uow.plans.due_cases(self.on, after, self.settings.page_size)
                if rows:
                    self._plan(uow, rows, stamps.next(), report)
        except self.fatal:
            raise
        except Exception:
            if not rows:
                raise  # the page could not even be read: nothing to isolate
            mark.restore()
            for row in rows:
                self._one(transaction, row, stamps, report)
        return rows

    def _plan(
        self, uow: PlanUnitOfWork, rows: Sequence[CaseRow], stamp: str, report: RunReport
    ) -> None:
        on, settings = self.on, self.settings
        lines = uow.plans.open_invoices(rows[0].case_id, rows[-1].case_id)
        planner = plan_page_reference if self.reference else plan_page_batch
        plans = planner(uow, self.scenarios, rows, lines, on, settings.lifecycle)
        bars = screen_page(uow.plans, rows, lines, settings.law, on)
        page = PageContext(settings.policy, on, self.moment, stamp, report, self.keep_lines)
        write_page(uow, plans, lines, bars, page)

    def _one(
        self, transaction: Transaction, row: CaseRow, stamps: _Stamps, report: RunReport
    ) -> None:
        mark = _Mark(report)
        try:
            with transaction() as uow:
                self._plan(uow, [row], stamps.next(), report)
            return
        except self.fatal:
            raise
        except Exception as failure:
            error = failure
        mark.restore()
        self._set_aside(transaction, row.case_id, error, stamps, report)
        report.cases += 1

    def release(self, transaction: Transaction, stamps: _Stamps, report: RunReport) -> None:
        """Stage 2, the deferred actions whose moment has come, in one transaction; if it
        raises, action by action, and the case of an action that still raises is set aside."""
        waiting: list[StoredAction] = []
        mark = _Mark(report)
        try:
            with transaction() as uow:
                waiting = uow.actions.deferred_until(self.moment.isoformat(timespec="seconds"))
                self._release(uow, waiting, stamps.next(), report)
        except self.fatal:
            raise
        except Exception:
            if not waiting:
                raise
            mark.restore()
            for action in waiting:
                mark = _Mark(report)
                try:
                    with transaction() as uow:
                        self._release(uow, [action], stamps.next(), report)
                except self.fatal:
                    raise
                except Exception as error:
                    mark.restore()
                    self._set_aside(transaction, action.case_id, error, stamps, report)

    def _release(
        self, uow: PlanUnitOfWork, waiting: list[StoredAction], stamp: str, report: RunReport
    ) -> None:
        law, policy = self.settings.law, self.settings.policy
        release_deferred(
            uow, waiting, self.scenarios, policy, law, self.on, self.moment, stamp, report
        )

    def _set_aside(
        self,
        transaction: Transaction,
        case_id: int,
        error: Exception,
        stamps: _Stamps,
        report: RunReport,
    ) -> None:
        """Open (or find) the case's review item (``services.daily_run.isolation``); a case is
        reported once per run."""
        if any(entry.case_id == case_id for entry in report.set_aside):
            return
        with transaction() as uow:
            row = uow.plans.case_rows([case_id])[0]
            try:
                lines = uow.plans.open_invoices(case_id, case_id)
            except self.fatal:
                raise
            except Exception:
                lines = []  # unreadable: the reason says what failed without them
            report.set_aside.append(set_aside(uow, row, error, lines, self.on, stamps.next()))


def _close_approved(uow: PlanUnitOfWork, on: date, stamp: str, report: RunReport) -> None:
    """Closure proposals a person approved (``queued``): the case closes as time-barred
    (``CaseClosed`` journaled by the aggregate) and the proposal is done (``sent``)."""
    queued, sent = ActionStatus.QUEUED, ActionStatus.SENT
    for action in uow.actions.queued_on_step(CLOSURE_STEP):
        if not uow.actions.set_status(action.id, sent, stamp, expected=(queued,)):
            continue
        case = uow.cases.get(action.case_id)
        if case is not None and case.is_open:
            reason = f"créance prescrite : clôture validée (action {action.id})"
            case.close(Closure.TIME_BARRED, on, reason)
            report.closures_confirmed += 1
        changed = ActionStatusChanged(
            action.case_id, on, action.id, action.step_id, queued.value, sent.value,
            "clôture validée",
        )  # fmt: skip
        uow.journal.record(changed)
    for action in uow.actions.queued_on_step(REVIEW_STEP):
        # A prescription review a person approved: done; the plan's slot is freed by
        # ``_finish_steps`` (contacts stay refused while the prescription is unknown).
        if uow.actions.set_status(action.id, sent, stamp, expected=(queued,)):
            uow.journal.record(
                ActionStatusChanged(
                    action.case_id, on, action.id, action.step_id, queued.value, sent.value,
                    "revue de prescription faite",
                )
            )  # fmt: skip


def _finish_steps(uow: PlanUnitOfWork, scenarios: Scenarios, on: date, report: RunReport) -> None:
    """In-flight actions the sender is done with: the step is done (sent) or passed."""
    finished = uow.plans.finished_in_flight()
    updates: list[tuple[int, int, int, date | None]] = []
    nexts: list[tuple[int, str | None, date | None]] = []
    for step in finished:
        max_sev, kinds, last = step.max_severity_done, step.done_kinds, step.last_done_on
        if step.status == ActionStatus.SENT:
            kind = StepKind(step.kind)
            kinds |= KIND_BITS[kind]
            max_sev = max(max_sev, severity(kind))
            sent_on = paris_date(step.sent_at) if step.sent_at else on
            last = sent_on if last is None else max(last, sent_on)
            scenario = scenarios.by_id.get(step.scenario_id)
            definition = scenario.step(step.step_id) if scenario else None
            if definition is not None and definition.enters_phase is not None:
                _enter_phase(uow, step.case_id, definition.enters_phase, sent_on, step.step_id)
        updates.append((step.case_id, max_sev, kinds, last))
        nexts.append((step.case_id, step.scenario_id, on))
    uow.plans.finish(updates)
    uow.plans.set_next(nexts)
    report.finished_steps += len(finished)


def _enter_phase(uow: PlanUnitOfWork, case_id: int, phase: Phase, on: date, step_id: str) -> None:
    case = uow.cases.get(case_id)
    if case is None or case.phase is phase or not case.is_open:
        return
    try:
        case.move_to(phase, on, f"étape {step_id} envoyée")
    except InvariantViolation:
        return  # e.g. already further along: the phase is not moved back
