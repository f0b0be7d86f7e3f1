"""The retry policy on its own: only a failed action is tried again, once, with the step's next
attempt number, waiting for the run of the retry's day."""

from __future__ import annotations

from datetime import date

import pytest

from recouvre.domain.parties import Channel
from recouvre.services.outbox.model import ActionStatus, OutboxAction
from recouvre.services.outbox.ports import FailedAttempt
from recouvre.services.outbox.retry import RetryError, next_attempt, not_before_of


def action(status: ActionStatus, attempt: int = 1, action_id: int = 7) -> OutboxAction:
    return OutboxAction(
        id=action_id, idempotency_key=f"case:3:step:relance-1:attempt:{attempt}", case_id=3,
        step_id="relance-1", attempt=attempt, kind="reminder", channel=Channel.EMAIL,
        template="relance", due_on=date(2026, 11, 2), status=status, payload={},
    )  # fmt: skip


def test_a_failed_action_takes_the_next_attempt_of_its_step() -> None:
    failed = action(ActionStatus.FAILED, attempt=2)
    earlier = [FailedAttempt(5, 1, ActionStatus.FAILED), FailedAttempt(7, 2, ActionStatus.FAILED)]
    assert next_attempt(failed, earlier) == 3
    assert next_attempt(failed, []) == 3  # its own row aside, nothing known of the step


@pytest.mark.parametrize(
    "status", [s for s in ActionStatus if s is not ActionStatus.FAILED], ids=str
)
def test_only_a_failed_action_is_retried(status: ActionStatus) -> None:
    with pytest.raises(RetryError, match=f"statut « {status.value} »"):
        next_attempt(action(status), [FailedAttempt(7, 1, status)])


def test_an_action_is_retried_once_and_the_refusal_names_the_new_attempt() -> None:
    attempts = [
        FailedAttempt(7, 1, ActionStatus.FAILED),
        FailedAttempt(12, 2, ActionStatus.DEFERRED),
        FailedAttempt(15, 3, ActionStatus.QUEUED),
    ]
    with pytest.raises(RetryError, match="déjà relancée : nouvel essai n° 12"):
        next_attempt(action(ActionStatus.FAILED), attempts)


def test_a_retry_waits_for_the_run_of_its_day() -> None:
    assert not_before_of(date(2026, 11, 23)) == "2026-11-23T00:00:00"
