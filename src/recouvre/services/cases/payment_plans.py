"""The payment plan a debtor agreed, and its agreement letter through the outbox.

A debtor in difficulty proposes a schedule (on the phone, by letter): explicit dates and
amounts. Recorded (``CaseEvents.agreed_plan``, from ``recouvre case plan`` or a call outcome
``payment-plan``), the schedule is checked against the principal owed
(``law.payment_plan.check_schedule``: it adds up to the cent, the dates follow one another from
today), the debtor's attitude becomes « en difficulté », the plan replaces the scenario until an
instalment is missed (``scenarios.lifecycle``), and the agreement letter for that case and that
schedule is queued in the outbox (``queue_agreement``): the creditor's grace in writing
(C. civ. 1343-5), which the debtor signs and which acknowledges the debt (C. civ. 2240). It goes
by e-mail when the debtor has one, else by post, never on a channel the debtor refused or that
failed; the sender renders, checks and sends it like any document.

The creditor's rules for the plans recouvre proposes (``PlanRules``) are set here too
(``recouvre creditor plan-rules``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from recouvre.domain.cases import Attitude, Case
from recouvre.domain.events.collection import Instalment, PaymentPlanAgreed
from recouvre.domain.journal import canonical_json, format_timestamp
from recouvre.domain.money import ZERO
from recouvre.domain.parties import Channel
from recouvre.law.payment_plan import PlanRules, check_schedule
from recouvre.scenarios.lifecycle import PendingFate, Reaction
from recouvre.scenarios.state import PlanState
from recouvre.services.cases.instalments import CaseEventError
from recouvre.services.daily_run.actions import euros
from recouvre.services.daily_run.ports import (
    CaseRow,
    InvoiceLine,
    NewAction,
    PlanRow,
    PlanUnitOfWork,
    PlanUnitOfWorkFactory,
)
from recouvre.services.daily_run.proposals import plan_snapshot

if TYPE_CHECKING:
    from recouvre.services.cases.case_events import CaseEvents, EventOutcome

AGREEMENT_STEP = "accord_echeancier"
# The agreement's default clause: the balance falls due when an instalment stays unpaid this
# many days after a written reminder (the delay of the shipped proposal step).
AGREEMENT_NOTICE_DAYS = 15


@dataclass(frozen=True, slots=True)
class AgreementLetter:
    """The agreement letter queued for a recorded plan."""

    action_id: int
    channel: Channel


def plan_request(on: date) -> Callable[[PlanUnitOfWork, Case, PlanState], Reaction]:
    """A debtor who asks for a payment plan is « in difficulty » (the scenario is chosen again:
    it proposes a plan, never the « simple oubli » reminder), unless a person or the run already
    judged otherwise (disputing, bad faith, unreachable): that attitude stays."""

    def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
        if case.attitude in (Attitude.UNKNOWN, Attitude.FORGETFUL):
            case.set_attitude(Attitude.IN_DIFFICULTY, on, "demande d'échéancier")
        return Reaction(state, PendingFate.KEEP, "demande d'échéancier", reselect=True)

    return change


def record_plan(
    events: CaseEvents,
    case_key: str,
    on: date,
    schedule: Callable[[Decimal], tuple[Instalment, ...]],
) -> tuple[EventOutcome, AgreementLetter | None]:
    """Record the plan ``schedule`` gives for the principal owed and queue its agreement
    letter, in one unit of work (``events``' own, or the one it was lent)."""
    with events.uow_factory() as uow:
        agreed: list[tuple[Instalment, ...]] = []

        def kept(owed: Decimal) -> tuple[Instalment, ...]:
            agreed.append(schedule(owed))
            return agreed[0]

        outcome = events.within(uow).plan_with(case_key, on, kept)
        stamp = format_timestamp(events.clock.now())
        letter = queue_agreement(uow, outcome.case_id, agreed[0], on, stamp)
        uow.commit()
    return outcome, letter


def plan_agreed(
    on: date, schedule: Callable[[Decimal], tuple[Instalment, ...]]
) -> Callable[[PlanUnitOfWork, Case], PaymentPlanAgreed]:
    """The event of a plan whose instalments ``schedule`` gives for the principal the open
    invoices still owe (a closed case takes no plan)."""

    def event(uow: PlanUnitOfWork, case: Case) -> PaymentPlanAgreed:
        assert case.id is not None
        if not case.is_open:
            raise CaseEventError(f"dossier {case.reference} déjà clos")
        open_invoices = uow.invoices.for_case(case.id, open_only=True)
        owed = sum((i.outstanding for i in open_invoices), ZERO)
        return PaymentPlanAgreed(case.id, on, schedule(owed))

    return event


def debtor_schedule(
    instalments: Sequence[Instalment], on: date
) -> Callable[[Decimal], tuple[Instalment, ...]]:
    """The debtor's own schedule, checked against the principal owed (``agreed_schedule``)."""
    return lambda owed: agreed_schedule(instalments, owed, on)


def agreed_schedule(
    instalments: Sequence[Instalment], owed: Decimal, on: date
) -> tuple[Instalment, ...]:
    """The debtor's schedule as given, refused (``InvalidSchedule``, French) unless it settles
    ``owed`` exactly with dates from ``on`` that follow one another."""
    if owed <= 0:
        raise CaseEventError("échéancier : rien à payer dans ce dossier")
    return check_schedule(instalments, owed, on)


def agreement_channel(row: CaseRow) -> Channel | None:
    """E-mail when the debtor has one, else the post; never a refused or failed channel."""
    if row.do_not_contact:
        return None
    lost = {c for c in (row.lost_channels or "").split(",") if c}
    usable = []
    if row.emails.strip() and Channel.EMAIL.value not in lost:
        usable.append(Channel.EMAIL)
    if row.postal_code and Channel.LETTER.value not in lost:
        usable.append(Channel.LETTER)
    if row.only_channel:
        usable = [c for c in usable if c.value == row.only_channel]
    return usable[0] if usable else None


def queue_agreement(
    uow: PlanUnitOfWork, case_id: int, schedule: tuple[Instalment, ...], on: date, stamp: str
) -> AgreementLetter | None:
    """Queue the agreement letter of ``schedule`` for the case (``None`` when the debtor can be
    reached on no channel: the plan stands, the person who recorded it sends the paper)."""
    row = uow.plans.case_rows([case_id])[0]
    channel = agreement_channel(row)
    if channel is None:
        return None
    attempt = 1 + sum(1 for a in uow.actions.for_case(case_id) if a.step_id == AGREEMENT_STEP)
    key = f"case:{case_id}:step:{AGREEMENT_STEP}:attempt:{attempt}"
    snapshot = plan_snapshot(_snapshot(row, uow.plans.open_invoices(case_id, case_id), on),
                             schedule, None)  # fmt: skip
    new = NewAction(
        idempotency_key=key,
        case_id=case_id,
        step_id=AGREEMENT_STEP,
        attempt=attempt,
        kind="payment_plan_proposal",
        channel=channel.value,
        template="payment_plan",
        due_on=on,
        status="queued",
        requires_approval=False,
        extra_delay_days=AGREEMENT_NOTICE_DAYS,
        payload=canonical_json(snapshot),
        not_before=None,
        reason=None,
    )
    action_id, _ = uow.actions.insert([new], stamp)[key]
    _in_flight(uow, case_id, action_id, stamp)
    return AgreementLetter(action_id, channel)


def _in_flight(uow: PlanUnitOfWork, case_id: int, action_id: int, stamp: str) -> None:
    """The agreement is the case's action in flight, so that the run's summary of the steps
    done (``services.daily_run.run``: the step finished once sent) is the one the reference
    path recomputes from the actions. The plan row was just written whole by the event
    (``CaseEvents``), and the event withdrew whatever waited."""
    row = uow.plans.case_rows([case_id])[0]
    stored = PlanRow(**{name: getattr(row, name) for name in PlanRow._fields})
    uow.plans.upsert([stored._replace(in_flight_action_id=action_id)], stamp)


def _snapshot(row: CaseRow, lines: Sequence[InvoiceLine], on: date) -> dict[str, Any]:
    """The recipient and invoices in the keys the sender reads (``services.outbox.documents``),
    as ``services.daily_run.actions.action_snapshot`` writes them."""
    emails = [x for x in row.emails.split("\n") if x]
    phones = [x for x in row.phones.split("\n") if x]
    return {
        "case_reference": row.reference,
        "creditor": {"id": row.creditor_id, "name": row.creditor_name},
        "recipient": {
            "id": row.debtor_id,
            "kind": row.debtor_kind,
            "name": row.debtor_name,
            "address_lines": [x for x in row.address_lines.split("\n") if x],
            "postal_code": row.postal_code,
            "city": row.city,
            "country": row.country,
            "email": emails[0] if emails else None,
            "phone": phones[0] if phones else None,
            "emails": emails,
            "phones": phones,
        },
        "invoices": [
            {
                "number": line.number,
                "issue_date": line.issue_date.isoformat(),
                "due_date": line.due_date.isoformat(),
                "amount": euros(line.amount_cents),
                "paid": euros(line.paid_cents),
            }
            for line in lines
        ],
        "grace_days": AGREEMENT_NOTICE_DAYS,
        "step_id": AGREEMENT_STEP,
        "answers_debtor": True,  # asked for by the debtor: no cap applies (send_window)
        "kind": "payment_plan_proposal",
        "planned_on": on.isoformat(),
    }


class PlanRulesSettings:
    """A creditor's payment-plan rules, read and set by SIREN (``recouvre creditor
    plan-rules``)."""

    def __init__(self, uow_factory: PlanUnitOfWorkFactory) -> None:
        self.uow_factory = uow_factory

    def get(self, siren: str) -> PlanRules:
        with self.uow_factory() as uow:
            return uow.plan_rules.for_creditors([self._creditor(uow, siren)]).popitem()[1]

    def set(self, siren: str, rules: PlanRules) -> PlanRules:
        with self.uow_factory() as uow:
            uow.plan_rules.set(self._creditor(uow, siren), rules)
            uow.commit()
        return rules

    @staticmethod
    def _creditor(uow: PlanUnitOfWork, siren: str) -> int:
        creditor = uow.creditors.by_siren(siren.replace(" ", ""))
        if creditor is None or creditor.id is None:
            raise CaseEventError(f"créancier de SIREN « {siren} » introuvable")
        return creditor.id
