"""Phone calls: tasks in an agent's queue, with the script and the case, and their outcomes.

A call is an ``actions`` row with channel ``phone`` planned by the daily run; the sender never
takes it. Until the web app exists, ``recouvre calls`` lists the queue, shows a task (the
script from ``recouvre.letters.calls`` with the answers to the usual replies, the invoices, the
case's recent history) and records what happened. The outcome produces the case's event, which
the daily run reacts to (``scenarios.lifecycle``):

=============  =====================================  ==============
outcome        case event                             action becomes
=============  =====================================  ==============
reached        ``call_reached`` (journal)             sent
no_answer      ``call_no_answer`` (journal)           failed
wrong_number   ``ContactFailed`` (phone, wrong        failed
               number); the number is dropped
promise        ``PromiseMade`` (amount, date)         sent
dispute        ``DisputeOpened`` (reason)             sent
payment_plan   ``payment_plan_requested`` (journal)   sent
=============  =====================================  ==============

The domain events go through the daily run's ``services.cases.case_events.CaseEvents`` (port
``CaseEventSink``) so that the plan reacts exactly as for an event typed by a person.

A dispute stops every contact until a person handles it (C. conso L121-6; reference §7.3); a
promise pauses the scenario until the promised date plus a grace period.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, assert_never

from recouvre.domain.errors import DomainError
from recouvre.domain.events.base import JournalKind
from recouvre.domain.parties import Channel
from recouvre.letters.content import build
from recouvre.letters.document import Document, DocumentKind
from recouvre.services.outbox.documents import letter_context
from recouvre.services.outbox.model import ActionStatus, CaseEventSink, CaseFacts, OutboxAction


class CallOutcome(enum.StrEnum):
    REACHED = "reached"  # joint
    NO_ANSWER = "no_answer"  # pas de réponse
    WRONG_NUMBER = "wrong_number"  # mauvais numéro
    PROMISE = "promise"  # promesse de paiement
    DISPUTE = "dispute"  # contestation
    PAYMENT_PLAN = "payment_plan"  # demande d'échéancier


OUTCOME_LABELS: dict[CallOutcome, str] = {
    CallOutcome.REACHED: "joint",
    CallOutcome.NO_ANSWER: "pas de réponse",
    CallOutcome.WRONG_NUMBER: "mauvais numéro",
    CallOutcome.PROMISE: "promesse de paiement",
    CallOutcome.DISPUTE: "contestation",
    CallOutcome.PAYMENT_PLAN: "demande d'échéancier",
}


class CallError(DomainError):
    """An outcome that cannot be recorded as given (French message)."""


@dataclass(frozen=True, slots=True)
class HistoryLine:
    on: date
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CallSheet:
    """What the agent sees: the task, the case, the script, what happened lately."""

    action: OutboxAction
    facts: CaseFacts
    phone: str | None
    script: Document
    history: tuple[HistoryLine, ...]


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """One call's outcome, as stored in ``call_outcomes`` and journaled."""

    action: OutboxAction
    outcome: CallOutcome
    on: date
    status: ActionStatus  # sent or failed
    amount: Decimal | None
    promised_by: date | None
    reason: str | None
    journal_kind: JournalKind | None  # a journal-only fact when no domain event says it
    drop_phone: str | None


class CallStore(Protocol):
    def tasks(self, on: date | None) -> list[OutboxAction]:
        """Phone actions waiting for an agent (``queued``), due on or before ``on``."""
        ...

    def get(self, action_id: int) -> OutboxAction | None: ...

    def facts(self, case_id: int) -> CaseFacts: ...

    def history(self, case_id: int, limit: int) -> list[HistoryLine]: ...

    def record(self, record: OutcomeRecord) -> bool:
        """Store the outcome, move the action (only if still ``queued``), journal it, drop a
        wrong number; one transaction. ``False`` when the task was already settled."""
        ...


