"""Stage 2 of the daily run: the deferred actions whose moment has come are checked by the
guard again (docs/daily-run.md, « One run, stage by stage »): queued (or held for approval),
deferred further (``contact_deferred``) or cancelled (``contact_refused``), prescription
included (a deferral may have lasted past the end of the period, C. civ. 2219)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import assert_never

from recouvre.compliance.facts import ContactRecord, OutgoingContact
from recouvre.compliance.guard import Outcome, Verdict, check
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.cases import Phase
from recouvre.domain.events.contacts import ActionStatusChanged, ContactDeferred, ContactRefused
from recouvre.domain.parties import Channel
from recouvre.law.parameters import LegalTables
from recouvre.services.daily_run.guard import contact_moment, guard_context
from recouvre.services.daily_run.planning import Scenarios
from recouvre.services.daily_run.ports import PlanUnitOfWork, StoredAction
from recouvre.services.daily_run.prescription import screen_page
from recouvre.services.daily_run.report import RunReport
from recouvre.services.outbox.model import ActionStatus


def release_deferred(
    uow: PlanUnitOfWork,
    waiting: Sequence[StoredAction],
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
