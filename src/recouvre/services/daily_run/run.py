"""The daily run: plan, guard and issue the actions due on one date (docs/daily-run.md).

``run_day(uow_factory, on, dry_run, settings=..., clock=...) -> RunReport`` is the whole run,
callable day after day by a simulator. Its stages, each committed on its own:

0. **approved closures**: the closure proposals of time-barred cases a person approved in review
   (``services.daily_run.prescription``) close their case as ``time_barred``;
1. **finished steps**: actions the sender has sent (or that failed or were cancelled) since the
   last run leave the plan's « in flight » slot; a sent step becomes the anchor of the next one
   and moves the case to the phase it enters (a formal notice -> ``formal_notice``);
2. **deferred actions** whose ``not_before`` has come are checked by the guard again (queued,
   deferred further, or cancelled with the reason);
3. **pages of due cases** (never planned, or ``next_action_on <= on``), by id: select a scenario
   where none is set (``ScenarioAssigned``), plan (``scenarios.batch_planner.plan_batch``; the
   reference
   planner with ``reference=True``), prescription (``services.daily_run.prescription``: cases with
   time-barred invoices, screened set-based from the legal rows, the few old enough computed
   by the law engine), guard (``services.daily_run.guard``), and write: actions inserted
   with ``ON CONFLICT DO NOTHING`` on the idempotency key ``case:{id}:step:{step}:attempt:{n}``,
   the plan state upserted, ``cases.next_action_on`` updated, the journal appended; one
   transaction per page.

Idempotent: a second run on the same date finds no due case (each planned case has its next
date or an action in flight) and, should it plan one again, the database refuses the duplicate
key. A run killed half-way lost only its current page; the next run carries on. The run's
« moment » for the guard is ``on`` at ``settings.run_time`` (09:00) Europe/Paris time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from recouvre.compliance.facts import ContactRecord, OutgoingContact
from recouvre.compliance.guard import Outcome, Verdict, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.compliance.time_bar import TimeBar
from recouvre.domain.cases import Closure, Phase
from recouvre.domain.errors import InvariantViolation
from recouvre.domain.events.collection import ContactDeferred, ContactRefused, ScenarioAssigned
from recouvre.domain.journal import canonical_json, format_timestamp
from recouvre.law.parameters import LegalTables
from recouvre.scenarios.history import KIND_BITS
from recouvre.scenarios.lifecycle import LifecycleParams
from recouvre.scenarios.model import Scenario, StepKind, severity
from recouvre.scenarios.planner import PlannedAction
from recouvre.services.daily_run.actions import action_channel, action_payload, idempotency_key
from recouvre.services.daily_run.guard import (
    GuardItem,
    contact_channel,
    contact_moment,
    guard_context,
    guard_page,
)
from recouvre.services.daily_run.plan_state import paris_date, plan_row
from recouvre.services.daily_run.planning import (
    CasePlan,
    Scenarios,
    plan_page_batch,
    plan_page_reference,
)
from recouvre.services.daily_run.ports import (
    InvoiceLine,
    NewAction,
    PlanUnitOfWork,
    PlanUnitOfWorkFactory,
    StoredAction,
)
from recouvre.services.daily_run.prescription import (
    CLOSURE_STEP,
    barred_numbers,
    closure_proposal,
    screen_page,
)
from recouvre.services.daily_run.report import ActionLine as ActionLine  # re-exported
from recouvre.services.daily_run.report import RunReport as RunReport  # re-exported
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


def _status(
    action: PlannedAction, verdict: Verdict, moment: str
) -> tuple[str, str | None, str | None]:
    """(status, not_before, reason) of a new action from the guard's verdict."""
    match verdict.outcome:
        case Outcome.REFUSED:
            return "cancelled", None, verdict.explain()
        case Outcome.DEFERRED:
            assert verdict.next_allowed is not None
            later = verdict.next_allowed.isoformat(timespec="seconds")
            status = "awaiting_approval" if action.approval_required else "deferred"
            return status, later, verdict.explain()
        case Outcome.ALLOWED:
            status = "awaiting_approval" if action.approval_required else "queued"
            return status, moment, None


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
                _write_page(
                    uow,
                    plans,
                    lines,
                    bars,
                    settings.policy,
                    on,
                    moment,
                    stamps.next(),
                    report,
                    keep_lines,
                )
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
    for action in uow.actions.queued_on_step(CLOSURE_STEP):
        if not uow.actions.set_status(action.id, "sent", stamp, expected=("queued",)):
            continue
        case = uow.cases.get(action.case_id)
        if case is not None and case.is_open:
            reason = f"créance prescrite : clôture validée (action {action.id})"
            case.close(Closure.TIME_BARRED, on, reason)
            report.closures_confirmed += 1
        uow.journal.record(
            "action_status_changed",
            on,
            {"action_id": action.id, "step_id": action.step_id, "from": "queued", "to": "sent",
             "reason": "clôture validée"},
            case_id=action.case_id,
        )  # fmt: skip


