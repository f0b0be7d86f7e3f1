"""A formal notice dated after the last published half-year (issue 11, item 2), read back from
the PDF the real sender filed (typst, letter tray, pdfplumber), on SQLite and PostgreSQL:

- the creditor chose « dernier taux publié »: the penalties are not zero, the statement runs to
  the notice's date at the last published rate, and the letter says « taux en vigueur au
  01/07/2026 ; montant à parfaire »;
- the creditor kept « en revue » (the default): nothing is filed, the notice waits in review
  with the missing rate as its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions
from recouvre.bootstrap import App, build, outbox_sender, parties_service
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.letters.formatting import normalise_spaces
from recouvre.services.parties.party_changes import CreditorChanges
from recouvre.settings import Settings
from support.outbox_seed import FixedClock, add_action, seed_case

ON = date(2030, 3, 5)  # a Tuesday; the shipped tables end on 2026-12-31


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    clock = FixedClock(datetime(2030, 3, 5, 9, 0, tzinfo=UTC))  # 10:00 in Paris
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=clock, actor="test")
    yield application
    application.dispose()


def _row(app: App, action_id: int) -> sa.Row[tuple[str, str | None, str | None]]:
    with app.engine.connect() as connection:
        return connection.execute(
            sa.select(actions.c.status, actions.c.provider_ref, actions.c.reason).where(
                actions.c.id == action_id
            )
        ).one()


def test_the_formal_notice_claims_penalties_at_the_last_published_rate_and_says_so(
    app: App,
) -> None:
    seeded = seed_case(app)
    parties_service(app).set_creditor(
        "732829320", CreditorChanges(missing_rate=MissingRatePolicy.LAST_PUBLISHED)
    )
    notice_id = add_action(app.engine, seeded, "registered_letter", due_on=ON,
                           payload={"case_reference": seeded.reference})  # fmt: skip
    assert outbox_sender(app).send(ON).sent == 1
    row = _row(app, notice_id)
    assert row.status == "sent", row.reason
    _, day, name = str(row.provider_ref).split(":")
    with pdfplumber.open(Path(app.settings.data_dir) / "courrier" / day / f"{name}.pdf") as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    text = re.sub(r"\s+", " ", normalise_spaces(text))
    assert "MISE EN DEMEURE" in text
    assert "taux en vigueur au 01/07/2026 ; montant à parfaire" in text
    # The statement reaches the notice's date: the last slice ends on 05/03/2030 at 12,40 %.
    assert "05/03/2030" in text and "12,40 %" in text
    penalties = re.search(r"Pénalités de retard (\d[\d ]*,\d\d) €", text)
    assert penalties is not None, text
    assert penalties.group(1) != "0,00"
    assert float(penalties.group(1).replace(" ", "").replace(",", ".")) > 500


def test_by_default_the_formal_notice_waits_in_review_with_the_missing_rate(app: App) -> None:
    seeded = seed_case(app)
    notice_id = add_action(app.engine, seeded, "registered_letter", due_on=ON,
                           payload={"case_reference": seeded.reference})  # fmt: skip
    report = outbox_sender(app).send(ON)
    assert report.sent == 0 and report.failed == 0 and report.held == 1
    row = _row(app, notice_id)
    assert row.status == "awaiting_approval"
    assert "taux BCE (ecb_mro) inconnu pour le 2027-01-01" in str(row.reason)
    assert not list((Path(app.settings.data_dir) / "courrier").glob("*/*.pdf"))
