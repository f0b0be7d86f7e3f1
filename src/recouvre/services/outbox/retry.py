"""A new attempt for a failed action, once a person has fixed the cause (``recouvre outbox retry``).

Why: an action fails for good when its document lacks a mention, the recipient is refused or no
address is known (``services.outbox.dispatch``); nothing resends it on its own — a permanent failure
retried blindly fails again, and a resend must never reach a debtor twice. Once the cause is
fixed (the creditor's IBAN entered, the address corrected), a person asks for a retry:

* only a ``failed`` action is retried, and only once (a later attempt of the same step exists:
  refused, with its number), each refusal in French;
* the retry is a **new action** with the next attempt number in its idempotency key
  (``case:{case}:step:{step}:attempt:{n+1}``): the failed row stays as it was (evidence), the
  new email gets a new Message-ID;
* the new attempt is ``deferred`` until the day of the retry: that day's run checks it with
  the compliance guard like any other action (closed, time-barred or disputed since:
  cancelled with the reason; caps and hours: deferred), then the sender sends it; it takes
  the case's in-flight slot when that slot is free, so the run plans nothing else meanwhile;
* the retry is journaled on the case's stream (``action_retried``: both ids, the new key, the
  person's reason).

Transient failures (a server down) are requeued by the sender itself and need nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from recouvre.domain.events.delivery import ActionRetried
from recouvre.domain.journal import format_timestamp
from recouvre.services.daily_run.actions import idempotency_key
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.model import ActionStatus, OutboxAction
from recouvre.services.outbox.ports import FailedAttempt, OutboxUnitOfWorkFactory
from recouvre.services.outbox.transactions import identity_of
from recouvre.services.ports import Clock

DEFAULT_REASON = "nouvel essai demandé après correction"


class RetryError(ServiceError):
    """A retry that cannot be done (unknown action, not failed, already retried), in French."""


@dataclass(frozen=True, slots=True)
class RetriedAction:
    failed_id: int
    action_id: int
    case_id: int
    step_id: str
    attempt: int
    idempotency_key: str
    not_before: str
    in_flight: bool  # the new attempt holds the case's in-flight slot
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "failed_id": self.failed_id,
            "action_id": self.action_id,
            "case_id": self.case_id,
            "step_id": self.step_id,
            "attempt": self.attempt,
            "idempotency_key": self.idempotency_key,
            "not_before": self.not_before,
            "in_flight": self.in_flight,
            "reason": self.reason,
        }


def next_attempt(failed: OutboxAction, attempts: Sequence[FailedAttempt]) -> int:
    """The attempt number a retry of ``failed`` takes (the step's highest plus one); refuses,
    in French, an action that is not ``failed`` or whose step was already tried again."""
    if failed.status is not ActionStatus.FAILED:
        raise RetryError(
            f"action {failed.id} : statut « {failed.status.value} » ; seule une action en échec "
            "(failed) peut être relancée"
        )
    later = [a for a in attempts if a.attempt > failed.attempt]
    if later:
        raise RetryError(
            f"action {failed.id} déjà relancée : nouvel essai n° {min(a.id for a in later)} "
            "(relancer celui-ci s'il a échoué à son tour)"
        )
    return max((a.attempt for a in attempts), default=failed.attempt) + 1


def not_before_of(on: date) -> str:
    """A retry waits for the run of ``on``: 00:00 that day, Paris time (whatever the run's
    hour, the guard checks it that day)."""
    return datetime.combine(on, time(0, 0)).isoformat(timespec="seconds")


class OutboxRetry:
    def __init__(self, uow: OutboxUnitOfWorkFactory, clock: Clock) -> None:
        self.uow = uow
        self.clock = clock

    def retry(self, action_id: int, on: date, reason: str | None = None) -> RetriedAction:
        """A new attempt of ``action_id``, deferred until ``on`` at 00:00 (Paris time), in one
        unit of work: the new row, the plan's in-flight slot if free, the journal entry."""
        why = (reason or "").strip() or DEFAULT_REASON
        not_before = not_before_of(on)
        stamp = format_timestamp(self.clock.now())
        with self.uow() as uow:
            failed = uow.outbox.get(action_id, lock=True)
            if failed is None:
                raise RetryError(f"action {action_id} introuvable")
            attempt = next_attempt(failed, uow.outbox.attempts(failed.case_id, failed.step_id))
            key = idempotency_key(failed.case_id, failed.step_id, attempt)
            told = f"nouvel essai de l'action {action_id} : {why}"
            new_id = uow.outbox.add_attempt(failed, attempt, key, not_before, told, stamp)
            in_flight = uow.outbox.take_in_flight(failed.case_id, new_id, stamp)
            retried = ActionRetried(
                failed.case_id, on, identity_of(failed), new_id, key, attempt, not_before, why
            )
            uow.journal.record(retried)
            uow.commit()
        return RetriedAction(
            failed_id=action_id,
            action_id=new_id,
            case_id=failed.case_id,
            step_id=failed.step_id,
            attempt=attempt,
            idempotency_key=key,
            not_before=not_before,
            in_flight=in_flight,
            reason=told,
        )

    def retry_all_failed(
        self, on: date, reason: str | None = None, case_key: str | None = None
    ) -> list[RetriedAction]:
        """Every failed action not retried yet (of one case when given), oldest first."""
        with self.uow() as uow:
            case_id = None
            if case_key is not None:
                case_id = uow.outbox.case_id(case_key)
                if case_id is None:
                    raise RetryError(f"dossier « {case_key} » introuvable")
            ids = uow.outbox.failed_not_retried(case_id)
        return [self.retry(action_id, on, reason) for action_id in ids]
