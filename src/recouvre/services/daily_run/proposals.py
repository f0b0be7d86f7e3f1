"""The schedule a payment-plan proposal offers, written into the action's snapshot.

A ``payment_plan_proposal`` step sends the payment-plan agreement for the debtor to sign
(C. civ. 1343-5: the creditor's grace; the signed plan acknowledges the debt, C. civ. 2240).
Its schedule is computed here once, when the daily run plans the step, from the case as the
snapshot holds it and the creditor's rules (``law.payment_plan.propose``): what a person
approves in review is what goes out.

What a plan covers: the principal outstanding of the invoices the snapshot claims (time-barred
ones left out), the balance the case tracks and that payments reduce, so that the case is paid
when the last instalment is; the first instalment falls on the step's reply date (``pay_by``),
the next ones monthly. The snapshot gains ``instalments`` (due dates, two-decimal amounts),
``totals`` (that principal, so the letter's total is the schedule's) and ``plan_rules``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from recouvre.domain.events.collection import Instalment
from recouvre.domain.journal import canonical_json
from recouvre.domain.money import ZERO
from recouvre.law.payment_plan import PlanRules, propose
from recouvre.scenarios.model import StepKind
from recouvre.scenarios.planner import PlannedAction
from recouvre.services.daily_run.planning import CasePlan
from recouvre.services.daily_run.ports import PlanRulesStore


def plan_rules_for(store: PlanRulesStore, plans: Sequence[CasePlan]) -> dict[int, PlanRules]:
    """The rules of the creditors whose cases get a proposal in ``plans`` (one read, and none
    when no case of the page gets one)."""
    creditors = [
        p.row.creditor_id
        for p in plans
        if p.action is not None and p.action.kind is StepKind.PAYMENT_PLAN_PROPOSAL
    ]
    return store.for_creditors(creditors) if creditors else {}


def with_proposal(action: PlannedAction, payload: str, rules: PlanRules | None) -> str:
    """``payload`` with the proposed schedule when ``action`` proposes a payment plan (and
    something is owed), unchanged otherwise."""
    if action.kind is not StepKind.PAYMENT_PLAN_PROPOSAL:
        return payload
    rules = rules or PlanRules()
    snapshot: dict[str, Any] = json.loads(payload)
    total = claimed_principal(snapshot)
    if total <= 0:
        return payload
    return canonical_json(plan_snapshot(snapshot, propose(total, action.pay_by, rules), rules))


def claimed_principal(snapshot: Mapping[str, Any]) -> Decimal:
    """The principal outstanding of the snapshot's invoices, time-barred ones left out."""
    barred = set(snapshot.get("time_barred_invoices") or ())
    return sum(
        (
            Decimal(str(i["amount"])) - Decimal(str(i.get("paid", "0")))
            for i in snapshot.get("invoices", ())
            if i["number"] not in barred
        ),
        ZERO,
    )


def plan_snapshot(
    snapshot: Mapping[str, Any], schedule: tuple[Instalment, ...], rules: PlanRules | None
) -> dict[str, Any]:
    """The snapshot with ``schedule`` and the totals it settles (the keys the sender reads,
    ``services.outbox.documents``)."""
    total = sum((i.amount for i in schedule), ZERO)
    out = dict(snapshot)
    out["document"] = "payment_plan"
    out["instalments"] = [
        {"due_on": i.due_on.isoformat(), "amount": f"{i.amount:.2f}"} for i in schedule
    ]
    out["totals"] = {
        "principal": f"{total:.2f}",
        "interest": "0.00",
        "indemnities": "0.00",
        "other_accessories": "0.00",
    }
    if rules is not None:
        out["plan_rules"] = {
            "min_instalment": f"{rules.min_instalment:.2f}",
            "max_months": rules.max_months,
        }
    return out
