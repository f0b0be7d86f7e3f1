"""The daily run's hand-assembled action payload is the canonical JSON of its snapshot.

``action_payload`` is the hot path (one per new action); ``canonical_json(action_snapshot(...))``
is the definition, and ``_expected`` below writes the snapshot out with ``json.dumps`` key by
key, as the outbox rows already stored hold it. Hypothesis draws rows with awkward text
(quotes, backslashes, line separators, accents, control characters) and amounts: all three
give the same text to the byte.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.domain.journal import canonical_json
from recouvre.scenarios.model import KIND_LABELS, StepKind
from recouvre.services.daily_run.actions import action_payload, action_snapshot, euros
from recouvre.services.daily_run.ports import InvoiceLine

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
lines_text = st.lists(text.filter(lambda s: "\n" not in s), max_size=3).map("\n".join)
day = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def plans(draw: st.DrawFn) -> tuple[Any, list[InvoiceLine]]:
    row = SimpleNamespace(
        reference=draw(text),
        creditor_id=draw(st.integers(1, 10**9)),
        creditor_name=draw(text),
        debtor_id=draw(st.integers(1, 10**9)),
        debtor_kind=draw(st.sampled_from(["company", "consumer"])),
        debtor_name=draw(text),
        address_lines=draw(lines_text),
        postal_code=draw(text),
        city=draw(text),
        country=draw(text),
        emails=draw(lines_text),
        phones=draw(lines_text),
    )
    planned_on = draw(day)
    action = SimpleNamespace(
        kind=draw(st.sampled_from(list(StepKind))),
        scenario_id=draw(text),
        step_id=draw(text),
        planned_on=planned_on,
        due_on=planned_on - timedelta(days=draw(st.integers(0, 60))),
        pay_by=planned_on + timedelta(days=draw(st.integers(0, 30))),
    )
    invoices = [
        InvoiceLine(
            case_id=1,
            number=draw(text),
            issue_date=draw(day),
            due_date=draw(day),
            amount_cents=(amount := draw(st.integers(1, 10**11))),
            paid_cents=draw(st.integers(0, amount)),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    claims_fees = draw(st.booleans())  # the creditor's courtesy (issue 11, item 6)
    return SimpleNamespace(row=row, action=action, claims_fees=claims_fees), invoices


@settings(max_examples=300)
@given(plans())
def test_hand_built_payload_equals_the_canonical_json(drawn: tuple[Any, list[InvoiceLine]]) -> None:
    plan, invoices = drawn
    for barred in ((), [line.number for line in invoices[:1]]):
        text = action_payload(plan, invoices, barred)
        assert text == canonical_json(action_snapshot(plan, invoices, barred))
        assert text == _expected(plan, invoices, barred)


def _expected(plan: Any, lines: Sequence[InvoiceLine], time_barred: Sequence[str] = ()) -> str:
    row, action = plan.row, plan.action
    emails = [x for x in row.emails.split("\n") if x]
    phones = [x for x in row.phones.split("\n") if x]
    extra: dict[str, object] = {"time_barred_invoices": list(time_barred)} if time_barred else {}
    if not plan.claims_fees:
        extra["fees_claimed"] = False
    return json.dumps(
        {
            **extra,
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
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
