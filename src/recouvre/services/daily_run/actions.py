"""What an action row holds: its channel, its idempotency key and its payload snapshot.

The payload is the canonical JSON snapshot the sender reads (``services.outbox.documents``):
recipient, invoices (amounts as two-decimal strings), grace days, case reference. It is built
here once, when the daily run plans the step: what a person approves in review is what goes
out.
"""

from __future__ import annotations

from collections.abc import Sequence

from recouvre.domain.journal import Json, canonical_json_of
from recouvre.domain.parties import Channel
from recouvre.scenarios.model import KIND_LABELS, StepKind
from recouvre.scenarios.planner import PlannedAction
from recouvre.services.daily_run.planning import CasePlan
from recouvre.services.daily_run.ports import InvoiceLine


def action_channel(action: PlannedAction) -> Channel:
    """The ``actions.channel`` of a planned step (a formal notice goes by registered letter)."""
    if action.channel is None:
        return Channel.INTERNAL
    if action.kind is StepKind.FORMAL_NOTICE:
        return Channel.REGISTERED_LETTER
    return action.channel


def idempotency_key(case_id: int, step_id: str, attempt: int) -> str:
    return f"case:{case_id}:step:{step_id}:attempt:{attempt}"


def euros(cents: int) -> str:
    """Integer cents as a two-decimal string (``123456`` -> ``"1234.56"``), exactly."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def action_payload(
    plan: CasePlan, lines: Sequence[InvoiceLine], time_barred: Sequence[str] = ()
) -> str:
    """The canonical JSON snapshot of what goes out, in the keys the sender reads
    (``services.outbox.documents``): recipient, invoices, grace days, case reference.
    ``time_barred_invoices`` (only when some are) lists the open invoices whose claim is
    time-barred (``services.daily_run.prescription``): a document must not threaten a court
    action for them, which would be a misleading practice (C. conso L121-2).

    No ``totals``: the sender then takes the principal outstanding from the invoices and adds
    what the law adds (the 40 € indemnity between professionals, C. com. L441-10); the balance
    is also given as ``outstanding`` for the reader of the queue."""
    row, action = plan.row, plan.action
    assert action is not None
    emails: list[Json] = [x for x in row.emails.split("\n") if x]
    phones: list[Json] = [x for x in row.phones.split("\n") if x]
    payload: dict[str, Json] = {
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
        "outstanding": euros(sum(x.amount_cents - x.paid_cents for x in lines)),
        "grace_days": (action.pay_by - action.planned_on).days,
        "scenario_id": action.scenario_id,
        "step_id": action.step_id,
        "kind": action.kind.value,
        "label": KIND_LABELS[action.kind],
        "planned_on": action.planned_on.isoformat(),
        "due_on": action.due_on.isoformat(),
        "pay_by": action.pay_by.isoformat(),
    }
    if time_barred:
        payload["time_barred_invoices"] = list(time_barred)
    return canonical_json_of(payload)
