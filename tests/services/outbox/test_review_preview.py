"""``recouvre review show``: the document an action awaiting approval would send, rendered as the
sender renders it, without sending anything (issue 11, item 20)."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest

from recouvre.bootstrap import App, build, preview_action
from recouvre.domain.creditor_reference import payment_reference
from recouvre.letters.formatting import normalise_spaces
from recouvre.services.errors import ReviewPreviewError
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, add_action, seed_case, statuses


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def test_the_preview_is_the_letter_and_nothing_is_sent(app: App, tmp_path: Path) -> None:
    seeded = seed_case(app)
    payload = {
        "case_reference": seeded.reference,
        "recipient": {
            "id": 1, "kind": "company", "name": "Boulangerie Schmitt",
            "address_lines": ["3 place d'Armes"], "postal_code": "57000", "city": "Metz",
            "country": "FR", "email": None, "phone": None, "emails": [], "phones": [],
        },
    }  # fmt: skip
    action = add_action(app.engine, seeded, "letter", status="awaiting_approval", payload=payload)
    pdf = preview_action(app, action, DAY)
    with pdfplumber.open(BytesIO(pdf)) as document:
        text = normalise_spaces("\n".join(p.extract_text() or "" for p in document.pages))
    assert "Boulangerie Schmitt" in text and "57000 Metz" in text
    assert payment_reference(seeded.reference) in text
    assert statuses(app.engine)[action] == "awaiting_approval"
    assert not (tmp_path / "courrier").exists()  # nothing filed in the letter tray


def test_an_unknown_action_is_said(app: App) -> None:
    with pytest.raises(ReviewPreviewError, match="action 999 introuvable"):
        preview_action(app, 999, DAY)
