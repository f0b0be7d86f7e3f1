"""The address a letter is posted to, read back inside the envelope window of the PDF the real
sender filed: street lines, postcode and town, the country when abroad.

The daily run's action payload carries the recipient as street lines plus ``postal_code``,
``city`` and ``country``; the letters used to print the street lines alone ("Boulangerie
Schmitt / 3 place d'Armes"), and a letter without its town is never delivered. SQLite and
PostgreSQL, typst renderer, letter tray, pdfplumber."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions
from recouvre.adapters.pdf import geometry
from recouvre.bootstrap import App, build, outbox_sender
from recouvre.letters.channels import WindowSide
from recouvre.letters.formatting import normalise_spaces
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, add_action, seed_case

MM = 72 / 25.4


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def _recipient(lines: list[str], postal_code: str, city: str, country: str) -> dict[str, object]:
    """The recipient as ``services.daily_run.actions.action_snapshot`` writes it."""
    return {
        "id": 1, "kind": "company", "name": "Boulangerie Schmitt", "address_lines": lines,
        "postal_code": postal_code, "city": city, "country": country,
        "email": None, "phone": None, "emails": [], "phones": [],
    }  # fmt: skip


def window_lines(app: App, action_id: int) -> list[str]:
    """The text lines that fall inside the right-hand window of page 1, top to bottom."""
    with app.engine.connect() as connection:
        row = connection.execute(
            sa.select(actions.c.status, actions.c.provider_ref, actions.c.reason).where(
                actions.c.id == action_id
            )
        ).one()
    assert row.status == "sent", row.reason
    _, day, name = row.provider_ref.split(":")
    path = Path(app.settings.data_dir) / "courrier" / day / f"{name}.pdf"
    box = geometry.WINDOWS[WindowSide.RIGHT]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        inside = page.crop((box.left * MM, box.top * MM, box.right * MM, box.bottom * MM))
        text = inside.extract_text() or ""
    return [" ".join(normalise_spaces(line).split()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("lines", "postal_code", "city", "country", "expected"),
    [
        (["3 place d'Armes"], "57000", "Metz", "FR", ["3 place d'Armes", "57000 Metz"]),
        (["Résidence Les Flamboyants", "12 rue Schœlcher"], "97110", "Pointe-à-Pitre", "FR",
         ["Résidence Les Flamboyants", "12 rue Schœlcher", "97110 Pointe-à-Pitre"]),
        (["Rue de la Loi 16"], "1000", "Bruxelles", "BE",
         ["Rue de la Loi 16", "1000 Bruxelles", "BELGIQUE"]),
    ],
)  # fmt: skip
def test_the_window_shows_the_full_postal_address_of_the_payload(
    app: App, lines: list[str], postal_code: str, city: str, country: str, expected: list[str]
) -> None:
    seeded = seed_case(app)
    payload = {
        "case_reference": seeded.reference,
        "recipient": _recipient(lines, postal_code, city, country),
    }
    letter = add_action(app.engine, seeded, "letter", payload=payload)
    assert outbox_sender(app).send(DAY).sent == 1
    shown = window_lines(app, letter)
    assert shown[0] == "Boulangerie Schmitt"
    assert shown[-len(expected) :] == expected
