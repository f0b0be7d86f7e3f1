"""Prescription in the daily run, on a real database (SQLite and PostgreSQL): a time-barred
case gets no contact and a closure proposal in the review queue; evidence (a promise, a
payment) keeps a claim alive; a partly time-barred case says which invoices in the payload.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import (
    enforceable_titles,
    payments,
    procedure_events,
    procedures,
)
from recouvre.bootstrap import run_settings
from recouvre.domain.parties import DebtorKind
from recouvre.law.routes.rules import Route
from recouvre.services.daily_run.prescription import CLOSURE_STEP, procedure_event
from recouvre.services.daily_run.run import RunSettings
from recouvre.services.judicial.records import ProcedureEventKind
from support.daily_run_world import World

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> World:
    w = World(db_url, tmp_path)
    yield w  # type: ignore[misc]
    w.close()


def settings(world: World) -> RunSettings:
    return run_settings(world.app)


def unscreened(world: World) -> RunSettings:
    """The run without legal tables: no prescription screening."""
    return replace(run_settings(world.app), law=None)


def test_a_time_barred_consumer_case_is_refused_and_its_closure_proposed(world: World) -> None:
    barred = world.case((date(2023, 6, 1), "240.00"), kind=DebtorKind.CONSUMER)
    alive = world.case((date(2026, 1, 15), "240.00"), kind=DebtorKind.CONSUMER)
    report = world.run(TUESDAY, settings=settings(world))
    assert (report.time_barred, report.closures_proposed) == (1, 1)
    actions = {(a.case_id, a.step_id): a for a in world.actions()}
    refused = actions[(barred, "relance_courtoise")]
    assert refused.status == "cancelled"
    assert "créance prescrite" in (refused.reason or "")
    proposal = actions[(barred, CLOSURE_STEP)]
    assert (proposal.status, proposal.channel, proposal.kind) == (
        "awaiting_approval", "internal", "internal_review"
    )  # fmt: skip
    assert actions[(alive, "relance_courtoise")].status == "queued"
    kinds = world.journal_kinds(barred)
    assert kinds[-3:] == ["action_planned", "contact_refused", "closure_proposed"]
    [proposed] = world.journal_payloads(barred, "closure_proposed")
    assert proposed["closure"] == "time_barred" and proposed["action_id"] == proposal.id
    assert proposed["time_barred_invoices"] == ["F1-1"]
    state = world.case_state(barred)
    assert state.in_flight_action_id == proposal.id and state.next_action_on is None
    # Idempotent: the same day again issues nothing, proposes nothing.
    again = world.run(TUESDAY, settings=settings(world))
    assert (again.actions, again.closures_proposed) == (0, 0)
    assert len(world.actions(barred)) == 2
    # A person confirms in the review queue; the next run closes the case.
    pending = [i.id for i in world.review().pending()]
    assert proposal.id in pending
    world.review().approve(proposal.id, TUESDAY)
    closing = world.run(TUESDAY + timedelta(days=1), settings=settings(world))
    assert closing.closures_confirmed == 1
    state = world.case_state(barred)
    assert (state.phase, state.closure) == ("closed", "time_barred")
    assert world.actions(barred)[-1].status == "sent"
    assert "case_closed" in world.journal_kinds(barred)


def test_without_legal_tables_nothing_is_screened(world: World) -> None:
    barred = world.case((date(2023, 6, 1), "240.00"), kind=DebtorKind.CONSUMER)
    report = world.run(TUESDAY, settings=unscreened(world))
    assert report.time_barred == 0
    assert [a.status for a in world.actions(barred)] == ["queued"]


def test_a_promise_two_years_ago_keeps_a_b2b_claim_alive(world: World) -> None:
    promised = world.case((date(2021, 1, 15), "5000.00"))
    silent = world.case((date(2021, 1, 15), "5000.00"))
    world.events().promise(str(promised), Decimal("5000.00"), date(2024, 3, 15), date(2024, 3, 1))
    report = world.run(TUESDAY, settings=settings(world))
    assert report.time_barred == 1
    assert CLOSURE_STEP in [a.step_id for a in world.actions(silent)]
    assert CLOSURE_STEP not in [a.step_id for a in world.actions(promised)]
    assert all("prescrite" not in (a.reason or "") for a in world.actions(promised))


def test_a_partial_payment_is_an_acknowledgement(world: World) -> None:
    paid = world.case((date(2023, 6, 1), "240.00"), kind=DebtorKind.CONSUMER)
    with world.app.engine.begin() as connection:
        connection.execute(
            payments.insert().values(case_id=paid, received_on=date(2025, 1, 10), amount_cents=1)
        )
    report = world.run(TUESDAY, settings=settings(world))
    assert report.time_barred == 0
    assert [a.status for a in world.actions(paid)] == ["queued"]


def test_partly_time_barred_invoices_are_named_in_the_payload(world: World) -> None:
    case = world.case(
        (date(2023, 6, 1), "100.00"), (date(2026, 1, 10), "50.00"), kind=DebtorKind.CONSUMER
    )
    report = world.run(TUESDAY, settings=settings(world))
    assert (report.time_barred, report.partly_time_barred, report.closures_proposed) == (0, 1, 0)
    [action] = world.actions(case)
    assert action.status == "queued"
    with world.app.engine.connect() as connection:
        payload = connection.execute(
            sa.text("SELECT payload FROM actions WHERE id = :i"), {"i": action.id}
        ).scalar_one()
    assert json.loads(payload)["time_barred_invoices"] == ["F1-1"]


def test_a_title_keeps_a_claim_alive_for_ten_years(world: World) -> None:
    """CPCE L111-4: a consumer claim (2 years) under a judgment served on 10/01/2024, and a B2B
    claim (5 years) under an injonction de payer declared enforceable on 01/03/2021, are not
    time-barred in March 2026; the same claims without a title are."""
    judged = world.case((date(2023, 6, 1), "240.00"), kind=DebtorKind.CONSUMER)
    ordered = world.case((date(2020, 6, 1), "5000.00"))
    silent_consumer = world.case((date(2023, 6, 1), "240.00"), kind=DebtorKind.CONSUMER)
    silent_company = world.case((date(2020, 6, 1), "5000.00"))
    stamp = "2026-03-01T08:00:00Z"
    with world.app.engine.begin() as connection:
        connection.execute(
            enforceable_titles.insert().values(
                case_id=judged, procedure_id=None, pronounced_on=date(2023, 12, 12),
                amount_cents=24000, served_on=date(2024, 1, 10),
                description="jugement du tribunal judiciaire", recorded_at=stamp,
            )
        )  # fmt: skip
        procedure_id = connection.execute(
            procedures.insert().values(
                case_id=ordered, route="payment_order", court_kind="tribunal_de_commerce",
                court="Tribunal de commerce de Paris", status="open",
                started_on=date(2020, 10, 1), claimed_cents=500000, created_at=stamp,
            ).returning(procedures.c.id)
        ).scalar_one()  # fmt: skip
        for kind, on in (("depose", date(2020, 10, 1)), ("ordonnance-rendue", date(2020, 11, 2)),
                         ("signifie", date(2020, 12, 1)), ("executoire", date(2021, 3, 1))):
            connection.execute(
                procedure_events.insert().values(
                    procedure_id=procedure_id, kind=kind, occurred_on=on,
                    to_person=True if kind == "signifie" else None, recorded_at=stamp,
                )
            )  # fmt: skip
    report = world.run(TUESDAY, settings=settings(world))
    assert report.time_barred == 2
    for titled in (judged, ordered):
        assert CLOSURE_STEP not in [a.step_id for a in world.actions(titled)]
        assert all("prescrite" not in (a.reason or "") for a in world.actions(titled))
    for silent in (silent_consumer, silent_company):
        assert CLOSURE_STEP in [a.step_id for a in world.actions(silent)]


def test_procedure_events_map_as_the_judicial_services_map_them() -> None:
    """``run_prescription.procedure_event`` against ``judicial_case._prescription_events``
    on every (route, event kind) pair: the two must never drift apart."""
    from types import SimpleNamespace

    from recouvre.services.judicial.case_file import _prescription_events

    on = date(2025, 5, 5)
    for route in Route:
        for kind in ProcedureEventKind:
            file = SimpleNamespace(
                payments=(),
                titles=(),
                procedures=((SimpleNamespace(route=route), (SimpleNamespace(kind=kind, on=on),)),),
            )
            expected = _prescription_events(file)  # type: ignore[arg-type]
            got = procedure_event(route, kind, on)
            assert ([got] if got is not None else []) == expected, (route, kind)


def test_a_deferred_action_is_refused_at_release_once_the_claim_is_time_barred(
    world: World,
) -> None:
    case = world.case((date(2023, 6, 1), "240.00"), kind=DebtorKind.CONSUMER)
    # A Sunday, without legal tables: the e-mail waits for Monday.
    world.run(date(2026, 3, 1), settings=unscreened(world))
    [deferred] = world.actions(case)
    assert deferred.status == "deferred"
    report = world.run(date(2026, 3, 2), settings=settings(world))
    assert (report.released, report.cancelled) == (0, 1)
    [refused] = world.actions(case)
    assert refused.status == "cancelled" and "créance prescrite" in (refused.reason or "")
    assert "contact_refused" in world.journal_kinds(case)
    # The next day the case is looked at again: the closure is proposed.
    later = world.run(date(2026, 3, 3), settings=settings(world))
    assert later.closures_proposed == 1
