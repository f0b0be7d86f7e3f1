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
payment_plan   with the debtor's schedule:            sent
               ``PaymentPlanAgreed`` (the plan
               replaces the scenario, its agreement
               letter is queued); without one:
               ``payment_plan_requested`` (journal)
               and the attitude « in difficulty »
               (the scenario proposes a plan)
=============  =====================================  ==============

The domain events go through the daily run's ``services.cases.case_events.CaseEvents`` (port
``CaseEventSink``) so that the plan reacts exactly as for an event typed by a person, in the
unit of work that settles the task: the outcome, its journal entries and the plan's reaction
commit together or not at all.

A dispute stops every contact until a person handles it (C. conso L121-6); a promise pauses the
scenario until the promised date plus a grace period. A debtor who asks for a payment plan is in
difficulty: never again the « simple oubli » reminder of the forgetful debtor.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeAlias, assert_never

from recouvre.domain.events.collection import Instalment, PaymentPlanRequested
from recouvre.domain.events.delivery import CallNoAnswer, CallOutcomeRecorded, CallReached
from recouvre.domain.parties import Channel
from recouvre.letters.content import build
from recouvre.letters.document import Document, DocumentKind
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.claimed_amounts import as_claimed
from recouvre.services.outbox.documents import letter_context
from recouvre.services.outbox.model import ActionStatus, CaseEventSink, CaseFacts, OutboxAction
from recouvre.services.outbox.ports import CaseEventsWithin

# The journal-only fact of an outcome: one action id, nothing else.
CallFact: TypeAlias = type[CallReached] | type[CallNoAnswer] | type[PaymentPlanRequested]


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


class CallError(ServiceError):
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
    journal_fact: CallFact | None  # a journal-only fact when no domain event says it
    drop_phone: str | None
    instalments: tuple[Instalment, ...] = ()  # payment_plan: the schedule the debtor proposed


class CallStore(Protocol):
    """The call tasks and their outcomes, on a unit of work's transaction (``uow.calls``)."""

    def tasks(self, on: date | None) -> list[OutboxAction]:
        """Phone actions waiting for an agent (``queued``), due on or before ``on``."""
        ...

    def get(self, action_id: int) -> OutboxAction | None: ...

    def facts(self, case_id: int) -> CaseFacts: ...

    def history(self, case_id: int, limit: int) -> list[HistoryLine]: ...

    def settle(self, record: OutcomeRecord) -> bool:
        """Move the task (only if still ``queued``) and store the outcome; ``False`` when the
        task was already settled."""
        ...

    def drop_phone(self, case_id: int, phone: str) -> None:
        """Remove a wrong number from the case's debtor."""
        ...


class CallUnitOfWork(PlanUnitOfWork, Protocol):
    @property
    def calls(self) -> CallStore: ...


class Calls:
    """The agents' call queue, each read one unit of work (``recouvre calls``)."""

    def __init__(self, uow: Callable[[], CallUnitOfWork]) -> None:
        self.uow = uow

    def tasks(self, on: date | None) -> list[OutboxAction]:
        with self.uow() as work:
            return work.calls.tasks(on)

    def facts(self, case_id: int) -> CaseFacts:
        with self.uow() as work:
            return work.calls.facts(case_id)


def call_sheet(
    calls: Calls, action_id: int, on: date, indemnity: Callable[[date], Decimal]
) -> CallSheet:
    with calls.uow() as work:
        store = work.calls
        action = _task(store, action_id)
        facts = store.facts(action.case_id)
        history = tuple(store.history(action.case_id, 10))
    ctx = as_claimed(action, letter_context(action, facts, on, indemnity(on)))
    script = build(DocumentKind.CALL_SCRIPT, ctx)
    phone = facts.debtor.phones[0] if facts.debtor.phones else None
    recipient = action.payload.get("recipient")
    if isinstance(recipient, dict) and recipient.get("phone"):
        phone = str(recipient["phone"])
    return CallSheet(action, facts, phone, script, history)