def call_sheet(
    store: CallStore, action_id: int, on: date, indemnity: Callable[[date], Decimal]
) -> CallSheet:
    action = _task(store, action_id)
    facts = store.facts(action.case_id)
    ctx = letter_context(action, facts, on, indemnity(on))
    script = build(DocumentKind.CALL_SCRIPT, ctx)
    phone = facts.debtor.phones[0] if facts.debtor.phones else None
    recipient = action.payload.get("recipient")
    if isinstance(recipient, dict) and recipient.get("phone"):
        phone = str(recipient["phone"])
    return CallSheet(action, facts, phone, script, tuple(store.history(action.case_id, 10)))


def record_outcome(
    store: CallStore,
    events: CaseEventSink,
    action_id: int,
    outcome: CallOutcome,
    on: date,
    *,
    amount: Decimal | None = None,
    promised_by: date | None = None,
    reason: str | None = None,
) -> OutcomeRecord:
    """Record what the call gave, then the case event through the daily run's event use cases
    (the plan reacts: a promise pauses it, a dispute freezes it, a wrong number drops the
    channel). The task is settled first, so the reaction (which withdraws what waits in the
    outbox) never cancels the call being recorded. Raises ``CallError`` (French) on missing or
    wrong details, before anything is stored."""
    action = _task(store, action_id)
    drop: str | None = None
    journal_kind: JournalKind | None = None
    status = ActionStatus.SENT
    match outcome:
        case CallOutcome.REACHED:
            journal_kind = JournalKind.CALL_REACHED
        case CallOutcome.NO_ANSWER:
            journal_kind, status = JournalKind.CALL_NO_ANSWER, ActionStatus.FAILED
        case CallOutcome.WRONG_NUMBER:
            facts = store.facts(action.case_id)
            drop = facts.debtor.phones[0] if facts.debtor.phones else None
            status = ActionStatus.FAILED
        case CallOutcome.PROMISE:
            if amount is None or amount <= 0:
                raise CallError("promesse : indiquez le montant promis (--amount)")
            if promised_by is None:
                raise CallError("promesse : indiquez la date promise (--by AAAA-MM-JJ)")
            if promised_by < on:
                raise CallError(f"promesse : la date promise {promised_by} est déjà passée")
        case CallOutcome.DISPUTE:
            if not reason or not reason.strip():
                raise CallError("contestation : indiquez le motif (--reason)")
            reason = reason.strip()
        case CallOutcome.PAYMENT_PLAN:
            journal_kind = JournalKind.PAYMENT_PLAN_REQUESTED
        case _:
            assert_never(outcome)
    record = OutcomeRecord(
        action=action,
        outcome=outcome,
        on=on,
        status=status,
        amount=amount if outcome is CallOutcome.PROMISE else None,
        promised_by=promised_by if outcome is CallOutcome.PROMISE else None,
        reason=reason,
        journal_kind=journal_kind,
        drop_phone=drop,
    )
    if not store.record(record):
        raise CallError(f"appel {action_id} : tâche déjà traitée")
    case_key = str(action.case_id)
    match outcome:
        case CallOutcome.PROMISE:
            assert amount is not None and promised_by is not None
            events.promise(case_key, amount, promised_by, on)
        case CallOutcome.DISPUTE:
            assert reason is not None
            events.dispute(case_key, reason, on)
        case CallOutcome.WRONG_NUMBER:
            events.unreachable(case_key, Channel.PHONE, on)
        case CallOutcome.REACHED | CallOutcome.NO_ANSWER | CallOutcome.PAYMENT_PLAN:
            pass
        case _:
            assert_never(outcome)
    return record


def list_tasks(store: CallStore, on: date | None) -> Sequence[OutboxAction]:
    return store.tasks(on)


def _task(store: CallStore, action_id: int) -> OutboxAction:
    action = store.get(action_id)
    if action is None or action.channel.value != "phone":
        raise CallError(f"aucune tâche d'appel n° {action_id}")
    return action
