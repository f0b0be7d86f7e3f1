"""Events of delivery: the outbox's moves, the call outcomes, the bounces, the registered mail.

Every move of an outbox action (claimed, sent, failed, quarantined, put back in the queue,
settled by a person, tried again) is journaled on the case's stream with the action's identity:
what went out, when and through which provider is the evidence a creditor shows a judge (CPC
1407 bordereau). A permanent bounce or a letter returned « destinataire inconnu » proves that
a channel no longer reaches the debtor; the signed acknowledgement of a formal notice is the
date the legal interest runs from (C. civ. 1344-1, 1231-6), and the first presentation of an
unclaimed letter proves the attempt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from recouvre.domain.events.base import Event, JournalKind


@dataclass(frozen=True, slots=True)
class MovedAction:
    """The identity of the outbox action a move concerns, as every move's payload carries it."""

    action_id: int
    idempotency_key: str
    channel: str
    step_id: str
    attempt: int


@dataclass(frozen=True, slots=True)
class ActionMoved(Event):
    """A move of an outbox action: its identity, then what the move adds (``details``)."""

    action: MovedAction

    def details(self) -> dict[str, Any]:
        return {}

    def payload(self) -> dict[str, Any]:
        moved = self.action
        return {
            "action_id": moved.action_id,
            "idempotency_key": moved.idempotency_key,
            "channel": moved.channel,
            "step_id": moved.step_id,
            "attempt": moved.attempt,
            **self.details(),
        }


@dataclass(frozen=True, slots=True)
class ActionSending(ActionMoved):
    """A sender (``worker``) claimed the action, before any provider is called."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_SENDING
    worker: str

    def details(self) -> dict[str, Any]:
        return {"worker": self.worker}


@dataclass(frozen=True, slots=True)
class ActionSent(ActionMoved):
    """The action went out; ``delivery`` is what the provider answered (its reference, the
    content's digest, its own details), or the simulation's stand-in."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_SENT
    delivery: Mapping[str, Any]

    def details(self) -> dict[str, Any]:
        return dict(self.delivery)


@dataclass(frozen=True, slots=True)
class ActionFailed(ActionMoved):
    """The provider refused the action for good."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_FAILED
    reason: str

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


@dataclass(frozen=True, slots=True)
class ActionQuarantined(ActionMoved):
    """Whether the action went out is unknown: a person settles it (``ActionResolved``)."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_QUARANTINED
    reason: str

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


@dataclass(frozen=True, slots=True)
class ActionRequeued(ActionMoved):
    """The send failed for a while: the action is back in the queue, free for any sender."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_QUEUED
    reason: str

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


@dataclass(frozen=True, slots=True)
class ActionHeld(ActionMoved):
    """The document could not be computed on its date (a legal rate not yet published for part
    of the period): the action waits in review with that reason rather than going out with a
    silent « 0,00 € » or failing (C. com. L441-10; issue 11)."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_HELD
    reason: str

    def details(self) -> dict[str, Any]:
        return {"reason": self.reason}


@dataclass(frozen=True, slots=True)
class ActionResolved(ActionMoved):
    """A person settled a quarantined action: ``decision`` ``sent`` or ``resend``."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_RESOLVED
    decision: str
    note: str

    def details(self) -> dict[str, Any]:
        return {"decision": self.decision, "note": self.note}


@dataclass(frozen=True, slots=True)
class ActionRetried(ActionMoved):
    """A failed action is tried again as a new attempt (a new row), not before ``not_before``."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_RETRIED
    new_action_id: int
    new_idempotency_key: str
    new_attempt: int
    not_before: str
    reason: str

    def details(self) -> dict[str, Any]:
        return {
            "new_action_id": self.new_action_id,
            "new_idempotency_key": self.new_idempotency_key,
            "new_attempt": self.new_attempt,
            "not_before": self.not_before,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class CallOutcomeRecorded(Event):
    """An agent recorded the outcome of a call task; ``reason`` (a dispute's) only when given."""

    kind: ClassVar[JournalKind] = JournalKind.CALL_OUTCOME
    action_id: int
    idempotency_key: str
    outcome: str
    status: str
    reason: str | None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "action_id": self.action_id,
            "idempotency_key": self.idempotency_key,
            "outcome": self.outcome,
            "status": self.status,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True, slots=True)
class CallReached(Event):
    """The call reached the debtor (no promise, no dispute)."""

    kind: ClassVar[JournalKind] = JournalKind.CALL_REACHED
    action_id: int


@dataclass(frozen=True, slots=True)
class CallNoAnswer(Event):
    """Nobody answered the call."""

    kind: ClassVar[JournalKind] = JournalKind.CALL_NO_ANSWER
    action_id: int


@dataclass(frozen=True, slots=True)
class EmailBounced(Event):
    """A permanent bounce of ``address``, read from the notices file ``source``."""

    kind: ClassVar[JournalKind] = JournalKind.EMAIL_BOUNCED
    address: str
    status: str
    diagnostic: str
    message_id: str | None
    source: str
    file_sha256: str


@dataclass(frozen=True, slots=True)
class RegisteredLetterPosted(Event):
    """A registered letter was posted under ``tracking_number``."""

    kind: ClassVar[JournalKind] = JournalKind.REGISTERED_LETTER_POSTED
    action_id: int
    tracking_number: str


@dataclass(frozen=True, slots=True)
class AcknowledgementAttached(Event):
    """The scan of a registered letter's signed avis de réception was attached (its digest,
    also the entry's document digest, identifies the file kept)."""

    kind: ClassVar[JournalKind] = JournalKind.ACKNOWLEDGEMENT_ATTACHED
    action_id: int
    tracking_number: str
    file_name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class RegisteredLetterTracked(Event):
    """A tracking event of a registered letter, with its French label and the line of the
    tracking file it came from (``source``)."""

    action_id: int
    tracking_number: str
    event: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class RegisteredLetterPresented(RegisteredLetterTracked):
    kind: ClassVar[JournalKind] = JournalKind.REGISTERED_LETTER_PRESENTED


@dataclass(frozen=True, slots=True)
class RegisteredLetterDelivered(RegisteredLetterTracked):
    kind: ClassVar[JournalKind] = JournalKind.REGISTERED_LETTER_DELIVERED


@dataclass(frozen=True, slots=True)
class RegisteredLetterReturnedUnclaimed(RegisteredLetterTracked):
    kind: ClassVar[JournalKind] = JournalKind.REGISTERED_LETTER_RETURNED_UNCLAIMED


@dataclass(frozen=True, slots=True)
class RegisteredLetterReturnedUnknownAddress(RegisteredLetterTracked):
    kind: ClassVar[JournalKind] = JournalKind.REGISTERED_LETTER_RETURNED_UNKNOWN_ADDRESS


@dataclass(frozen=True, slots=True)
class FormalNoticeReceived(Event):
    """The formal notice was received on ``received_on`` (``basis``: ``acknowledgement``, the
    signed receipt of the registered letter)."""

    kind: ClassVar[JournalKind] = JournalKind.FORMAL_NOTICE_RECEIVED
    action_id: int
    tracking_number: str
    received_on: date
    basis: str
