"""``case show`` opens with what is owed today: under a creditor's « dernier taux publié » and a
today after the last published half-year, the penalties are not zero and the summary says
« taux en vigueur au 01/07/2026 ; montant à parfaire »; under « en revue » it says the amount
cannot be computed and why (issue 11, item 2). Today is the application clock's: a fixed one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from recouvre.bootstrap import App, build, parties_service
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.entrypoints.case_overview import case_overview as case_summary
from recouvre.entrypoints.cli.case_summary import print_summary
from recouvre.services.parties.party_changes import CreditorChanges
from recouvre.settings import Settings
from support.outbox_seed import FixedClock, seed_case


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    clock = FixedClock(datetime(2030, 3, 5, 9, 0, tzinfo=UTC))
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=clock, actor="test")
    yield application
    application.dispose()


def _summary_text(app: App, reference: str) -> str:
    detail = app.case_queries.case_detail(reference)
    assert detail is not None
    console = Console(record=True, width=200)
    print_summary(console, detail, case_summary(app, detail))
    return console.export_text().replace("\u202f", " ").replace("\xa0", " ")


def test_case_show_says_montant_a_parfaire_under_the_last_published_rate(app: App) -> None:
    seeded = seed_case(app)
    before = _summary_text(app, seeded.reference)
    assert "non calculable (taux BCE (ecb_mro) inconnu pour le 2027-01-01" in before
    parties_service(app).set_creditor(
        "732829320", CreditorChanges(missing_rate=MissingRatePolicy.LAST_PUBLISHED)
    )
    text = _summary_text(app, seeded.reference)
    assert "(taux en vigueur au 01/07/2026 ; montant à parfaire, dernier taux publié)" in text
    assert "intérêts et pénalités de retard : 0,00 €" not in text
