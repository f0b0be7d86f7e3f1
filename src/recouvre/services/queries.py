"""Read models for cases: what ``recouvre cases list`` and ``recouvre case show`` show.

Read models are plain frozen records filled by a query adapter (``CaseQueries`` port); they
are not aggregates and are never saved. ``as_json()`` gives the stable JSON shape of the CLI
(and later of the API): amounts as strings with two decimals, dates in ISO format, keys fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from recouvre.domain.cases import Attitude, Closure, Phase
from recouvre.domain.parties import Creditor, Debtor
from recouvre.domain.payments import PaymentPart


def money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of the case list."""

    id: int
    reference: str
    creditor_name: str
    creditor_siren: str
    debtor_name: str
    debtor_kind: str
    phase: Phase
    attitude: Attitude
    opened_on: date
    invoices: int
    outstanding: Decimal
    oldest_due_date: date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "creditor": {"name": self.creditor_name, "siren": self.creditor_siren},
            "debtor": {"name": self.debtor_name, "kind": self.debtor_kind},
            "phase": self.phase.value,
            "attitude": self.attitude.value,
            "opened_on": iso(self.opened_on),
            "invoices": self.invoices,
            "outstanding": money(self.outstanding),
            "oldest_due_date": iso(self.oldest_due_date),
        }


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    id: int
    number: str
    issue_date: date
    due_date: date
    amount: Decimal
    paid: Decimal
    status: str

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid if self.status == "open" else Decimal("0.00")

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "issue_date": iso(self.issue_date),
            "due_date": iso(self.due_date),
            "amount": money(self.amount),
            "paid": money(self.paid),
            "outstanding": money(self.outstanding),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class PaymentLine:
    id: int
    received_on: date
    amount: Decimal
    designated_invoice: str | None
    reference: str | None
    source: str
    # how recouvre imputed it (C. civ. 1342-10, 1343-1); empty: the statement imputes it
    parts: tuple[PaymentPart, ...] = ()
    reversed_on: date | None = None  # taken back by the bank: counts no more

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "received_on": iso(self.received_on),
            "amount": money(self.amount),
            "designated_invoice": self.designated_invoice,
            "reference": self.reference,
            "source": self.source,
            "parts": [
                {
                    "invoice": p.invoice,
                    "principal": money(p.principal),
                    "interest": money(p.interest),
                    "accessories": money(p.accessories),
                }
                for p in self.parts
            ],
            "reversed_on": iso(self.reversed_on) if self.reversed_on else None,
        }


@dataclass(frozen=True, slots=True)
class EventLine:
    id: int
    kind: str
    occurred_on: date
    recorded_at: str
    actor: str
    payload: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "occurred_on": iso(self.occurred_on),
            "recorded_at": self.recorded_at,
            "actor": self.actor,
            "payload": self.payload,
        }


@dataclass(frozen=True, slots=True)
class ActionIssue:
    """An action that failed or waits in quarantine, with why (``case show``): a failed one is
    retried with ``recouvre outbox retry ID`` once the cause is fixed, a quarantined one is
    settled with ``recouvre outbox resolve``. ``retried_by``: the later attempt, if any."""

    id: int
    step_id: str
    attempt: int
    channel: str
    status: str
    due_on: date
    updated_at: str
    reason: str | None
    retried_by: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "step_id": self.step_id,
            "attempt": self.attempt,
            "channel": self.channel,
            "status": self.status,
            "due_on": iso(self.due_on),
            "updated_at": self.updated_at,
            "reason": self.reason,
            "retried_by": self.retried_by,
        }


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything ``case show`` prints about one case."""

    id: int
    reference: str
    phase: Phase
    attitude: Attitude
    closure: Closure | None
    opened_on: date
    closed_on: date | None
    scenario_id: str | None
    next_action_on: date | None
    creditor: Creditor
    debtor: Debtor
    invoices: tuple[InvoiceLine, ...]
    payments: tuple[PaymentLine, ...]
    events: tuple[EventLine, ...]
    action_issues: tuple[ActionIssue, ...] = ()  # failed or quarantined actions

    @property
    def outstanding(self) -> Decimal:
        return sum((line.outstanding for line in self.invoices), Decimal("0.00"))

    def as_json(self) -> dict[str, Any]:
        creditor, debtor = self.creditor, self.debtor
        return {
            "id": self.id,
            "reference": self.reference,
            "phase": self.phase.value,
            "attitude": self.attitude.value,
            "closure": None if self.closure is None else self.closure.value,
            "opened_on": iso(self.opened_on),
            "closed_on": iso(self.closed_on),
            "scenario_id": self.scenario_id,
            "next_action_on": iso(self.next_action_on),
            "outstanding": money(self.outstanding),
            "creditor": {
                "id": creditor.id,
                "name": creditor.name,
                "siren": creditor.siren,
                "siret": creditor.siret,
            },
            "debtor": {
                "id": debtor.id,
                "kind": debtor.kind.value,
                "name": debtor.name,
                "siren": debtor.siren,
                "siret": debtor.siret,
                "address": {
                    "lines": list(debtor.address.lines),
                    "postal_code": debtor.address.postal_code,
                    "city": debtor.address.city,
                    "country": debtor.address.country,
                },
                "emails": list(debtor.emails),
                "phones": list(debtor.phones),
            },
            "invoices": [line.as_json() for line in self.invoices],
            "payments": [line.as_json() for line in self.payments],
            "events": [line.as_json() for line in self.events],
            "action_issues": [issue.as_json() for issue in self.action_issues],
        }
