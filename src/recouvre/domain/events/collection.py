"""Events that change a case's collection plan: promises, disputes, payment plans, scenarios.

They complete ``events.cases`` (opening, phases, attitude, payments) with what the debtor or a
person says or does during the amicable phase, and with what the planner decides (a scenario
assigned, a step cancelled or withdrawn, a time-barred case proposed for closure). Every one of
them goes into the evidence journal: a promise to pay, a dispute or an agreed payment plan are
the facts a judge weighs (a promise or a partial payment acknowledges the debt and interrupts
prescription, C. civ. 2240; a payment plan is a grace the creditor granted, C. civ. 1343-5).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from recouvre.domain.events.base import Event, JournalKind
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

    kind: ClassVar[JournalKind] = JournalKind.PROMISE_MADE
    promised_on: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class PromiseKept(Event):
    kind: ClassVar[JournalKind] = JournalKind.PROMISE_KEPT


@dataclass(frozen=True, slots=True)
class PromiseBroken(Event):
    kind: ClassVar[JournalKind] = JournalKind.PROMISE_BROKEN
    promised_on: date


@dataclass(frozen=True, slots=True)
class DisputeOpened(Event):
    """The debtor contests the claim: every contact stops until a person resolves it."""

    kind: ClassVar[JournalKind] = JournalKind.DISPUTE_OPENED
    reason: str


@dataclass(frozen=True, slots=True)
class DisputeResolved(Event):
    kind: ClassVar[JournalKind] = JournalKind.DISPUTE_RESOLVED
    outcome: DisputeOutcome
    note: str


@dataclass(frozen=True, slots=True)
class PaymentPlanAgreed(Event):
    """An instalment schedule replaces the scenario until paid or missed."""

    kind: ClassVar[JournalKind] = JournalKind.PAYMENT_PLAN_AGREED
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
    kind: ClassVar[JournalKind] = JournalKind.INSTALMENT_MISSED
    due_on: date


@dataclass(frozen=True, slots=True)
class ContactFailed(Event):
    """A channel proved wrong (bounced email, returned letter, wrong number)."""

    kind: ClassVar[JournalKind] = JournalKind.CONTACT_FAILED
    channel: Channel
    failure: ContactFailure


@dataclass(frozen=True, slots=True)
class ProceedingsPublication:
    """Where a collective-proceedings judgment was read (a BODACC announcement) and the
    deadlines it starts: the declaration of claims (C. com. R622-24) and the relief from
    foreclosure (C. com. L622-26)."""

    published_on: date
    announcement_id: str
    tribunal: str
    declaration_due_on: date
    relief_due_on: date
    cancelled_actions: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CollectiveProceedingsOpened(Event):
    """A sauvegarde, redressement or liquidation judgment: every action stops (C. com. L622-21).

    ``publication`` when the judgment was read from the BODACC: its fields join the payload."""

    kind: ClassVar[JournalKind] = JournalKind.COLLECTIVE_PROCEEDINGS_OPENED
    procedure: str
    judgment_on: date
    publication: ProceedingsPublication | None = None

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "procedure": self.procedure,
            "judgment_on": self.judgment_on.isoformat(),
        }
        found = self.publication
        if found is not None:
            out["published_on"] = found.published_on.isoformat()
            out["announcement_id"] = found.announcement_id
            out["tribunal"] = found.tribunal
            out["declaration_due_on"] = found.declaration_due_on.isoformat()
            out["relief_due_on"] = found.relief_due_on.isoformat()
            out["cancelled_actions"] = list(found.cancelled_actions)
        return out


@dataclass(frozen=True, slots=True)
class ScenarioAssigned(Event):
    kind: ClassVar[JournalKind] = JournalKind.SCENARIO_ASSIGNED
    from_scenario: str | None
    to_scenario: str
    reason: str


@dataclass(frozen=True, slots=True)
class StepCancelled(Event):
    """A planned step will not go out (final), with the reason shown to the credit manager."""

    kind: ClassVar[JournalKind] = JournalKind.STEP_CANCELLED
    step_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class StepWithdrawn(Event):
    """A planned step was taken back to be planned again later (fresh amounts, after a pause)."""

    kind: ClassVar[JournalKind] = JournalKind.STEP_WITHDRAWN
    step_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class PaymentPlanRequested(Event):
    """The debtor asked for an instalment plan during a call: a person proposes one."""

    kind: ClassVar[JournalKind] = JournalKind.PAYMENT_PLAN_REQUESTED
    action_id: int


@dataclass(frozen=True, slots=True)
class CaseSetAside(Event):
    """The daily run could not plan, check or compute this case (a date beyond the calendar, a
    legal rule that raised...): it was taken out of the run's page, the other cases went on, and
    a review item (``action_id``) asks a person to look at it. ``error`` names the failure's
    type, ``reason`` says it in French."""

    kind: ClassVar[JournalKind] = JournalKind.CASE_SET_ASIDE
    action_id: int
    error: str
    reason: str


@dataclass(frozen=True, slots=True)
class ClosureProposed(Event):
    """Every open invoice of the case is time-barred (C. com. L110-4, C. conso L218-2): the run
    proposes to close it, and a person decides."""

    kind: ClassVar[JournalKind] = JournalKind.CLOSURE_PROPOSED
    action_id: int
    closure: str
    time_barred_invoices: tuple[str, ...]
    reason: str | None

    def payload(self) -> dict[str, Any]:
        return {
            "action_id": self.action_id,
            "closure": self.closure,
            "time_barred_invoices": list(self.time_barred_invoices),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class InvoiceStatusReceived(Event):
    """A lifecycle status of an e-invoice came from the platforms (``domain.einvoicing``):
    what it said and what recouvre did about it (``effect``, in French). The facts it causes
    (a dispute opened, a payment, a closure) follow it in the journal, each naming the status."""

    kind: ClassVar[JournalKind] = JournalKind.INVOICE_STATUS_RECEIVED
    invoice_number: str
    code: int
    label: str
    status_on: date
    source: str
    reason: str
    approved_amount: Decimal | None
    disputed_amount: Decimal | None
    effect: str
