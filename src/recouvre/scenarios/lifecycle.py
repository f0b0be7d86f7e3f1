"""How the plan reacts to what happens to a case (payments, promises, disputes, plans...).

``react`` is pure: it takes the plan state, the event and the case as it stands *after* the
event (balance recomputed, channels updated) and returns the new state with what to do with
the step waiting in the outbox, if any:

* ``KEEP``: it still goes out;
* ``WITHDRAW``: take it back, it will be planned again later with fresh amounts (a promise, a
  dispute or a partial payment must not be answered by the threatening letter computed the day
  before; if collection resumes, the same step is re-issued with the new balance);
* ``CANCEL``: it never goes out (case paid, proceedings opened).

Decisions (docs/scenarios.md, « Vie du dossier »):

* full payment closes the case (paid) and cancels what waits;
* partial payment: the statement is recomputed, the scenario goes on;
* promise: pause until the promised date plus a grace period (bank transfer delay); paying the
  promised amount keeps it and the scenario resumes the next day; past the grace, the promise
  is broken: the scenario resumes and the attitude is updated (a debtor in difficulty keeps
  that attitude for a first broken promise, any other debtor is treated as of bad faith);
* dispute: everything freezes until a person resolves it (C. conso L121-6: no pressure on a
  contested claim);
* payment plan: the instalment schedule replaces the scenario; a missed instalment resumes it;
* unreachable: the failed channel is dropped and the scenario is chosen again (letters instead
  of e-mails...); with no channel left the attitude becomes « injoignable »;
* collective proceedings: everything stops (C. com. L622-21; the claim declaration is the
  judicial part's business).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import assert_never

from recouvre.domain.cases import Attitude, Closure, Phase
from recouvre.domain.events.cases import PaymentRecorded
from recouvre.domain.events.collection import (
    CollectiveProceedingsOpened,
    ContactFailed,
    DisputeOpened,
    DisputeOutcome,
    DisputeResolved,
    InstalmentMissed,
    PaymentPlanAgreed,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
)
from recouvre.domain.money import ZERO
from recouvre.domain.parties import Channel
from recouvre.scenarios.case_context import CaseContext
from recouvre.scenarios.state import PlanState, PlanStatus

CaseEvent = (
    PaymentRecorded
    | PromiseMade
    | PromiseKept
    | PromiseBroken
    | DisputeOpened
    | DisputeResolved
    | PaymentPlanAgreed
    | InstalmentMissed
    | ContactFailed
    | CollectiveProceedingsOpened
)


class PendingFate(enum.StrEnum):
    KEEP = "keep"
    WITHDRAW = "withdraw"
    CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class LifecycleParams:
    """Delays a credit manager sets (good practice, not law)."""

    promise_grace_days: int = 3  # a transfer ordered on the promised day arrives within 3 days
    instalment_grace_days: int = 5


@dataclass(frozen=True, slots=True)
class Reaction:
    state: PlanState
    pending: PendingFate
    reason: str
    closure: Closure | None = None
    attitude: Attitude | None = None
    phase: Phase | None = None
    lost_channel: Channel | None = None
    reselect: bool = False  # choose the scenario again (attitude or channels changed)


_ENDED = (PlanStatus.CLOSED, PlanStatus.STOPPED)


def _paid_in_full(state: PlanState, reason: str) -> Reaction:
    closed = replace(state, status=PlanStatus.CLOSED, paused_until=None)
    return Reaction(closed, PendingFate.CANCEL, reason, closure=Closure.PAID)


def _resume(state: PlanState, on: date) -> PlanState:
    return replace(
        state,
        status=PlanStatus.ACTIVE,
        active_since=on,
        paused_until=None,
        promised_on=None,
        promise_amount=ZERO,
        paid_since_promise=ZERO,
        instalments=(),
        paid_on_plan=ZERO,
    )


def _on_payment(
    state: PlanState, event: PaymentRecorded, ctx: CaseContext, params: LifecycleParams
) -> Reaction:
    if ctx.outstanding <= 0:
        return _paid_in_full(state, "paiement intégral : dossier soldé")
    match state.status:
        case PlanStatus.PAUSED:
            paid = state.paid_since_promise + event.amount
            if paid >= state.promise_amount:
                return Reaction(
                    _resume(state, event.on + timedelta(days=1)),
                    PendingFate.KEEP,
                    "promesse tenue, solde restant : le scénario reprend",
                )
            return Reaction(
                replace(state, paid_since_promise=paid),
                PendingFate.KEEP,
                "paiement partiel pendant la promesse",
            )
        case PlanStatus.PAYMENT_PLAN:
            updated = replace(state, paid_on_plan=state.paid_on_plan + event.amount)
            upcoming = updated.next_open_instalment()
            if upcoming is None:
                return Reaction(
                    _resume(state, event.on + timedelta(days=1)),
                    PendingFate.KEEP,
                    "échéancier honoré, solde restant : le scénario reprend",
                )
            until = upcoming.due_on + timedelta(days=params.instalment_grace_days)
            return Reaction(
                replace(updated, paused_until=until), PendingFate.KEEP, "échéance payée"
            )
        case PlanStatus.ACTIVE:
            return Reaction(
                state,
                PendingFate.WITHDRAW,
                "paiement partiel : décompte recalculé, étape en attente reprogrammée",
            )
        case PlanStatus.FROZEN | PlanStatus.STOPPED | PlanStatus.CLOSED:
            return Reaction(state, PendingFate.KEEP, "paiement enregistré")
        case _:
            assert_never(state.status)


def _on_promise_made(state: PlanState, event: PromiseMade, params: LifecycleParams) -> Reaction:
    until = event.promised_on + timedelta(days=params.promise_grace_days)
    paused = replace(
        state,
        status=PlanStatus.PAUSED,
        paused_until=until,
        promised_on=event.promised_on,
        promise_amount=event.amount,
        paid_since_promise=ZERO,
    )
    return Reaction(
        paused,
        PendingFate.WITHDRAW,
        f"promesse de paiement au {event.promised_on.isoformat()} : "
        f"pause jusqu'au {until.isoformat()}",
    )


def _on_promise_kept(state: PlanState, event: PromiseKept, ctx: CaseContext) -> Reaction:
    if ctx.outstanding <= 0:
        return _paid_in_full(state, "promesse tenue : dossier soldé")
    return Reaction(
        _resume(state, event.on + timedelta(days=1)),
        PendingFate.KEEP,
        "promesse tenue, solde restant : le scénario reprend",
    )


def _on_promise_broken(state: PlanState, event: PromiseBroken, ctx: CaseContext) -> Reaction:
    broken = state.broken_promises + 1
    attitude = (
        Attitude.IN_DIFFICULTY
        if ctx.attitude is Attitude.IN_DIFFICULTY and broken == 1
        else Attitude.BAD_FAITH
    )
    resumed = replace(_resume(state, event.on), broken_promises=broken)
    return Reaction(
        resumed,
        PendingFate.KEEP,
        f"promesse du {event.promised_on.isoformat()} non tenue : le scénario reprend",
        attitude=attitude if attitude is not ctx.attitude else None,
        reselect=True,
    )


def _on_dispute_opened(state: PlanState, event: DisputeOpened) -> Reaction:
    frozen = replace(state, status=PlanStatus.FROZEN, paused_until=None)
    return Reaction(
        frozen,
        PendingFate.WITHDRAW,
        f"contestation : tout contact suspendu ({event.reason})",
        attitude=Attitude.DISPUTING,
    )


def _on_dispute_resolved(state: PlanState, event: DisputeResolved, ctx: CaseContext) -> Reaction:
    match event.outcome:
        case DisputeOutcome.UPHELD:
            closed = replace(state, status=PlanStatus.CLOSED)
            return Reaction(
                closed,
                PendingFate.CANCEL,
                f"contestation fondée : créance abandonnée ({event.note})",
                closure=Closure.WITHDRAWN,
            )
        case DisputeOutcome.REJECTED | DisputeOutcome.PARTIAL:
            if ctx.outstanding <= 0:
                closed = replace(state, status=PlanStatus.CLOSED)
                return Reaction(
                    closed,
                    PendingFate.CANCEL,
                    "contestation réglée : plus rien à recouvrer",
                    closure=Closure.SETTLED,
                )
            return Reaction(
                _resume(state, event.on),
                PendingFate.KEEP,
                f"contestation tranchée ({event.note}) : le recouvrement reprend",
                attitude=Attitude.UNKNOWN,
                reselect=True,
            )
        case _:
            assert_never(event.outcome)


def _on_payment_plan(
    state: PlanState, event: PaymentPlanAgreed, ctx: CaseContext, params: LifecycleParams
) -> Reaction:
    first = event.instalments[0]
    planned = replace(
        state,
        status=PlanStatus.PAYMENT_PLAN,
        instalments=event.instalments,
        paid_on_plan=ZERO,
        paused_until=first.due_on + timedelta(days=params.instalment_grace_days),
    )
    in_difficulty = ctx.attitude in (Attitude.UNKNOWN, Attitude.FORGETFUL)
    return Reaction(
        planned,
        PendingFate.WITHDRAW,
        f"échéancier de {len(event.instalments)} échéances : il remplace le scénario",
        attitude=Attitude.IN_DIFFICULTY if in_difficulty else None,
    )


def _on_instalment_missed(state: PlanState, event: InstalmentMissed) -> Reaction:
    return Reaction(
        _resume(state, event.on),
        PendingFate.KEEP,
        f"échéance du {event.due_on.isoformat()} impayée : le recouvrement reprend",
        reselect=True,
    )


def _on_contact_failed(state: PlanState, event: ContactFailed, ctx: CaseContext) -> Reaction:
    return Reaction(
        state,
        PendingFate.WITHDRAW,
        f"canal {event.channel.value} en échec ({event.failure.value}) : changement de canal",
        attitude=Attitude.UNREACHABLE if not ctx.channels else None,
        lost_channel=event.channel,
        reselect=True,
    )


def _on_collective_proceedings(state: PlanState, event: CollectiveProceedingsOpened) -> Reaction:
    stopped = replace(state, status=PlanStatus.STOPPED, paused_until=None)
    return Reaction(
        stopped,
        PendingFate.CANCEL,
        f"procédure collective ({event.procedure}) ouverte le "
        f"{event.judgment_on.isoformat()} : toute action cesse",
        phase=Phase.COLLECTIVE_PROCEEDINGS,
    )


def react(
    state: PlanState, event: CaseEvent, ctx: CaseContext, params: LifecycleParams
) -> Reaction:
    """The plan's answer to ``event``; ``ctx`` is the case after the event."""
    if state.status in _ENDED and not isinstance(event, PaymentRecorded):
        return Reaction(state, PendingFate.KEEP, "dossier clos ou arrêté : rien à changer")
    match event:
        case PaymentRecorded():
            return _on_payment(state, event, ctx, params)
        case PromiseMade():
            return _on_promise_made(state, event, params)
        case PromiseKept():
            return _on_promise_kept(state, event, ctx)
        case PromiseBroken():
            return _on_promise_broken(state, event, ctx)
        case DisputeOpened():
            return _on_dispute_opened(state, event)
        case DisputeResolved():
            return _on_dispute_resolved(state, event, ctx)
        case PaymentPlanAgreed():
            return _on_payment_plan(state, event, ctx, params)
        case InstalmentMissed():
            return _on_instalment_missed(state, event)
        case ContactFailed():
            return _on_contact_failed(state, event, ctx)
        case CollectiveProceedingsOpened():
            return _on_collective_proceedings(state, event)
        case _:
            assert_never(event)
