"""What the document of a step claims when the creditor leaves the late-payment penalties and the
40 € for a later step (``"fees_claimed": false`` in the payload, issue 11 item 6) — read back
from the PDF the review preview renders as the sender would (typst, pdfplumber)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest

from recouvre.bootstrap import App, build, preview_action
from recouvre.letters.formatting import normalise_spaces
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, add_action, seed_case


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def _text(pdf: bytes) -> str:
    with pdfplumber.open(BytesIO(pdf)) as document:
        text = " ".join(p.extract_text() or "" for p in document.pages)
    return re.sub(r"\s+", " ", normalise_spaces(text))


def _preview(app: App, channel: str, claimed: bool | None, on: date = DAY) -> str:
    seeded = seed_case(app)
    payload: dict[str, object] = {"case_reference": seeded.reference}
    if claimed is not None:
        payload["fees_claimed"] = claimed
    action = add_action(app.engine, seeded, channel, status="awaiting_approval", payload=payload)
    return _text(preview_action(app, action, on))


# The seeded case: F-n-1 1 234,56 € and F-n-2 250,00 € with 50,00 € paid: 1 434,56 € of principal.


def test_a_reminder_before_the_named_step_asks_the_principal_only(app: App) -> None:
    text = _preview(app, "letter", claimed=False)
    assert "nous vous demandons uniquement le règlement du principal" in text
    assert "régler la somme de 1 434,56 €" in text
    assert "40,00 €" not in text and "80,00 €" not in text and "Banque centrale" not in text


def test_the_same_reminder_from_the_named_step_on_claims_everything(app: App) -> None:
    text = _preview(app, "letter", claimed=None)  # no key: claimed, as before the setting
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in text
    assert "uniquement le règlement du principal" not in text
    asked = re.search(r"régler la somme de ([\d ]+,\d\d) €", text)
    assert asked is not None and asked.group(1) != "1 434,56"


def test_the_formal_notice_keeps_the_mentions_and_says_it_claims_the_principal(app: App) -> None:
    text = _preview(app, "registered_letter", claimed=False)
    assert "MISE EN DEMEURE" in text
    assert "Conformément à l'article L441-10 du Code de commerce" in text
    assert "40,00 € par facture (article D441-5 du Code de commerce)" in text
    assert "La présente mise en demeure ne réclame que le principal" in text
    assert "Pénalités de retard non réclamées à ce stade" in text  # never a bare 0,00 €
    assert "de régler la somme de 1 434,56 €" in text


def test_a_principal_only_letter_needs_no_rate_of_the_tables(app: App) -> None:
    """Nothing but the principal is claimed: a date whose rates are not yet published holds
    nothing back (a letter claiming penalties that day is refused, never « 0,00 € »)."""
    text = _preview(app, "letter", claimed=False, on=date(2030, 3, 5))
    assert "régler la somme de 1 434,56 €" in text
