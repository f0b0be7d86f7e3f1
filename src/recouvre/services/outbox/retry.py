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

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Protocol

from recouvre.services.errors import ServiceError

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


class RetryStore(Protocol):
    def retry_failed(self, action_id: int, on: date, reason: str, not_before: str) -> RetriedAction:
        """In one transaction: check the action is ``failed`` and not retried yet (else
        ``LookupError`` / ``ValueError`` with a French message), insert the next attempt as
        ``deferred`` until ``not_before``, take the plan's in-flight slot if free, journal."""
        ...

    def failed_not_retried(self, case_key: str | None = None) -> list[int]:
        """Ids of failed actions with no later attempt of their step (of one case, by id or
        reference, when ``case_key`` is given; ``LookupError`` for an unknown case)."""
        ...


class OutboxRetry:
    def __init__(self, store: RetryStore) -> None:
        self.store = store

    def retry(self, action_id: int, on: date, reason: str | None = None) -> RetriedAction:
        """A new attempt of ``action_id``, deferred until ``on`` at 00:00 (Paris time): the
        run of ``on`` (whatever its hour) re-checks it with the guard."""
        why = (reason or "").strip() or DEFAULT_REASON
        not_before = datetime.combine(on, time(0, 0)).isoformat(timespec="seconds")
        try:
            return self.store.retry_failed(action_id, on, why, not_before)
        except (LookupError, ValueError) as error:
            raise RetryError(str(error.args[0]) if error.args else str(error)) from None

    def retry_all_failed(
        self, on: date, reason: str | None = None, case_key: str | None = None
    ) -> list[RetriedAction]:
        """Every failed action not retried yet (of one case when given), oldest first."""
        try:
            ids = self.store.failed_not_retried(case_key)
        except LookupError as error:
            raise RetryError(str(error.args[0]) if error.args else str(error)) from None
        return [self.retry(action_id, on, reason) for action_id in ids]
