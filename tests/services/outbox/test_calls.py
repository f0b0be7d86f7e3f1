"""Phone calls: the agent's queue, the script with the case, and outcomes that become events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import call_outcomes, debtors, events
from recouvre.bootstrap import App, build, case_events, fixed_indemnity
from recouvre.letters.document import block_text
from recouvre.services.outbox.calls import (
    CallError,
    CallOutcome,
    Calls,
    call_sheet,
    list_tasks,
    record_outcome,
)
from recouvre.settings import Settings
from support.outbox_seed import (
    DAY,
    FixedClock,
    add_action,
    seed_case,
    statuses,
    units_of_work,
)


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="agent")
    yield application
    application.dispose()


def store(app: App) -> Calls:
    return Calls(units_of_work(app.engine, "cli:agent"))


def last_event(app: App, case_id: int, kind: str) -> dict[str, object]:
    with app.engine.connect() as connection:
        payload = connection.execute(
            sa.select(events.c.payload)
            .where(events.c.case_id == case_id, events.c.kind == kind)
            .order_by(events.c.id.desc())
        ).first()
    assert payload is not None, f"aucun événement « {kind} »"
    return json.loads(payload[0])  # type: ignore[no-any-return]


def test_the_queue_lists_due_calls_with_their_script(app: App) -> None:
    seeded = seed_case(app)
    call = add_action(app.engine, seeded, "phone")
    later = add_action(app.engine, seeded, "phone", step="later", due_on=date(2026, 12, 1))
    add_action(app.engine, seeded, "email")
    assert [a.id for a in list_tasks(store(app), DAY)] == [call]
    assert [a.id for a in list_tasks(store(app), None)] == [call, later]
    sheet = call_sheet(store(app), call, DAY, fixed_indemnity(app))
    text = "\n".join(block_text(b) for b in sheet.script.blocks)
    assert sheet.phone == "+33612345678"
    assert f"Script d'appel — dossier {seeded.reference}" in text
    assert f"F-{seeded.case_id}-1" in text and "1 514,56" in text.replace("\u202f", " ")
    with pytest.raises(CallError, match="aucune tâche d'appel n° 3"):
        call_sheet(store(app), 3, DAY, fixed_indemnity(app))  # the email is not a call


def test_a_promise_becomes_the_case_event_and_settles_the_task(app: App) -> None:
    seeded = seed_case(app)
    call = add_action(app.engine, seeded, "phone")
    with pytest.raises(CallError, match="montant"):
        record_outcome(
            store(app),
            case_events(app),
            call,
            CallOutcome.PROMISE,
            DAY,
            promised_by=date(2026, 12, 5),
        )
    with pytest.raises(CallError, match="déjà passée"):
        record_outcome(
            store(app), case_events(app), call, CallOutcome.PROMISE, DAY,
            amount=Decimal("500"), promised_by=date(2026, 11, 1),
        )  # fmt: skip
    assert statuses(app.engine)[call] == "queued"  # refused outcomes change nothing
    record_outcome(
        store(app), case_events(app), call, CallOutcome.PROMISE, DAY,
        amount=Decimal("500.00"), promised_by=date(2026, 12, 5),
    )  # fmt: skip
    assert statuses(app.engine)[call] == "sent"
    assert last_event(app, seeded.case_id, "promise_made") == {
        "promised_on": "2026-12-05", "amount": "500.00",
    }  # fmt: skip
    with app.engine.connect() as connection:
        row = connection.execute(sa.select(call_outcomes)).one()
    assert (row.outcome, row.promised_cents, row.promised_by) == (
        "promise", 50000, date(2026, 12, 5),
    )  # fmt: skip
    with pytest.raises(CallError, match="déjà traitée"):
        record_outcome(store(app), case_events(app), call, CallOutcome.REACHED, DAY)
    assert app.verify_journal().ok


def test_a_wrong_number_drops_the_phone_and_fails_the_task(app: App) -> None:
    seeded = seed_case(app)
    call = add_action(app.engine, seeded, "phone")
    record_outcome(store(app), case_events(app), call, CallOutcome.WRONG_NUMBER, DAY)
    assert statuses(app.engine)[call] == "failed"
    assert last_event(app, seeded.case_id, "contact_failed") == {
        "channel": "phone", "failure": "wrong_number",
    }  # fmt: skip
    with app.engine.connect() as connection:
        phones = connection.execute(
            sa.select(debtors.c.phones).where(debtors.c.id == seeded.debtor_id)
        ).scalar_one()
    assert phones == ""


@pytest.mark.parametrize(
    ("outcome", "status", "kind", "reason"),
    [
        (CallOutcome.DISPUTE, "sent", "dispute_opened", "livraison incomplète"),
        (CallOutcome.NO_ANSWER, "failed", "call_no_answer", None),
        (CallOutcome.REACHED, "sent", "call_reached", None),
        (CallOutcome.PAYMENT_PLAN, "sent", "payment_plan_requested", None),
    ],
)
def test_each_outcome_has_its_event(
    app: App, outcome: CallOutcome, status: str, kind: str, reason: str | None
) -> None:
    seeded = seed_case(app)
    call = add_action(app.engine, seeded, "phone")
    record_outcome(store(app), case_events(app), call, outcome, DAY, reason=reason)
    assert statuses(app.engine)[call] == status
    payload = last_event(app, seeded.case_id, kind)
    if outcome is CallOutcome.DISPUTE:
        assert payload == {"reason": "livraison incomplète"}
    outcome_entry = last_event(app, seeded.case_id, "call_outcome")
    assert outcome_entry["outcome"] == outcome.value and outcome_entry["status"] == status


def test_a_dispute_needs_its_reason(app: App) -> None:
    seeded = seed_case(app)
    call = add_action(app.engine, seeded, "phone")
    with pytest.raises(CallError, match="motif"):
        record_outcome(store(app), case_events(app), call, CallOutcome.DISPUTE, DAY, reason="  ")


class CrashingCaseEvents:
    """The plan's reaction dies after the outcome is stored, before ``PromiseMade`` is."""

    def within(self, uow: object) -> CrashingCaseEvents:
        return self

    def promise(self, case_key: str, amount: Decimal, by: date, on: date) -> object:
        raise RuntimeError("coupure entre l'appel et la réaction du plan")


def test_a_promise_and_its_call_outcome_commit_together(app: App) -> None:
    seeded = seed_case(app)
    call = add_action(app.engine, seeded, "phone")
    with pytest.raises(RuntimeError, match="coupure"):
        record_outcome(
            store(app), CrashingCaseEvents(), call, CallOutcome.PROMISE, DAY,  # type: ignore[arg-type]
            amount=Decimal("500.00"), promised_by=date(2026, 12, 5),
        )  # fmt: skip
    assert statuses(app.engine)[call] == "queued"
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(call_outcomes)).all() == []
        kinds = list(connection.execute(sa.select(events.c.kind)).scalars())
    assert "call_outcome" not in kinds
    record_outcome(
        store(app), case_events(app), call, CallOutcome.PROMISE, DAY,
        amount=Decimal("500.00"), promised_by=date(2026, 12, 5),
    )  # fmt: skip
    assert statuses(app.engine)[call] == "sent"
    assert last_event(app, seeded.case_id, "promise_made")["amount"] == "500.00"