def _finish_steps(uow: PlanUnitOfWork, scenarios: Scenarios, on: date, report: RunReport) -> None:
    """In-flight actions the sender is done with: the step is done (sent) or passed."""
    finished = uow.plans.finished_in_flight()
    updates: list[tuple[int, int, int, date | None]] = []
    nexts: list[tuple[int, str | None, date | None]] = []
    for step in finished:
        max_sev, kinds, last = step.max_severity_done, step.done_kinds, step.last_done_on
        if step.status == "sent":
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
        channel = contact_channel(contact.channel)
        if channel is not None:
            records.setdefault(contact.debtor_id, []).append(
                ContactRecord(contact_moment(contact, moment), channel)
            )
    at = moment.isoformat(timespec="seconds")
    for action in waiting:
        row = rows[action.case_id]
        scenario = scenarios.by_id.get(row.scenario_id or "")
        step = scenario.step(action.step_id) if scenario else None
        channel = contact_channel(action.channel)
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
        if row.phase == "closed" or verdict.outcome is Outcome.REFUSED:
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
    if verdict.outcome is Outcome.ALLOWED:
        status = "awaiting_approval" if action.requires_approval else "queued"
        uow.actions.set_status(action.id, status, stamp, not_before=at, expected=("deferred",))
        report.released += 1
        reason = None
    elif verdict.outcome is Outcome.DEFERRED:
        assert verdict.next_allowed is not None
        status = "deferred"
        later = verdict.next_allowed.isoformat(timespec="seconds")
        reason = verdict.explain()
        uow.actions.set_status(
            action.id, status, stamp, not_before=later, reason=reason, expected=("deferred",)
        )
        event = ContactDeferred(
            action.case_id,
            on,
            action.step_id,
            verdict.next_allowed,
            tuple(r.message for r in verdict.reasons),
        )
        uow.journal.record(event.kind, on, event.payload(), case_id=action.case_id)
        report.redeferred += 1
    else:
        status = "cancelled"
        reason = verdict.explain()
        uow.actions.set_status(action.id, status, stamp, reason=reason, expected=("deferred",))
        refused = ContactRefused(
            action.case_id, on, action.step_id, tuple(r.message for r in verdict.reasons)
        )
        uow.journal.record(refused.kind, on, refused.payload(), case_id=action.case_id)
        report.cancelled += 1
    uow.journal.record(
        "action_status_changed",
        on,
        {"action_id": action.id, "step_id": action.step_id, "from": "deferred", "to": status,
         "reason": reason},
        case_id=action.case_id,
    )  # fmt: skip


# A journal entry of the page: (case_id, kind, occurred_on, payload dict or canonical JSON).
_Entry = tuple[int, str, date, dict[str, Any] | str]


