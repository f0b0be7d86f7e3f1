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

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import assert_never

from recouvre.compliance.facts import ContactRecord, OutgoingContact
from recouvre.compliance.guard import Outcome, Verdict, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.cases import Closure, Phase
from recouvre.domain.errors import InvariantViolation
from recouvre.domain.events.contacts import ActionStatusChanged, ContactDeferred, ContactRefused
from recouvre.domain.journal import format_timestamp
from recouvre.domain.parties import Channel
from recouvre.law.parameters import LegalTables
from recouvre.scenarios.history import KIND_BITS
from recouvre.scenarios.lifecycle import LifecycleParams
from recouvre.scenarios.model import Scenario, StepKind, severity
from recouvre.services.daily_run.guard import contact_moment, guard_context
from recouvre.services.daily_run.plan_state import paris_date
from recouvre.services.daily_run.planning import Scenarios, plan_page_batch, plan_page_reference
from recouvre.services.daily_run.ports import PlanUnitOfWork, PlanUnitOfWorkFactory, StoredAction
from recouvre.services.daily_run.prescription import CLOSURE_STEP, REVIEW_STEP, screen_page
from recouvre.services.daily_run.report import ActionLine as ActionLine  # re-exported
from recouvre.services.daily_run.report import RunReport as RunReport  # re-exported
from recouvre.services.daily_run.writing import PageContext, write_page
from recouvre.services.outbox.model import ActionStatus
from recouvre.services.ports import Clock

DEFAULT_RUN_TIME = time(9, 0)


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
) -> RunReport:
    """Plan and issue everything due on ``on`` (see the module docstring)."""
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
        with transaction() as uow:
            _release_deferred(
                uow, scenarios, settings.policy, settings.law, on, moment, stamps.next(), report
            )
        after = 0
        while True:
            with transaction() as uow:
                rows = uow.plans.due_cases(on, after, settings.page_size)
                if not rows:
                    break
                after = rows[-1].case_id
                lines = uow.plans.open_invoices(rows[0].case_id, after)
                planner = plan_page_reference if reference else plan_page_batch
                plans = planner(uow, scenarios, rows, lines, on, settings.lifecycle)
                bars = screen_page(uow.plans, rows, lines, settings.law, on)
                page = PageContext(settings.policy, on, moment, stamps.next(), report, keep_lines)
                write_page(uow, plans, lines, bars, page)
            report.pages += 1
            if after_page is not None:
                after_page(report.pages)
    finally:
        if shared is not None:
            shared.__exit__(None, None, None)  # rolls everything back
    return report


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


def _release_deferred(
    uow: PlanUnitOfWork,
    scenarios: Scenarios,
    policy: ContactPolicy,
    law: LegalTables | None,
    on: date,
    moment: datetime,
    stamp: str,
    report: RunReport,
) -> None:
    """Deferred actions whose moment has come: the guard decides again (prescription
    included: a deferral may have lasted past the end of the period)."""
    waiting = uow.actions.deferred_until(moment.isoformat(timespec="seconds"))
    if not waiting:
        return
    rows = {r.case_id: r for r in uow.plans.case_rows([a.case_id for a in waiting])}
    lines = uow.plans.open_invoices_for(list(rows)) if law is not None else []
    bars = screen_page(uow.plans, rows.values(), lines, law, on)
    contacts = uow.actions.contacts([r.debtor_id for r in rows.values()])
    records: dict[int, list[ContactRecord]] = {}
    for contact in contacts:
        channel = Channel(contact.channel).reaches
        if channel is not None:
            records.setdefault(contact.debtor_id, []).append(
                ContactRecord(contact_moment(contact, moment), channel)
            )
    at = moment.isoformat(timespec="seconds")
    for action in waiting:
        row = rows[action.case_id]
        scenario = scenarios.by_id.get(row.scenario_id or "")
        step = scenario.step(action.step_id) if scenario else None
        channel = Channel(action.channel).reaches
        outgoing_contact = OutgoingContact(
            case_id=action.case_id,
            channel=channel,
            label=action.step_id,
            announces_legal_action=bool(step and step.announces_legal_action),
            announces_fixed_indemnity=bool(step and step.announces_fixed_indemnity),
            announces_late_penalties=bool(step and step.announces_late_penalties),
        )
        debtor_records = records.setdefault(row.debtor_id, [])
        verdict = check(
            outgoing_contact,
            guard_context(row, debtor_records, moment, bars.get(row.case_id)),
            policy,
            moment,
        )
        _apply_release(uow, action, row.phase, verdict, on, at, stamp, report)
        if verdict.outcome is Outcome.ALLOWED and channel is not None:
            debtor_records.append(ContactRecord(moment, channel))
        if row.phase == Phase.CLOSED or verdict.outcome is Outcome.REFUSED:
            uow.plans.finish(
                [(row.case_id, row.max_severity_done or 0, row.done_kinds or 0, row.last_done_on)]
            )
            uow.plans.set_next([(row.case_id, row.scenario_id, on + timedelta(days=1))])


def _apply_release(
    uow: PlanUnitOfWork,
    action: StoredAction,
    phase: str,
    verdict: Verdict,
    on: date,
    at: str,
    stamp: str,
    report: RunReport,
) -> None:
    deferred = ActionStatus.DEFERRED
    reasons = tuple(r.message for r in verdict.reasons)
    reason: str | None = None
    status: ActionStatus
    match verdict.outcome:
        case Outcome.ALLOWED:
            held = ActionStatus.AWAITING_APPROVAL if action.requires_approval else None
            status = held or ActionStatus.QUEUED
            uow.actions.set_status(action.id, status, stamp, not_before=at, expected=(deferred,))
            report.released += 1
        case Outcome.DEFERRED:
            assert verdict.next_allowed is not None
            status, reason = deferred, verdict.explain()
            later = verdict.next_allowed.isoformat(timespec="seconds")
            uow.actions.set_status(
                action.id, status, stamp, not_before=later, reason=reason, expected=(deferred,)
            )
            event = ContactDeferred(
                action.case_id, on, action.step_id, verdict.next_allowed, reasons
            )
            uow.journal.record(event)
            report.redeferred += 1
        case Outcome.REFUSED:
            status, reason = ActionStatus.CANCELLED, verdict.explain()
            uow.actions.set_status(action.id, status, stamp, reason=reason, expected=(deferred,))
            uow.journal.record(ContactRefused(action.case_id, on, action.step_id, reasons))
            report.cancelled += 1
        case _:
            assert_never(verdict.outcome)
    changed = ActionStatusChanged(
        action.case_id, on, action.id, action.step_id, deferred.value, status.value, reason
    )
    uow.journal.record(changed)
