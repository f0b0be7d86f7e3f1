"""What an action row holds: its channel, its idempotency key and its payload snapshot.

The payload is the canonical JSON snapshot the sender reads (``services.outbox.documents``):
recipient, invoices (amounts as two-decimal strings), grace days, case reference. It is built
here once, when the daily run plans the step: what a person approves in review is what goes
out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from recouvre.domain.journal import Json
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


def action_snapshot(
    plan: CasePlan, lines: Sequence[InvoiceLine], time_barred: Sequence[str] = ()
) -> dict[str, Json]:
    """The snapshot of what goes out (its canonical JSON is the action's payload), in the keys
    the sender reads (``services.outbox.documents``): recipient, invoices, grace days, case
    reference. ``time_barred_invoices`` (only when some are) lists the open invoices whose
    claim is time-barred (``services.daily_run.prescription``): a document must not threaten a
    court action for them, which would be a misleading practice (C. conso L121-2).

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
    if not plan.claims_fees:  # the creditor's courtesy: the principal only (``scenarios.fees``)
        payload["fees_claimed"] = False
    return payload


_q = json.encoder.encode_basestring  # json.dumps of one str, ensure_ascii=False (C when built)


def _text(value: str | None) -> str:
    return "null" if value is None else _q(value)


def _texts(values: Sequence[str]) -> str:
    return "[" + ",".join(map(_q, values)) + "]"


def action_payload(
    plan: CasePlan, lines: Sequence[InvoiceLine], time_barred: Sequence[str] = ()
) -> str:
    """``canonical_json(action_snapshot(...))`` assembled by hand, keys in sorted order (the
    hot path of the daily run: one per new action, a third of the encoder's cost); the same
    text, which a hypothesis property in ``tests/services/daily_run/test_action_payload.py``
    compares on random rows. Strings go through ``json``'s own escaping, numbers are ints."""
    row, action = plan.row, plan.action
    assert action is not None
    emails = [x for x in row.emails.split("\n") if x]
    phones = [x for x in row.phones.split("\n") if x]
    invoices = ",".join(
        '{"amount":"'
        + euros(line.amount_cents)
        + '","due_date":"'
        + line.due_date.isoformat()
        + '","issue_date":"'
        + line.issue_date.isoformat()
        + '","number":'
        + _q(line.number)
        + ',"paid":"'
        + euros(line.paid_cents)
        + '"}'
        for line in lines
    )
    outstanding = euros(sum(x.amount_cents - x.paid_cents for x in lines))
    return (
        '{"case_reference":'
        + _text(row.reference)
        + ',"creditor":{"id":'
        + int.__repr__(row.creditor_id)
        + ',"name":'
        + _text(row.creditor_name)
        + '},"due_on":"'
        + action.due_on.isoformat()
        + ('","fees_claimed":false,"grace_days":' if not plan.claims_fees else '","grace_days":')
        + int.__repr__((action.pay_by - action.planned_on).days)
        + ',"invoices":['
        + invoices
        + '],"kind":'
        + _q(action.kind.value)
        + ',"label":'
        + _q(KIND_LABELS[action.kind])
        + ',"outstanding":"'
        + outstanding
        + '","pay_by":"'
        + action.pay_by.isoformat()
        + '","planned_on":"'
        + action.planned_on.isoformat()
        + '","recipient":{"address_lines":'
        + _texts([x for x in row.address_lines.split("\n") if x])
        + ',"city":'
        + _text(row.city)
        + ',"country":'
        + _text(row.country)
        + ',"email":'
        + (_q(emails[0]) if emails else "null")
        + ',"emails":'
        + _texts(emails)
        + ',"id":'
        + int.__repr__(row.debtor_id)
        + ',"kind":'
        + _text(row.debtor_kind)
        + ',"name":'
        + _text(row.debtor_name)
        + ',"phone":'
        + (_q(phones[0]) if phones else "null")
        + ',"phones":'
        + _texts(phones)
        + ',"postal_code":'
        + _text(row.postal_code)
        + '},"scenario_id":'
        + _q(action.scenario_id)
        + ',"step_id":'
        + _q(action.step_id)
        + (',"time_barred_invoices":' + _texts(time_barred) if time_barred else "")
        + "}"
    )