def record_outcome(
    calls: Calls,
    events: CaseEventsWithin,
    action_id: int,
    outcome: CallOutcome,
    on: date,
    *,
    amount: Decimal | None = None,
    promised_by: date | None = None,
    reason: str | None = None,
    instalments: Sequence[Instalment] = (),
) -> OutcomeRecord:
    """Record what the call gave and the case event (the plan reacts: a promise pauses it, a
    dispute freezes it, a wrong number drops the channel), in one unit of work. The task is
    settled first, so the reaction (which withdraws what waits in the outbox) never cancels the
    call being recorded. Raises ``CallError`` (French) on missing or wrong details, before
    anything is stored."""
    with calls.uow() as work:
        record = _outcome_record(work.calls, action_id, outcome, on, amount, promised_by, reason)
        if instalments and outcome is not CallOutcome.PAYMENT_PLAN:
            raise CallError("les échéances (--echeance) vont avec l'issue payment-plan")
        if instalments:
            record = replace(record, instalments=tuple(instalments), journal_fact=None)
        if not work.calls.settle(record):
            raise CallError(f"appel {action_id} : tâche déjà traitée")
        _journal(work, record)
        if record.drop_phone is not None:
            work.calls.drop_phone(record.action.case_id, record.drop_phone)
        _react(events.within(work), record)
        work.commit()
    return record


def _outcome_record(
    store: CallStore,
    action_id: int,
    outcome: CallOutcome,
    on: date,
    amount: Decimal | None,
    promised_by: date | None,
    reason: str | None,
) -> OutcomeRecord:
    """The outcome checked, with the status the task takes and the fact to journal."""
    action = _task(store, action_id)
    drop: str | None = None
    journal_fact: CallFact | None = None
    status = ActionStatus.SENT
    match outcome:
        case CallOutcome.REACHED:
            journal_fact = CallReached
        case CallOutcome.NO_ANSWER:
            journal_fact, status = CallNoAnswer, ActionStatus.FAILED
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
            journal_fact = PaymentPlanRequested
        case _:
            assert_never(outcome)
    return OutcomeRecord(
        action=action,
        outcome=outcome,
        on=on,
        status=status,
        amount=amount if outcome is CallOutcome.PROMISE else None,
        promised_by=promised_by if outcome is CallOutcome.PROMISE else None,
        reason=reason,
        journal_fact=journal_fact,
        drop_phone=drop,
    )


def _journal(uow: CallUnitOfWork, record: OutcomeRecord) -> None:
    action = record.action
    outcome = CallOutcomeRecorded(
        action.case_id,
        record.on,
        action.id,
        action.idempotency_key,
        record.outcome.value,
        record.status.value,
        record.reason,
    )
    uow.journal.record(outcome)
    if record.journal_fact is not None:
        uow.journal.record(record.journal_fact(action.case_id, record.on, action.id))


def _react(events: CaseEventSink, record: OutcomeRecord) -> None:
    """The case event of the outcome, through the daily run's event use cases."""
    case_key, on = str(record.action.case_id), record.on
    match record.outcome:
        case CallOutcome.PROMISE:
            assert record.amount is not None and record.promised_by is not None
            events.promise(case_key, record.amount, record.promised_by, on)
        case CallOutcome.DISPUTE:
            assert record.reason is not None
            events.dispute(case_key, record.reason, on)
        case CallOutcome.WRONG_NUMBER:
            events.unreachable(case_key, Channel.PHONE, on)
        case CallOutcome.PAYMENT_PLAN if record.instalments:
            events.agreed_plan(case_key, on, record.instalments)
        case CallOutcome.PAYMENT_PLAN:
            events.plan_requested(case_key, on)
        case CallOutcome.REACHED | CallOutcome.NO_ANSWER:
            pass
        case _:
            assert_never(record.outcome)


def list_tasks(calls: Calls, on: date | None) -> Sequence[OutboxAction]:
    return calls.tasks(on)


def _task(store: CallStore, action_id: int) -> OutboxAction:
    action = store.get(action_id)
    if action is None or action.channel.value != "phone":
        raise CallError(f"aucune tâche d'appel n° {action_id}")
    return action
