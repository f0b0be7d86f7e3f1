"""The path of a debtor in difficulty, as the debtor receives it: the proposal the daily run
sends (its schedule within the creditor's rules), the schedule the debtor proposes on the phone
or that a person records, the agreement letter for that case and that schedule, and no
« simple oubli » reminder the next day. Real database, real sender, real PDFs parsed back,
a real SMTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from email import message_from_bytes, policy
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, case_plans, cases
from recouvre.bootstrap import (
    App,
    build,
    call_store,
    case_events,
    outbox_sender,
    plan_rules_settings,
    run_day,
)
from recouvre.domain.cases import Attitude
from recouvre.domain.creditor_reference import payment_reference
from recouvre.domain.events.collection import Instalment
from recouvre.law.payment_plan import InvalidSchedule, PlanRules
from recouvre.letters.formatting import normalise_spaces
from recouvre.services.outbox.calls import CallError, CallOutcome, record_outcome
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, Inbox, Seeded, add_action, seed_case

NEXT_DAY = date(2026, 11, 24)
OWED = "1 434,56"  # 1 234,56 + 250,00 - 50,00 paid
SCHEDULE = (
    Instalment(date(2026, 12, 15), Decimal("434.56")),
    Instalment(date(2027, 1, 15), Decimal("500.00")),
    Instalment(date(2027, 2, 15), Decimal("500.00")),
)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app(db_url: str, tmp_path: Path, clock: FixedClock) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=clock, actor="test")
    yield application
    application.dispose()


def _text(pdf: bytes) -> str:
    with pdfplumber.open(BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    return " ".join(normalise_spaces(text).split())


def letter_text(app: App, action_id: int) -> str:
    """The text of the letter the sender filed in the tray for ``action_id``."""
    with app.engine.connect() as connection:
        row = connection.execute(
            sa.select(actions.c.status, actions.c.provider_ref, actions.c.reason).where(
                actions.c.id == action_id
            )
        ).one()
    assert row.status == "sent", row.reason
    _, day, name = row.provider_ref.split(":")
    return _text((Path(app.settings.data_dir) / "courrier" / day / f"{name}.pdf").read_bytes())


def attachment_text(message: bytes) -> str:
    parsed = message_from_bytes(message)
    pdfs = [p for p in parsed.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    payload = pdfs[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return _text(payload)


def case_actions(app: App, case_id: int) -> list[sa.Row[tuple[object, ...]]]:
    with app.engine.connect() as connection:
        return list(
            connection.execute(
                sa.select(actions.c.id, actions.c.step_id, actions.c.status, actions.c.channel)
                .where(actions.c.case_id == case_id)
                .order_by(actions.c.id)
            )
        )


def case_plan(app: App, case_id: int) -> tuple[str, str, str]:
    with app.engine.connect() as connection:
        row = connection.execute(
            sa.select(cases.c.attitude, cases.c.scenario_id, case_plans.c.status)
            .select_from(cases.join(case_plans, case_plans.c.case_id == cases.c.id))
            .where(cases.c.id == case_id)
        ).one()
    return row.attitude, row.scenario_id, row.status


def at(clock: FixedClock, day: date) -> None:
    clock.moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def assert_schedule(text: str, schedule: tuple[tuple[str, str], ...], total: str) -> None:
    for n, (due, amount) in enumerate(schedule, start=1):
        assert f"{n} {due} {amount} €" in text, (due, amount, text)
    assert f"Total réclamé {total} €" in text, text


def test_the_proposal_step_sends_a_schedule_within_the_creditors_rules(app: App) -> None:
    seeded = seed_case(app, email="")
    plan_rules_settings(app).set("732829320", PlanRules(Decimal("200.00"), 6))
    case_events(app).attitude(str(seeded.case_id), Attitude.IN_DIFFICULTY, DAY, "au téléphone")
    run_day(app, DAY)
    report = outbox_sender(app).send(DAY)
    assert report.failures == [] and report.sent == 1
    [proposal] = case_actions(app, seeded.case_id)
    assert proposal.step_id == "proposition_echeancier_courrier"
    text = letter_text(app, proposal.id)
    assert "ACCORD D'ÉCHÉANCIER" in text and "Boulangerie Schmitt" in text
    assert f"reconnaît devoir la somme de {OWED} €" in text
    # 1 434,56 € / 200,00 € minimum -> 7, at most 6 months: six instalments from the reply
    # date (23/11 + 15 days), the last one absorbing the remainder
    months = ("08/12/2026", "08/01/2027", "08/02/2027", "08/03/2027", "08/04/2027", "08/05/2027")
    amounts = ("239,09",) * 5 + ("239,11",)
    assert_schedule(text, tuple(zip(months, amounts, strict=True)), OWED)


def test_a_schedule_recorded_pauses_the_plan_and_sends_its_agreement_letter(
    app: App, clock: FixedClock
) -> None:
    seeded = seed_case(app, email="")
    outcome, letter = case_events(app).agreed_plan(seeded.reference, DAY, SCHEDULE)
    assert letter is not None and letter.channel.value == "letter"
    assert outcome.plan_status == "payment_plan"
    assert case_plan(app, seeded.case_id)[::2] == ("in_difficulty", "payment_plan")
    assert outbox_sender(app).send(DAY).sent == 1
    text = letter_text(app, letter.action_id)
    assert "ACCORD D'ÉCHÉANCIER" in text and payment_reference(seeded.reference) in text
    assert "Boulangerie Schmitt" in text and "F-1-1" in text and "F-1-2" in text
    assert "retournez-nous un exemplaire daté et signé ; la première échéance est due le " \
        "15 décembre 2026" in text
    assert_schedule(
        text, (("15/12/2026", "434,56"), ("15/01/2027", "500,00"), ("15/02/2027", "500,00")), OWED
    )
    at(clock, NEXT_DAY)
    run_day(app, NEXT_DAY)
    assert [a.step_id for a in case_actions(app, seeded.case_id)] == ["accord_echeancier"]
    with app.engine.connect() as connection:
        summary = connection.execute(
            sa.select(case_plans.c.in_flight_action_id, case_plans.c.last_done_on).where(
                case_plans.c.case_id == seeded.case_id
            )
        ).one()
    assert tuple(summary) == (None, DAY)  # the run finished the agreement as a step sent
    assert app.verify_journal().ok


def test_an_event_payment_plan_of_equal_instalments_sends_its_agreement_too(app: App) -> None:
    seeded = seed_case(app, email="")
    case_events(app).payment_plan(seeded.reference, DAY, 3, date(2026, 12, 10), None, True)
    [agreement] = case_actions(app, seeded.case_id)
    assert agreement.step_id == "accord_echeancier"
    assert outbox_sender(app).send(DAY).sent == 1
    assert_schedule(
        letter_text(app, agreement.id),
        (("10/12/2026", "478,18"), ("10/01/2027", "478,18"), ("10/02/2027", "478,20")),
        OWED,
    )


def test_a_schedule_that_does_not_settle_the_case_is_refused_and_changes_nothing(
    app: App,
) -> None:
    seeded = seed_case(app, email="")
    short = (Instalment(date(2026, 12, 15), Decimal("1000.00")),)
    with pytest.raises(InvalidSchedule, match="totalisent 1 000,00 €, le montant dû est 1 434,56"):
        case_events(app).agreed_plan(seeded.reference, DAY, short)
    assert case_actions(app, seeded.case_id) == []


def _call(app: App, seeded: Seeded) -> int:
    return add_action(app.engine, seeded, "phone")


def test_a_call_with_the_debtors_schedule_records_the_plan_and_mails_the_agreement(
    app: App, clock: FixedClock, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    run_day(app, DAY)  # the standard scenario plans its first step
    call = _call(app, seeded)
    record_outcome(call_store(app), case_events(app), call, CallOutcome.PAYMENT_PLAN, DAY,
                   instalments=SCHEDULE)  # fmt: skip
    assert case_plan(app, seeded.case_id)[::2] == ("in_difficulty", "payment_plan")
    assert outbox_sender(app).send(DAY).sent == 1
    [message] = smtp.messages
    subject = str(message_from_bytes(message, policy=policy.default)["Subject"])
    assert subject == f"Accord d'échéancier — dossier {seeded.reference}"
    assert "Boulangerie Schmitt" in attachment_text(message)
    assert_schedule(
        attachment_text(message),
        (("15/12/2026", "434,56"), ("15/01/2027", "500,00"), ("15/02/2027", "500,00")),
        OWED,
    )
    at(clock, NEXT_DAY)
    run_day(app, NEXT_DAY)
    assert outbox_sender(app).send(NEXT_DAY).sent == 0
    assert len(smtp.messages) == 1  # no reminder while the plan runs


def test_a_call_with_a_schedule_that_does_not_add_up_changes_nothing(app: App) -> None:
    seeded = seed_case(app)
    call = _call(app, seeded)
    with pytest.raises(InvalidSchedule, match="totalisent 1 000,00 €"):
        record_outcome(call_store(app), case_events(app), call, CallOutcome.PAYMENT_PLAN, DAY,
                       instalments=SCHEDULE[1:])  # fmt: skip
    with pytest.raises(CallError, match="vont avec l'issue payment-plan"):
        record_outcome(call_store(app), case_events(app), call, CallOutcome.REACHED, DAY,
                       instalments=SCHEDULE)  # fmt: skip
    assert [(a.id, a.status) for a in case_actions(app, seeded.case_id)] == [(call, "queued")]


def test_a_call_asking_for_a_plan_brings_a_proposal_not_a_simple_oubli_reminder(
    app: App, clock: FixedClock, smtp: Inbox
) -> None:
    seeded = seed_case(app)
    run_day(app, DAY)  # the standard scenario queues its courtesy e-mail (« simple oubli »)
    [courtesy] = case_actions(app, seeded.case_id)
    assert courtesy.status == "queued"
    call = _call(app, seeded)
    record_outcome(call_store(app), case_events(app), call, CallOutcome.PAYMENT_PLAN, DAY)
    assert case_plan(app, seeded.case_id)[:2] == ("in_difficulty", "debiteur_en_difficulte")
    at(clock, NEXT_DAY)
    run_day(app, NEXT_DAY)
    assert outbox_sender(app).send(NEXT_DAY).sent == 0
    assert smtp.messages == []  # the courtesy e-mail was taken back with the scenario
    later = date(2026, 11, 25)  # the proposal: two working days after the change of scenario
    at(clock, later)
    run_day(app, later)
    assert outbox_sender(app).send(later).sent == 1
    [message] = smtp.messages
    parsed = message_from_bytes(message, policy=policy.default)
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None and "simple oubli" not in body.get_content()
    text = attachment_text(message)
    assert "simple oubli" not in text and "ACCORD D'ÉCHÉANCIER" in text
    assert f"Total réclamé {OWED} €" in text
    assert "1 10/12/2026 119,54 €" in text  # 12 months (shipped rules), from 25/11 + 15 days
    assert "12 10/11/2027 119,62 €" in text


def test_kept_instalments_keep_the_plan_paused_and_a_missed_one_resumes_collection(
    app: App, clock: FixedClock
) -> None:
    seeded = seed_case(app, email="")
    case_events(app).agreed_plan(seeded.reference, DAY, SCHEDULE)
    assert outbox_sender(app).send(DAY).sent == 1  # the agreement
    case_events(app).payment(seeded.reference, Decimal("434.56"), date(2026, 12, 14))
    for day in (date(2026, 12, 21), date(2027, 1, 20)):  # the second is due 15/01, + 5 days
        at(clock, day)
        run_day(app, day)
        assert case_plan(app, seeded.case_id)[2] == "payment_plan"
    assert [a.step_id for a in case_actions(app, seeded.case_id)] == ["accord_echeancier"]
    at(clock, date(2027, 1, 21))
    run_day(app, date(2027, 1, 21))
    assert case_plan(app, seeded.case_id) == ("in_difficulty", "debiteur_en_difficulte", "active")
    with app.engine.connect() as connection:
        missed = connection.execute(
            sa.text("SELECT payload FROM events WHERE case_id = :c AND kind = 'instalment_missed'"),
            {"c": seeded.case_id},
        ).scalar_one()
    assert '"2027-01-15"' in missed


def test_asking_for_a_plan_does_not_erase_an_attitude_a_person_set(app: App) -> None:
    seeded = seed_case(app)
    case_events(app).attitude(seeded.reference, Attitude.BAD_FAITH, DAY, "promesses non tenues")
    call = _call(app, seeded)
    record_outcome(call_store(app), case_events(app), call, CallOutcome.PAYMENT_PLAN, DAY)
    assert case_plan(app, seeded.case_id)[:2] == ("bad_faith", "mauvaise_foi")
