"""Events of the contacts made or held back: actions planned, reviewed, cancelled; the guard.

Every outgoing action and every change of its status is journaled on the case's stream: what
was sent, when and why is the evidence a creditor shows a judge (CPC 1407 bordereau), and a
deferral or a refusal by the compliance guard is the proof that the debtor was not harassed
(C. conso L121-6 on aggressive practices, C. pén. 222-16 on repeated calls).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from recouvre.domain.events.base import Event, JournalKind
from recouvre.domain.events.collection import ScenarioAssigned


@dataclass(frozen=True, slots=True)
class ActionPlanned(Event):
    """The daily run issued an action (row ``action_id`` of the outbox).

    A scenario assignment of the same run travels in its payload (``scenario_assigned``,
    ``from_scenario``, ``scenario_id``, ``assignment_reason``): one entry per case and run."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_PLANNED
    action_id: int
    idempotency_key: str
    channel: str
    status: str
    due_on: date
    not_before: str | None
    reason: str | None
    assignment: ScenarioAssigned | None = None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "action_id": self.action_id,
            "idempotency_key": self.idempotency_key,
            "channel": self.channel,
            "status": self.status,
            "due_on": self.due_on.isoformat(),
            "not_before": self.not_before,
            "reason": self.reason,
        }
        assigned = self.assignment
        if assigned is not None:
            out["scenario_assigned"] = True
            out["from_scenario"] = assigned.from_scenario
            out["scenario_id"] = assigned.to_scenario
            out["assignment_reason"] = assigned.reason
        return out


@dataclass(frozen=True, slots=True)
class ActionStatusChanged(Event):
    """The run moved an action from one status to another (a deferral released, a closure
    approved)."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_STATUS_CHANGED
    action_id: int
    step_id: str
    from_status: str
    to_status: str
    reason: str | None

    def payload(self) -> dict[str, Any]:
        return {
            "action_id": self.action_id,
            "step_id": self.step_id,
            "from": self.from_status,
            "to": self.to_status,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class ActionApproved(Event):
    """A person approved an action waiting in review: it goes out."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_APPROVED
    action_id: int
    step_id: str
    from_status: str
    to_status: str

    def payload(self) -> dict[str, Any]:
        return {
            "action_id": self.action_id,
            "step_id": self.step_id,
            "from": self.from_status,
            "to": self.to_status,
        }


@dataclass(frozen=True, slots=True)
class ActionDelayed(Event):
    """A person delayed an action in review by ``days`` (its payment term grows as much)."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_DELAYED
    action_id: int
    step_id: str
    days: int
    not_before: str
    extra_delay_days: int


@dataclass(frozen=True, slots=True)
class ActionCancelled(Event):
    """A pending action was cancelled by a procedure (a court action, collective proceedings)."""

    kind: ClassVar[JournalKind] = JournalKind.ACTION_CANCELLED
    action_id: int
    step_id: str
    from_status: str
    reason: str


@dataclass(frozen=True, slots=True)
class ContactDeferred(Event):
    """The compliance guard postponed a contact to ``until`` (naive Europe/Paris time)."""

    kind: ClassVar[JournalKind] = JournalKind.CONTACT_DEFERRED
    step_id: str
    until: datetime
    reasons: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "step_id": self.step_id,
            "until": self.until.isoformat(),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class ContactRefused(Event):
    """The compliance guard refused a contact, for good, with its reasons."""

    kind: ClassVar[JournalKind] = JournalKind.CONTACT_REFUSED
    step_id: str
    reasons: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        return {"step_id": self.step_id, "reasons": list(self.reasons)}