def _write_page(
    uow: PlanUnitOfWork,
    plans: Sequence[CasePlan],
    lines: Sequence[InvoiceLine],
    bars: dict[int, TimeBar],
    policy: ContactPolicy,
    on: date,
    moment: datetime,
    stamp: str,
    report: RunReport,
    keep_lines: int,
) -> None:
    report.cases += len(plans)
    low, high = plans[0].row.case_id, plans[-1].row.case_id
    grouped: dict[int, list[InvoiceLine]] = {}
    for line in lines:
        grouped.setdefault(line.case_id, []).append(line)
    issuing = [p for p in plans if p.action is not None]
    items = [
        GuardItem(p.row, p.action, bars.get(p.row.case_id)) for p in issuing if p.action is not None
    ]
    contacts = uow.actions.contacts(
        [i.row.debtor_id for i in items if i.action.channel is not None]
    )
    verdicts = guard_page(items, contacts, policy, moment)
    withdrawn = uow.actions.withdrawn_attempts(low, high) if issuing else {}
    at = moment.isoformat(timespec="seconds")
    new: list[NewAction] = []
    decided: dict[int, tuple[str, Verdict, str]] = {}
    for plan, verdict in zip(issuing, verdicts, strict=True):
        action = plan.action
        assert action is not None
        case_id = plan.row.case_id
        attempt = 1 + withdrawn.get((case_id, action.step_id), 0)
        key = idempotency_key(case_id, action.step_id, attempt)
        status, not_before, reason = _status(action, verdict, at)
        decided[case_id] = (key, verdict, status)
        new.append(
            NewAction(
                idempotency_key=key,
                case_id=case_id,
                step_id=action.step_id,
                attempt=attempt,
                kind=action.kind.value,
                channel=action_channel(action),
                template=action.template,
                due_on=action.due_on,
                status=status,
                requires_approval=action.approval_required,
                extra_delay_days=(action.pay_by - action.planned_on).days,
                payload=action_payload(
                    plan, grouped.get(case_id, []), barred_numbers(bars, case_id)
                ),
                not_before=not_before,
                reason=reason,
            )
        )
    proposals = {
        p.row.case_id: closure_proposal(p.row, bars[p.row.case_id], on)
        for p in plans
        if p.state is not None and p.row.case_id in bars and bars[p.row.case_id].all_barred
    }
    new.extend(proposals.values())
    ids = uow.actions.insert(new, stamp)
    by_key = {a.idempotency_key: a for a in new}
    rows = []
    nexts: list[tuple[int, str | None, date | None]] = []
    journal: list[_Entry] = []
    for plan in plans:
        case_id = plan.row.case_id
        # A scenario assignment is folded into the case's ``action_planned`` entry when the run
        # issues a new action for it (one journal entry per case and run, not two); otherwise
        # it is journaled on its own below, once the case's action (if any) is known.
        assigned: ScenarioAssigned | None = None
        for event in plan.events:
            if isinstance(event, ScenarioAssigned):
                report.scenarios_assigned += 1
                if assigned is not None:  # a second switch in the same run: keep the first
                    _journal_assigned(journal, assigned, case_id)
                assigned = event
                continue
            journal.append((case_id, event.kind, event.on, canonical_json(event.payload())))
            if event.kind in ("promise_broken", "instalment_missed"):
                report.lapsed += 1
        if plan.state is None:
            if assigned is not None:
                _journal_assigned(journal, assigned, case_id)
            report.without_scenario += 1
            nexts.append((case_id, None, None))
            continue
        summary, in_flight, next_on = plan.summary, None, plan.next_action_on
        if case_id in decided:
            key, verdict, status = decided[case_id]
            action_id, is_new = ids[key]
            summary = replace(summary, pointer=plan.step_index + 1, in_flight=status != "cancelled")
            if status == "cancelled":
                next_on = on + timedelta(days=1)
            else:
                in_flight = action_id
            if is_new:
                _journal_new(journal, action_id, by_key[key], verdict, on, assigned)
                assigned = None
                _count(report, status)
                if len(report.lines) < keep_lines:
                    report.lines.append(_line(plan, by_key[key]))
            else:
                report.already_issued += 1
        if assigned is not None:
            _journal_assigned(journal, assigned, case_id)
        bar = bars.get(case_id)
        if bar is not None:
            report.time_barred += bar.all_barred
            report.partly_time_barred += not bar.all_barred
        proposal = proposals.get(case_id)
        if proposal is not None:
            proposal_id, proposed_now = ids[proposal.idempotency_key]
            if proposed_now:
                # The proposal holds the case's in-flight slot: nothing else is planned until
                # a person decides (a cancelled proposal frees it; it is not proposed again).
                in_flight, next_on = proposal_id, None
                report.closures_proposed += 1
                journal.append(
                    (case_id, "closure_proposed", on,
                     {"action_id": proposal_id, "closure": Closure.TIME_BARRED.value,
                      "time_barred_invoices": list(proposal_invoices(bar)),
                      "reason": proposal.reason})
                )  # fmt: skip
                if len(report.lines) < keep_lines:
                    report.lines.append(_line(plan, proposal))
        rows.append(
            plan_row(
                case_id,
                plan.state,
                summary,
                in_flight,
                plan.row.frozen_reason,
                plan.row.lost_channels or "",
            )
        )
        nexts.append((case_id, plan.state.scenario_id, next_on))
    uow.journal_plain(journal)
    uow.plans.upsert(rows, stamp)
    uow.plans.set_next(nexts)


