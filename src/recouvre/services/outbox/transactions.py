"""The outbox's moves, each one short unit of work that journals it (``model.OutboxStore``).

The sender (``services.outbox.dispatch``) never holds a transaction while it talks to a
provider: the claim (``queued -> sending``) is committed before any provider is called, and the
outcome (``sent``, ``failed``, ``quarantined``, back to ``queued``) is its own short unit of
work. Every move is journaled on the case's stream in the transaction that makes it, with the
action's identity (id, idempotency key, channel, step, attempt): a move that did not apply
(another process moved the row first) journals nothing.

A quarantined action is settled by a person (``recouvre outbox resolve``): ``sent`` when the
provider shows it went out, else back to ``queued``; a registered letter settled as sent enters
the tracking of registered mail as the sender's own would.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from recouvre.compliance.facts import ContactRecord
from recouvre.domain.events.contacts import ContactDeferred
from recouvre.domain.events.delivery import (
    ActionFailed,
    ActionHeld,
    ActionQuarantined,
    ActionRequeued,
    ActionResolved,
    ActionSending,
    ActionSent,
    MovedAction,
)
from recouvre.domain.journal import format_timestamp
from recouvre.domain.parties import Channel
from recouvre.services.daily_run.plan_state import paris_naive
from recouvre.services.outbox.model import ActionStatus, CaseFacts, Delivery, OutboxAction
from recouvre.services.outbox.ports import OutboxUnitOfWorkFactory
from recouvre.services.ports import Clock

DEFAULT_LEASE = timedelta(minutes=15)  # a send takes seconds; the SMTP timeout is 30 s


_Outcome = ActionFailed | ActionQuarantined | ActionRequeued | ActionHeld
_OUTCOMES: dict[ActionStatus, type[_Outcome]] = {
    ActionStatus.AWAITING_APPROVAL: ActionHeld,
    ActionStatus.FAILED: ActionFailed,
    ActionStatus.QUARANTINED: ActionQuarantined,
    ActionStatus.QUEUED: ActionRequeued,
}


def identity_of(action: OutboxAction) -> MovedAction:
    """The identity of ``action`` every journal entry of its moves carries."""
    return MovedAction(
        action.id, action.idempotency_key, action.channel.value, action.step_id, action.attempt
    )


class OutboxTransactions:
    """``model.OutboxStore`` through units of work: ``uow`` for the moves, ``read`` (default:
    ``uow``) for the reads, which need no writer lock (a snapshot on SQLite)."""

    def __init__(
        self,
        uow: OutboxUnitOfWorkFactory,
        clock: Clock,
        lease: timedelta = DEFAULT_LEASE,
        *,
        read: OutboxUnitOfWorkFactory | None = None,
    ) -> None:
        self.uow = uow
        self.read = read or uow
        self.clock = clock
        self.lease = lease

    def _stamp(self) -> str:
        return format_timestamp(self.clock.now())

    # --- claiming ---------------------------------------------------------------------------

    def claim(
        self, worker: str, on: date, now_local: str, channels: Sequence[Channel], limit: int
    ) -> list[OutboxAction]:
        with self.uow() as uow:
            claimed = uow.outbox.claim(worker, on, now_local, channels, limit, self._stamp())
            for action in claimed:
                uow.journal.record(ActionSending(action.case_id, on, identity_of(action), worker))
            uow.commit()
        return claimed

    def abandoned(self, channels: Sequence[Channel], worker: str) -> list[OutboxAction]:
        with self.read() as uow:
            gone = uow.outbox.abandoned(channels, self.clock.now(), self.lease)
        taken = []
        for action in gone:  # one short unit of work each: a rival sender may take one first
            with self.uow() as uow:
                mine = uow.outbox.take_over(action, worker, self._stamp())
                uow.commit()
            if mine is not None:
                taken.append(mine)
        return taken

    # --- reading ----------------------------------------------------------------------------

    def facts(self, case_id: int) -> CaseFacts:
        with self.read() as uow:
            return uow.outbox.facts(case_id)

    def get(self, action_id: int) -> OutboxAction | None:
        with self.read() as uow:
            return uow.outbox.get(action_id)

    def with_status(
        self, status: ActionStatus, channels: Sequence[Channel] | None = None,
        case_id: int | None = None,
    ) -> list[OutboxAction]:  # fmt: skip
        with self.read() as uow:
            return uow.outbox.with_status(status, channels, case_id)

    # --- outcomes ---------------------------------------------------------------------------

    def mark_sent(self, action: OutboxAction, worker: str, on: date, delivery: Delivery) -> bool:
        stamp = self._stamp()
        with self.uow() as uow:
            if not uow.outbox.move(
                action,
                ActionStatus.SENDING,
                ActionStatus.SENT,
                stamp,
                worker=worker,
                sent_at=stamp,
                provider_ref=delivery.provider_ref,
                content_sha256=delivery.content_sha256 or None,
                reason=None,
            ):
                return False
            if action.channel is Channel.REGISTERED_LETTER:
                batch_on = delivery.details.get("batch_on")
                uow.outbox.add_registered_item(
                    action, date.fromisoformat(batch_on) if batch_on else on, stamp
                )
            details = {
                "provider_ref": delivery.provider_ref,
                "content_sha256": delivery.content_sha256 or None,
                **dict(delivery.details),
            }
            uow.journal.record(
                ActionSent(action.case_id, on, identity_of(action), details),
                document_sha256=delivery.document_sha256 or None,
            )
            uow.commit()
        return True

    def mark_failed(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.FAILED, reason)

    def mark_quarantined(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.QUARANTINED, reason)

    def requeue(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.QUEUED, reason)

    def hold_for_review(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.AWAITING_APPROVAL, reason)

    def sent_contacts(self, debtor_id: int) -> list[ContactRecord]:
        with self.read() as uow:
            rows = uow.actions.contacts([debtor_id])
        return [
            ContactRecord(paris_naive(row.sent_at), channel)
            for row in rows
            if row.status == ActionStatus.SENT.value
            and row.sent_at
            and (channel := Channel(row.channel).reaches) is not None
        ]

    def defer(
        self, action: OutboxAction, worker: str, on: date, until: datetime, reasons: Sequence[str]
    ) -> bool:
        not_before = until.isoformat(timespec="seconds")
        reason = f"reporté jusqu'au {until.strftime('%d/%m/%Y %H:%M')} : " + " ; ".join(reasons)
        with self.uow() as uow:
            if not uow.outbox.move(
                action, ActionStatus.SENDING, ActionStatus.QUEUED, self._stamp(), worker=worker,
                not_before=not_before, reason=reason, claimed_by=None, claimed_at=None,
            ):  # fmt: skip
                return False
            uow.journal.record(
                ContactDeferred(action.case_id, on, action.step_id, until, tuple(reasons))
            )
            uow.commit()
        return True

    def _outcome(
        self, action: OutboxAction, worker: str, on: date, status: ActionStatus, reason: str
    ) -> bool:
        values: dict[str, Any] = {"reason": reason}
        if status in (ActionStatus.QUEUED, ActionStatus.AWAITING_APPROVAL):  # free again
            values |= {"claimed_by": None, "claimed_at": None}
        with self.uow() as uow:
            if not uow.outbox.move(
                action, ActionStatus.SENDING, status, self._stamp(), worker=worker, **values
            ):
                return False
            uow.journal.record(_OUTCOMES[status](action.case_id, on, identity_of(action), reason))
            uow.commit()
        return True

    def resolve(self, action_id: int, on: date, *, sent: bool, note: str) -> OutboxAction:
        stamp = self._stamp()
        with self.uow() as uow:
            action = uow.outbox.get(action_id, lock=True)
            if action is None:
                raise LookupError(f"action {action_id} introuvable")
            if action.status is not ActionStatus.QUARANTINED:
                raise ValueError(
                    f"action {action_id} : statut « {action.status.value} », seule une action "
                    "en quarantaine se règle ainsi"
                )
            if sent:
                moved = uow.outbox.move(
                    action, ActionStatus.QUARANTINED, ActionStatus.SENT, stamp,
                    sent_at=stamp, reason=note,
                )  # fmt: skip
            else:
                moved = uow.outbox.move(
                    action, ActionStatus.QUARANTINED, ActionStatus.QUEUED, stamp,
                    claimed_by=None, claimed_at=None, reason=note,
                )  # fmt: skip
            if not moved:  # settled by another person meanwhile
                raise ValueError(f"action {action_id} : déjà réglée par ailleurs")
            decision = "sent" if sent else "resend"
            uow.journal.record(
                ActionResolved(action.case_id, on, identity_of(action), decision, note)
            )
            if sent and action.channel is Channel.REGISTERED_LETTER:
                uow.outbox.add_registered_item(action, on, stamp)
            updated = uow.outbox.get(action_id)
            uow.commit()
        assert updated is not None
        return updated
