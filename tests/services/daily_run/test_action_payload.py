"""The daily run's hand-assembled payload JSON is exactly the canonical ``json.dumps`` form.

``action_payload`` is the hot path (one per new action); ``action_payload_reference`` is the clear
version. Hypothesis draws rows with awkward text (quotes, backslashes, line separators, accents,
control characters) and amounts, and both must give the same text to the byte.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from recouvre.scenarios.model import StepKind
from recouvre.services.daily_run.actions import action_payload, action_payload_reference
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
    return SimpleNamespace(row=row, action=action), invoices


@settings(max_examples=300)
@given(plans())
def test_hand_built_payload_equals_the_canonical_json(drawn: tuple[Any, list[InvoiceLine]]) -> None:
    plan, invoices = drawn
    assert action_payload(plan, invoices) == action_payload_reference(plan, invoices)
