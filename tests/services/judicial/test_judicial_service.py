"""The judicial services on a real database (SQLite and PostgreSQL): procedures and their
events, the checks on the order of events, titles and their interest, and BODACC matching."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, cases, collective_proceedings, events
from recouvre.adapters.importers.bodacc import read_bodacc_file
from recouvre.bootstrap import (
    App,
    build,
    collective_proceedings_service,
    judicial_service,
)
from recouvre.domain.cases import Case, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.law.interest import LegalRateCategory, legal_interest
from recouvre.law.routes.rules import Evidence, Route
from recouvre.reference.loader import load_tables
from recouvre.services.judicial.procedures import JudicialError
from recouvre.services.judicial.records import JudicialFacts
from recouvre.services.judicial.records import ProcedureEventKind as K
from recouvre.settings import load_settings
from support.paths import FIXTURES

FIXTURES = FIXTURES / "bodacc"


@dataclass
class Clock:
    day: date = date(2026, 9, 14)

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 8, 0, tzinfo=UTC)

    def today(self) -> date:
        return self.day


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> App:
    env = {"RECOUVRE_DATABASE_URL": db_url, "RECOUVRE_DATA_DIR": str(tmp_path)}
    application = build(load_settings(env), clock=Clock(), actor="test:judicial")
    yield application  # type: ignore[misc]
    application.dispose()


def seed(app: App, siren: str = "542065479", amount: str = "8000.00", postal: str = "69003") -> int:
    with app.uow() as uow:
        creditor = uow.creditors.by_siren("732829320") or uow.creditors.add(
            Creditor(None, "Menuiserie Durand", "732829320",
                     address=Address(("1 rue Mercière",), "69002", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, f"Société {siren}", siren=siren,
                   address=Address(("3 place d'Armes",), postal, "Ville"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 3, 4)))
        assert case.id
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, f"F-{siren}", date(2026, 2, 1),
                    date(2026, 3, 3), Decimal(amount)), case.id,
        )  # fmt: skip
        uow.commit()
        return case.id


def add_action(app: App, case_id: int, step: str, status: str) -> None:
    with app.engine.begin() as connection:
        connection.execute(
            actions.insert().values(
                idempotency_key=f"case:{case_id}:step:{step}:attempt:1", case_id=case_id,
                step_id=step, attempt=1, kind="reminder_letter", channel="letter",
                template="relance", due_on=date(2026, 10, 20), status=status,
                requires_approval=False, extra_delay_days=0, payload="{}",
                created_at="2026-10-01T08:00:00Z", updated_at="2026-10-01T08:00:00Z",
            )
        )  # fmt: skip


def kinds_journaled(app: App, case_id: int) -> list[str]:
    with app.engine.connect() as connection:
        return list(
            connection.execute(
                sa.select(events.c.kind).where(events.c.case_id == case_id).order_by(events.c.id)
            ).scalars()
        )


def test_a_payment_order_runs_to_an_enforceable_title_with_majorated_interest(app: App) -> None:
    case_id = seed(app)
    service = judicial_service(app)
    service.record_facts(str(case_id), JudicialFacts(evidence=Evidence(signed_order=True)),
                         date(2026, 9, 14))  # fmt: skip
    add_action(app, case_id, "relance-2", "queued")
    started = service.start(str(case_id), Route.PAYMENT_ORDER, date(2026, 9, 14))
    assert started.cancelled_actions == 1
    assert any("seule la signification" in note for note in started.prescription_notes)
    pid = started.procedure.id
    assert pid is not None
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(cases.c.phase)).scalar() == Phase.JUDICIAL.value
        assert connection.execute(sa.select(actions.c.status, actions.c.reason)).one() == (
            "cancelled", "procédure engagée : injonction de payer",
        )  # fmt: skip
    with pytest.raises(JudicialError, match="aucune ordonnance rendue"):
        service.record_event(pid, K.SERVED, date(2026, 9, 20), to_person=True)
    service.record_event(pid, K.FILED, date(2026, 9, 14))
    # Until the order is served, the claim's prescription is on the agenda: due 2026-03-03,
    # five years (L110-4) -> end of 2031-03-03, a Monday.
    assert [(i.kind, i.due_on) for _, _, i in service.agenda(date(2026, 9, 15))] == [
        ("prescription", date(2031, 3, 3))
    ]
    assert service.agenda(date(2026, 9, 15), within=60) == []
    service.record_event(pid, K.ORDER_RENDERED, date(2026, 9, 25), amount=Decimal("8600.00"))
    with pytest.raises(JudicialError, match="--to-person"):
        service.record_event(pid, K.SERVED, date(2026, 10, 1))
    service.record_event(pid, K.SERVED, date(2026, 10, 1), to_person=True)
    with pytest.raises(JudicialError, match="01/12/2026"):
        service.record_event(pid, K.ENFORCEABLE, date(2026, 11, 30))
    recorded = service.record_event(pid, K.ENFORCEABLE, date(2026, 12, 1))
    assert recorded.title is not None
    assert (recorded.title.pronounced_on, recorded.title.amount, recorded.title.served_on) == (
        date(2026, 9, 25), Decimal("8600.00"), date(2026, 10, 1),
    )  # fmt: skip
    # Enforceable from 2026-12-01, the end of the opposition period (CPC 1422), not from its
    # service on 2026-10-01: the + 5 points run after 2027-02-01 (CMF L313-3).
    assert recorded.title.became_enforceable_on == date(2026, 12, 1)
    # (The shipped tables stop at 2026-12-31: the statement stops there, at the plain rate.)
    result = service.title_statement(str(case_id), date(2026, 12, 31))
    assert result.increased_from == date(2027, 2, 2)
    expected = legal_interest(
        Decimal("8600.00"), date(2026, 9, 25), date(2026, 12, 31), load_tables(),
        LegalRateCategory.AUTRES,
    )  # fmt: skip
    assert result.interest == expected.total
    assert result.slices and all(s.kind.value == "legal" for s in result.slices)
    assert kinds_journaled(app, case_id).count("procedure_event") == 4
    assert "action_cancelled" in kinds_journaled(app, case_id)


def test_an_opposition_prevents_the_title_and_an_abandon_closes_the_procedure(app: App) -> None:
    case_id = seed(app)
    service = judicial_service(app)
    service.record_facts(str(case_id), JudicialFacts(evidence=Evidence(signed_order=True)),
                         date(2026, 9, 14))  # fmt: skip
    pid = service.start(str(case_id), Route.PAYMENT_ORDER, date(2026, 9, 14)).procedure.id
    assert pid is not None
    service.record_event(pid, K.ORDER_RENDERED, date(2026, 9, 25))
    service.record_event(pid, K.SERVED, date(2026, 10, 1), to_person=True)
    service.record_event(pid, K.OPPOSITION, date(2026, 10, 20))
    with pytest.raises(JudicialError, match="opposition formée"):
        service.record_event(pid, K.ENFORCEABLE, date(2026, 12, 2))
    assert service.agenda(date(2026, 10, 21)) == []
    closed = service.record_event(pid, K.ABANDONED, date(2026, 10, 25))
    assert closed.procedure.outcome == "abandoned"
    with pytest.raises(JudicialError, match="close"):
        service.record_event(pid, K.PAID, date(2026, 10, 26))
    with app.engine.connect() as connection:
        assert connection.execute(sa.select(cases.c.phase)).scalar() == "pre_litigation"


def test_a_time_barred_claim_cannot_start_a_procedure(app: App) -> None:
    with app.uow() as uow:
        creditor = uow.creditors.add(Creditor(None, "Menuiserie Durand", "732829320"))
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Vieux client", siren="542065479",
                   address=Address((), "69003", "Lyon"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2021, 1, 4)))
        assert case.id
        uow.invoices.add(Invoice(None, creditor.id, debtor.id, "OLD", date(2021, 1, 1),
                                 date(2021, 1, 31), Decimal("900.00")), case.id)  # fmt: skip
        uow.commit()
    with pytest.raises(JudicialError, match="prescrite"):
        judicial_service(app).start(str(case.id), Route.PAYMENT_ORDER, date(2026, 9, 14))


def test_bodacc_announcements_are_matched_by_siren_and_freeze_the_cases(app: App) -> None:
    receivership = seed(app, siren="901234567")
    liquidation = seed(app, siren="812345676", postal="57000")
    unrelated = seed(app, siren="542065479")
    add_action(app, receivership, "relance-3", "awaiting_approval")
    add_action(app, unrelated, "relance-3", "queued")
    with app.engine.begin() as connection:  # as the daily run leaves them: planned
        connection.execute(
            cases.update().values(scenario_id="standard_b2b", next_action_on=date(2026, 10, 20))
        )
    parsed = read_bodacc_file(FIXTURES / "annonces-commerciales.json")
    service = collective_proceedings_service(app)
    report = service.apply(parsed.announcements)
    by_case = {m.case_id: m for m in report.matches}
    assert set(by_case) == {receivership, liquidation}
    # Published Wednesday 2026-10-14: + 2 months = Monday 2026-12-14; + 6 months 2027-04-14.
    assert by_case[receivership].declaration_due_on == date(2026, 12, 14)
    assert by_case[receivership].relief_due_on == date(2027, 4, 14)
    assert by_case[receivership].cancelled_actions == 1
    assert by_case[liquidation].liquidation and not by_case[receivership].liquidation
    with app.engine.connect() as connection:
        phases = dict(connection.execute(sa.select(cases.c.id, cases.c.phase)).all())
        statuses = dict(connection.execute(sa.select(actions.c.case_id, actions.c.status)).all())
        stored = connection.execute(
            sa.select(collective_proceedings.c.case_id, collective_proceedings.c.mandatary)
        ).all()
    assert phases[receivership] == phases[liquidation] == Phase.COLLECTIVE_PROCEEDINGS.value
    assert phases[unrelated] == Phase.AMICABLE.value
    assert statuses == {receivership: "cancelled", unrelated: "queued"}
    assert {row.case_id for row in stored} == {receivership, liquidation}
    assert "phase_changed" in kinds_journaled(app, receivership)
    assert "collective_proceedings_opened" in kinds_journaled(app, receivership)
    assert "amicable_scenario_closed" in kinds_journaled(app, liquidation)
    with app.engine.connect() as connection:
        next_dates = dict(connection.execute(sa.select(cases.c.id, cases.c.next_action_on)).all())
    assert next_dates[liquidation] is None
    assert next_dates[receivership] == next_dates[unrelated] == date(2026, 10, 20)
    # The statement stops at the opening judgment: interest through 2026-10-05 only.
    file = judicial_service(app).case_file(str(receivership))
    from recouvre.services.judicial.case_file import case_statement

    stopped = case_statement(file, date(2026, 12, 1), load_tables())
    assert max(s.last for line in stopped.invoices for s in line.slices) == date(2026, 10, 5)
    # The agenda shows the declaration deadline of the procedure opened for it.
    agenda = judicial_service(app).agenda(date(2026, 12, 1))
    assert ("declaration-creance", date(2026, 12, 14)) in {
        (item.kind, item.due_on) for _, _, item in agenda
    }
    again = service.apply(parsed.announcements)
    assert again.matches == [] and again.already_known == 2
    payload = json.dumps([m.announcement_id for m in report.matches])
    assert "A202602010101" in payload


def test_a_title_recorded_by_hand_keeps_the_claim_ten_years(app: App) -> None:
    """CPCE L111-4: an invoice due 31/01/2020 (5 years, L110-4: time-barred in 2025) under a
    judgment served on 01/07/2021 is executable until the end of 01/07/2031."""
    with app.uow() as uow:
        creditor = uow.creditors.add(Creditor(None, "Menuiserie Durand", "732829320"))
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Client jugé", siren="542065479",
                   address=Address((), "69003", "Lyon"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2020, 2, 4)))
        assert case.id
        uow.invoices.add(Invoice(None, creditor.id, debtor.id, "OLD", date(2020, 1, 1),
                                 date(2020, 1, 31), Decimal("900.00")), case.id)  # fmt: skip
        uow.commit()
    service = judicial_service(app)
    untitled = service.advise(str(case.id), date(2026, 9, 14)).prescription
    assert untitled is not None and untitled.status.value == "acquise"
    service.record_title(str(case.id), date(2021, 6, 1), Decimal("900.00"), date(2021, 7, 1),
                         "jugement du tribunal de commerce de Lyon", date(2026, 9, 14))  # fmt: skip
    titled = service.advise(str(case.id), date(2026, 9, 14)).prescription
    assert titled is not None and titled.status.value == "en-cours"
    assert titled.legal_end == date(2031, 7, 1)
    assert any("CPCE L111-4" in line for line in titled.explanation)