def proposal_invoices(bar: TimeBar | None) -> tuple[str, ...]:
    return () if bar is None else bar.barred


def _journal_assigned(journal: list[_Entry], event: ScenarioAssigned, case_id: int) -> None:
    """A scenario assignment journaled on its own (no new action for the case in this run);
    its ``payload()`` without ``asdict``'s deep copy."""
    payload = {
        "from_scenario": event.from_scenario,
        "to_scenario": event.to_scenario,
        "reason": event.reason,
    }
    journal.append((case_id, event.kind, event.on, payload))


def _count(report: RunReport, status: str) -> None:
    match status:
        case "queued":
            report.queued += 1
        case "awaiting_approval":
            report.awaiting_approval += 1
        case "deferred":
            report.deferred += 1
        case _:
            report.cancelled += 1


def _line(plan: CasePlan, action: NewAction) -> ActionLine:
    return ActionLine(
        plan.row.case_id,
        plan.row.reference,
        action.step_id,
        action.kind,
        action.channel,
        action.status,
        action.due_on,
        action.not_before,
        action.reason,
    )


def _journal_new(
    journal: list[_Entry],
    action_id: int,
    action: NewAction,
    verdict: Verdict,
    on: date,
    assigned: ScenarioAssigned | None,
) -> None:
    """Journal a new action; a scenario assignment of the same run travels in its payload
    (``scenario_assigned: true``, ``from_scenario``, ``scenario_id``, ``assignment_reason``)
    so that the evidence keeps it with one entry per case instead of two."""
    case_id = action.case_id
    payload: dict[str, Any] = {
        "action_id": action_id,
        "idempotency_key": action.idempotency_key,
        "channel": action.channel,
        "status": action.status,
        "due_on": action.due_on.isoformat(),
        "not_before": action.not_before,
        "reason": action.reason,
    }
    if assigned is not None:
        payload["scenario_assigned"] = True
        payload["from_scenario"] = assigned.from_scenario
        payload["scenario_id"] = assigned.to_scenario
        payload["assignment_reason"] = assigned.reason
    journal.append((case_id, "action_planned", on, payload))
    reasons = tuple(r.message for r in verdict.reasons)
    if verdict.outcome is Outcome.DEFERRED and verdict.next_allowed is not None:
        deferred = ContactDeferred(case_id, on, action.step_id, verdict.next_allowed, reasons)
        journal.append((case_id, deferred.kind, on, canonical_json(deferred.payload())))
    elif verdict.outcome is Outcome.REFUSED:
        refused = ContactRefused(case_id, on, action.step_id, reasons)
        journal.append((case_id, refused.kind, on, canonical_json(refused.payload())))
