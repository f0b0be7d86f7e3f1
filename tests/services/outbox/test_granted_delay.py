"""The delay a document prints is the delay granted: the step's grace, lengthened by a
person's review delay, never under eight days — read back from the formal notice the real
sender filed (typst, letter tray, pdfplumber), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions
from recouvre.bootstrap import App, build, outbox_sender
from recouvre.letters.formatting import normalise_spaces
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, add_action, seed_case


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def _sent_text(app: App, action_id: int) -> str:
    with app.engine.connect() as connection:
        row = connection.execute(
            sa.select(actions.c.status, actions.c.provider_ref, actions.c.reason).where(
                actions.c.id == action_id
            )
        ).one()
    assert row.status == "sent", row.reason
    _, day, name = row.provider_ref.split(":")
    with pdfplumber.open(Path(app.settings.data_dir) / "courrier" / day / f"{name}.pdf") as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"\s+", " ", normalise_spaces(text))


@pytest.mark.parametrize(
    ("grace", "notice", "extra", "expected"),
    [
        (15, 8, 22, "22 jours"),  # 15 granted by the step, 7 more after the review
        (0, 0, 0, "8 jours"),  # a step with no grace still gives the usual eight days
        (30, 8, 30, "30 jours"),
    ],
)
def test_the_formal_notice_gives_the_delay_granted(
    app: App, grace: int, notice: int, extra: int, expected: str
) -> None:
    seeded = seed_case(app)
    payload = {"case_reference": seeded.reference, "grace_days": grace, "notice_days": notice}
    notice_id = add_action(app.engine, seeded, "registered_letter", payload=payload)
    with app.engine.begin() as connection:
        connection.execute(
            actions.update().where(actions.c.id == notice_id).values(extra_delay_days=extra)
        )
    assert outbox_sender(app).send(DAY).sent == 1
    text = _sent_text(app, notice_id)
    assert "de régler la somme de" in text
    assert f"dans un délai de {expected} à compter de la réception de cette lettre" in text
