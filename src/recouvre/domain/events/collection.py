"""Events of a case's life that change its collection plan (promises, disputes, plans...).

They complete ``events.py`` (opening, phases, attitude, payments) with what the debtor or a
person says or does during the amicable phase, and with what the planner and the compliance
guard decide (a step planned, cancelled or withdrawn, a contact deferred or refused). Every
one of them goes into the evidence journal: a promise to pay, a dispute or an agreed payment
plan are the facts a judge asks about (C. civ. 1344, 2240; CPC 1407), and a deferral or
refusal by the guard is the proof that the creditor did not harass (C. conso L121-6, C. pén.
222-16).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from recouvre.domain.events.cases import Event
from recouvre.domain.parties import Channel


@dataclass(frozen=True, slots=True)
class Instalment:
    """One instalment of an agreed payment plan (échéancier)."""

    due_on: date
    amount: Decimal


class DisputeOutcome(enum.StrEnum):
    """How a person closed a dispute (contestation)."""

    REJECTED = "rejected"  # claim confirmed: collection resumes
    PARTIAL = "partial"  # amounts corrected (credit note): collection resumes on the rest
    UPHELD = "upheld"  # the debtor was right: the claim is withdrawn


class ContactFailure(enum.StrEnum):
    """Why a channel failed: the debtor cannot be reached on it any more."""

    BOUNCED_EMAIL = "bounced_email"  # courriel rejeté
    RETURNED_LETTER = "returned_letter"  # pli non distribué (NPAI)
    WRONG_NUMBER = "wrong_number"  # faux numéro


@dataclass(frozen=True, slots=True)
class PromiseMade(Event):
    """The debtor promised to pay ``amount`` by ``promised_on`` (promesse de paiement)."""

    kind: ClassVar[str] = "promise_made"
    promised_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PromiseKept(Event):
    kind: ClassVar[str] = "promise_kept"


@dataclass(frozen=True, slots=True)
class PromiseBroken(Event):
    kind: ClassVar[str] = "promise_broken"
    promised_on: date


@dataclass(frozen=True, slots=True)
class DisputeOpened(Event):
    """The debtor contests the claim: every contact stops until a person resolves it."""

    kind: ClassVar[str] = "dispute_opened"
    reason: str


@dataclass(frozen=True, slots=True)
class DisputeResolved(Event):
    kind: ClassVar[str] = "dispute_resolved"
    outcome: DisputeOutcome
    note: str


@dataclass(frozen=True, slots=True)
class PaymentPlanAgreed(Event):
    """An instalment schedule replaces the scenario until paid or missed."""

    kind: ClassVar[str] = "payment_plan_agreed"
    instalments: tuple[Instalment, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "instalments": [
                {"due_on": i.due_on.isoformat(), "amount": f"{i.amount:.2f}"}
                for i in self.instalments
            ]
        }


@dataclass(frozen=True, slots=True)
class InstalmentMissed(Event):
    kind: ClassVar[str] = "instalment_missed"
    due_on: date


@dataclass(frozen=True, slots=True)
class ContactFailed(Event):
    """A channel proved wrong (bounced email, returned letter, wrong number)."""

    kind: ClassVar[str] = "contact_failed"
    channel: Channel
    failure: ContactFailure


@dataclass(frozen=True, slots=True)
class CollectiveProceedingsOpened(Event):
    """A sauvegarde, redressement or liquidation judgment: every action stops (C. com. L622-21)."""

    kind: ClassVar[str] = "collective_proceedings_opened"
    procedure: str
    judgment_on: date


@dataclass(frozen=True, slots=True)
class ScenarioAssigned(Event):
    kind: ClassVar[str] = "scenario_assigned"
    from_scenario: str | None
    to_scenario: str
    reason: str


@dataclass(frozen=True, slots=True)
class StepCancelled(Event):
    """A planned step will not go out (final), with the reason shown to the credit manager."""

    kind: ClassVar[str] = "step_cancelled"
    step_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class StepWithdrawn(Event):
    """A planned step was taken back to be planned again later (fresh amounts, after a pause)."""

    kind: ClassVar[str] = "step_withdrawn"
    step_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class ContactDeferred(Event):
    """The compliance guard postponed a contact to ``until`` (naive Europe/Paris time)."""

    kind: ClassVar[str] = "contact_deferred"
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
    kind: ClassVar[str] = "contact_refused"
    step_id: str
    reasons: tuple[str, ...]

    def payload(self) -> dict[str, Any]:
        return {"step_id": self.step_id, "reasons": list(self.reasons)}
