"""The facts of a claim are changed by one service call that reads, merges and writes them in
one transaction: what a change does not name is kept, two changes of different facts both
survive, and each change is journaled (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import events
from recouvre.bootstrap import App, build, judicial_service
from recouvre.law.routes.rules import ClaimNature, Dispute
from recouvre.services.judicial.facts import FactsChanges, evidence_held
from recouvre.settings import Settings
from support.outbox_seed import FixedClock
from support.outbox_seed import seed_case as seed_one

DAY = date(2026, 11, 23)


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> App:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application  # type: ignore[misc]
    application.dispose()


def seed(app: App) -> int:
    return seed_one(app).case_id


def kinds_journaled(app: App, case_id: int) -> list[str]:
    with app.engine.connect() as connection:
        query = sa.select(events.c.kind).where(events.c.case_id == case_id)
        return list(connection.execute(query).scalars())


def test_an_update_keeps_what_it_does_not_name(app: App) -> None:
    case_id = seed(app)
    service = judicial_service(app)
    service.update_facts(
        str(case_id), FactsChanges(signed_order=True, nature=ClaimNature.CIVIL), DAY
    )
    # a second person records the dispute only: the evidence and the nature stay
    facts = service.update_facts(
        str(case_id), FactsChanges(delivery_note=True, dispute=Dispute.MINOR), DAY
    )
    assert evidence_held(facts.evidence) == ["signed_order", "delivery_note"]
    assert (facts.nature, facts.dispute) == (ClaimNature.CIVIL, Dispute.MINOR)
    assert service.facts(str(case_id)) == facts
    # an explicit False withdraws a piece of evidence; nothing else moves
    after = service.update_facts(str(case_id), FactsChanges(signed_order=False), DAY)
    assert evidence_held(after.evidence) == ["delivery_note"]
    assert (after.nature, after.dispute) == (ClaimNature.CIVIL, Dispute.MINOR)
    assert kinds_journaled(app, case_id).count("judicial_facts_recorded") == 3


def test_the_formal_notice_dates_are_set_and_kept(app: App) -> None:
    case_id = seed(app)
    service = judicial_service(app)
    sent, received = date(2026, 6, 1), date(2026, 6, 3)
    service.update_facts(
        str(case_id),
        FactsChanges(formal_notice_sent_on=sent, formal_notice_received_on=received),
        DAY,
    )
    facts = service.update_facts(str(case_id), FactsChanges(assets_at_risk=True), DAY)
    assert (facts.formal_notice_sent_on, facts.formal_notice_received_on) == (sent, received)
    assert facts.assets_at_risk
