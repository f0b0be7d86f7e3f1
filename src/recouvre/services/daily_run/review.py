"""The review queue: actions a person must approve before they go out (``recouvre review``).

A step marked ``approval_required`` in its scenario (formal notices of large claims, the
judicial review...) is issued by the daily run as ``awaiting_approval``. A person lists them,
approves (-> ``queued``: the sender takes it from its ``not_before``), gives the debtor more
time (``delay``: the extra delay and the moment it may go out move by N days) or cancels it with
a reason. Every decision is journaled on the case's stream with the person's name (the unit of
work's actor), and a cancelled action leaves the plan's in-flight slot so the run goes on with
the next step the next day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from recouvre.domain.events.collection import StepCancelled
from recouvre.domain.events.contacts import ActionApproved, ActionDelayed
from recouvre.domain.journal import format_timestamp
from recouvre.services.daily_run.ports import (
    PlanUnitOfWork,
    PlanUnitOfWorkFactory,
    ReviewFilter,
    ReviewRow,
    StoredAction,
)
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.model import ActionStatus
from recouvre.services.ports import Clock

# The ``actions.status`` texts a review reads and writes.
AWAITING = ActionStatus.AWAITING_APPROVAL.value
QUEUED = ActionStatus.QUEUED.value
CANCELLED = ActionStatus.CANCELLED.value


class ReviewError(ServiceError):
    """A review decision that cannot be applied (unknown action, not awaiting approval)."""


@dataclass(frozen=True, slots=True)
class ReviewItem:
    id: int
    case_id: int
    step_id: str
    kind: str
    channel: str
    due_on: date
    not_before: str | None
    extra_delay_days: int
    status: str
    reason: str | None

    @classmethod
    def of(cls, a: StoredAction) -> ReviewItem:
        return cls(
            a.id, a.case_id, a.step_id, a.kind, a.channel, a.due_on, a.not_before,
            a.extra_delay_days, a.status, a.reason,
        )  # fmt: skip

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "case_id": self.case_id,
            "step_id": self.step_id,
            "kind": self.kind,
            "channel": self.channel,
            "due_on": self.due_on.isoformat(),
            "not_before": self.not_before,
            "extra_delay_days": self.extra_delay_days,
            "status": self.status,
            "reason": self.reason,
        }


class ReviewQueue:
    def __init__(self, uow_factory: PlanUnitOfWorkFactory, clock: Clock) -> None:
        self.uow_factory = uow_factory
        self.clock = clock

    def pending(self, limit: int | None = None) -> list[ReviewItem]:
        with self.uow_factory() as uow:
            return [ReviewItem.of(a) for a in uow.actions.with_status((AWAITING,), limit)]

    def listing(self, f: ReviewFilter, limit: int | None) -> tuple[list[ReviewRow], int]:
        """The actions awaiting approval the filter selects, with their case, debtor and what
        the case owes, and how many there are in all."""
        with self.uow_factory() as uow:
            return uow.review_rows.rows(f, limit), uow.review_rows.count(f)

    def count(self, f: ReviewFilter) -> int:
        with self.uow_factory() as uow:
            return uow.review_rows.count(f)

    def approve_where(self, f: ReviewFilter, on: date) -> int:
        """Approve every action the filter selects, in one transaction: set-based updates and
        one journal entry per action appended together (a 60 000-invoice import may leave
        20 000 to approve)."""
        _refuse_empty(f)
        with self.uow_factory() as uow:
            chosen = uow.review_rows.selected(f)
            stamp = format_timestamp(self.clock.now())
            uow.review_rows.decide([a for a, _, _ in chosen], QUEUED, stamp, None)
            uow.journal_events(
                [ActionApproved(case, on, action, step, AWAITING, QUEUED)
                 for action, case, step in chosen]
            )  # fmt: skip
            uow.commit()
            return len(chosen)

    def cancel_where(self, f: ReviewFilter, reason: str, on: date) -> int:
        """Cancel every action the filter selects with ``reason``; their cases go on with the
        next step the next day, as a single cancellation does."""
        _refuse_empty(f)
        if not reason.strip():
            raise ReviewError("annulation : motif obligatoire")
        with self.uow_factory() as uow:
            chosen = uow.review_rows.selected(f)
            stamp = format_timestamp(self.clock.now())
            uow.review_rows.decide([a for a, _, _ in chosen], CANCELLED, stamp, reason.strip())
            uow.journal_events(
                [StepCancelled(case, on, step, reason.strip()) for _, case, step in chosen]
            )
            ids = {a for a, _, _ in chosen}
            rows = [
                r for r in uow.plans.case_rows(sorted({c for _, c, _ in chosen}))
                if r.in_flight_action_id in ids
            ]  # fmt: skip
            uow.plans.finish(
                [(r.case_id, r.max_severity_done or 0, r.done_kinds or 0, r.last_done_on)
                 for r in rows]
            )  # fmt: skip
            uow.plans.set_next([(r.case_id, r.scenario_id, on + timedelta(days=1)) for r in rows])
            uow.commit()
            return len(chosen)

    def _awaiting(self, uow: PlanUnitOfWork, action_id: int) -> StoredAction:
        action = uow.actions.get(action_id)
        if action is None:
            raise ReviewError(f"action {action_id} introuvable")
        if action.status != AWAITING:
            raise ReviewError(
                f"action {action_id} : statut « {action.status} », pas en attente de validation"
            )
        return action

    def approve(self, action_id: int, on: date) -> ReviewItem:
        with self.uow_factory() as uow:
            action = self._awaiting(uow, action_id)
            stamp = format_timestamp(self.clock.now())
            uow.actions.set_status(action.id, QUEUED, stamp, expected=(AWAITING,))
            approved = ActionApproved(
                action.case_id, on, action.id, action.step_id, AWAITING, QUEUED
            )
            uow.journal.record(approved)
            uow.commit()
            return ReviewItem.of(action._replace(status=QUEUED))

    def delay(self, action_id: int, days: int, on: date) -> ReviewItem:
        """Grant ``days`` more: the action may go out ``days`` later and the debtor's extra
        delay grows by as much. It stays in the queue for approval."""
        if days < 1:
            raise ReviewError("délai : un nombre de jours positif est attendu")
        with self.uow_factory() as uow:
            action = self._awaiting(uow, action_id)
            base = (
                datetime.fromisoformat(action.not_before)
                if action.not_before
                else datetime.combine(action.due_on, datetime.min.time())
            )
            later = (base + timedelta(days=days)).isoformat(timespec="seconds")
            extra = action.extra_delay_days + days
            stamp = format_timestamp(self.clock.now())
            uow.actions.set_status(
                action.id, AWAITING, stamp, not_before=later, extra_delay_days=extra,
                expected=(AWAITING,),
            )  # fmt: skip
            delayed = ActionDelayed(
                action.case_id, on, action.id, action.step_id, days, later, extra
            )
            uow.journal.record(delayed)
            uow.commit()
            return ReviewItem.of(action._replace(not_before=later, extra_delay_days=extra))

    def cancel(self, action_id: int, reason: str, on: date) -> ReviewItem:
        if not reason.strip():
            raise ReviewError("annulation : motif obligatoire")
        with self.uow_factory() as uow:
            action = self._awaiting(uow, action_id)
            stamp = format_timestamp(self.clock.now())
            uow.actions.set_status(
                action.id, CANCELLED, stamp, reason=reason.strip(), expected=(AWAITING,)
            )
            uow.journal.record(StepCancelled(action.case_id, on, action.step_id, reason.strip()))
            row = uow.plans.case_rows([action.case_id])[0]
            if row.in_flight_action_id == action.id:
                uow.plans.finish(
                    [
                        (
                            row.case_id,
                            row.max_severity_done or 0,
                            row.done_kinds or 0,
                            row.last_done_on,
                        )
                    ]
                )
                uow.plans.set_next([(row.case_id, row.scenario_id, on + timedelta(days=1))])
            uow.commit()
            return ReviewItem.of(action._replace(status=CANCELLED, reason=reason.strip()))


def _refuse_empty(f: ReviewFilter) -> None:
    if f.empty and not f.everything:
        raise ReviewError(
            "aucun filtre : précisez --creditor, --step, --scenario ou des numéros, ou --all "
            "pour toutes les actions en attente"
        )
