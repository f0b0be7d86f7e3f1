"""Letters of an agency's client, from the database: the five CPCE R124-4 mentions with the
agency's and creditor's stored details, the first letter quoted on the next one, and the
creditor's letter settings (window side, signatory, whose IBAN) applied. Real sender, typst
renderer, letter tray; the PDFs are parsed back with pdfplumber. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions
from recouvre.adapters.pdf import geometry
from recouvre.bootstrap import App, build, outbox_sender, parties_service
from recouvre.domain.agencies import PaymentTo
from recouvre.domain.creditor_reference import payment_reference
from recouvre.letters.channels import WindowSide
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.legal_texts import L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3
from recouvre.services.parties.creditors import AgencyChanges, CreditorChanges
from recouvre.settings import Settings
from support.outbox_seed import DAY, NO_CAPS, FixedClock, Seeded, add_action, seed_case

MM = 72 / 25.4
CREDITOR_SIREN = "732829320"  # the seeded creditor (outbox_seed)
CREDITOR_IBAN = "FR7630006000011234567890189"
AGENCY_SIREN = "552100554"
AGENCY_IBAN = "FR0810278073000002049810152"


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def with_agency(
    app: App, agency_signs: tuple[str, str] = ("Claire Martin", "Chargée de recouvrement"),
    **creditor: object,
) -> Seeded:  # fmt: skip
    seeded = seed_case(app)
    parties = parties_service(app)
    parties.add_agency(
        AGENCY_SIREN,
        AgencyChanges(
            name="Cabinet Ferrand Recouvrement",
            address_lines=("21 quai Saint-Antoine",),
            postal_code="69002",
            city="Lyon",
            iban=AGENCY_IBAN,
            bic="CMCIFR2A",
            email="dossiers@ferrand.example",
            signatory=agency_signs[0],
            signatory_title=agency_signs[1],
        ),
    )
    parties.set_creditor(CREDITOR_SIREN, CreditorChanges(agency=AGENCY_SIREN, **creditor))  # type: ignore[arg-type]
    return seeded


def sent_pdf(app: App, action_id: int) -> Path:
    with app.engine.connect() as connection:
        row = connection.execute(
            sa.select(actions.c.status, actions.c.provider_ref, actions.c.reason).where(
                actions.c.id == action_id
            )
        ).one()
    assert row.status == "sent", row.reason
    _, day, name = row.provider_ref.split(":")
    return Path(app.settings.data_dir) / "courrier" / day / f"{name}.pdf"


def text_of(path: Path) -> str:
    """The whole text, lines joined (paragraphs wrap), spaces normalised."""
    with pdfplumber.open(path) as pdf:
        raw = " ".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(normalise_spaces(raw).split())


def flat(text: str) -> str:
    return " ".join(normalise_spaces(text).split())


def test_formal_notice_of_an_agency_client_carries_the_five_r124_4_mentions(app: App) -> None:
    # The creditor's own signatory signs its own letters, never the agency's.
    seeded = with_agency(app, signatory_title="Responsable comptable", signatory="Paul Durand")
    notice = add_action(app.engine, seeded, "registered_letter")
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (1, 0), report.failures
    text = text_of(sent_pdf(app, notice))
    # 1° the agency: name, address, activity; it is the sender, for the creditor.
    assert "Cabinet Ferrand Recouvrement" in text
    assert "21 quai Saint-Antoine, 69002 Lyon" in text
    # The stored activity (here the default: no --activity given), CPCE R124-4 1°.
    assert "exerce l'activité suivante : Recouvrement amiable de créances pour le compte" in text
    assert "pour le compte de Menuiserie Durand" in text
    # 2° the creditor's name and address, from the creditors table.
    assert "Menuiserie Durand, 12 rue des Lilas, 69003 Lyon" in text
    # 3° principal, interest and accessories apart: 1 234,56 + 200,00 outstanding, their
    # penalties on the letter's date (computed by the legal engine, never a silent zero); two 40 €.
    breakdown = text.split("Élément de la créance Montant ", 1)[1]
    assert breakdown.startswith(
        "Principal restant dû 1 434,56 € Pénalités de retard 39,99 € Indemnités forfaitaires "
        "pour frais de recouvrement 80,00 € Total réclamé 1 554,55 €"
    ), breakdown[:200]
    # 4° the demand and the payment terms, with the creditor's IBAN (payment_to: creditor).
    assert f"référence {payment_reference(seeded.reference)}" in text
    assert f"IBAN {CREDITOR_IBAN}" in text and "Bénéficiaire : Menuiserie Durand" in text
    # 5° CPCE L111-8 al. 2 and 3, word for word.
    assert flat(L111_8_PARAGRAPH_2) in text
    assert flat(L111_8_PARAGRAPH_3) in text
    # Signed by the agency's named person, with her role (agency set --signataire --fonction).
    assert "Claire Martin Chargée de recouvrement" in text
    assert "Paul Durand" not in text and "Responsable comptable" not in text
    # No earlier letter: nothing to quote.
    assert "premier courrier" not in text


def test_a_later_letter_quotes_the_first_letters_reference_and_date(app: App) -> None:
    seeded = with_agency(app)
    first = add_action(app.engine, seeded, "letter", step="letter-1")
    assert outbox_sender(app).send(DAY).sent == 1
    assert "premier courrier" not in text_of(sent_pdf(app, first))
    later = add_action(
        app.engine, seeded, "registered_letter", step="notice-1", due_on=DAY + timedelta(days=10)
    )
    # The test clock stays on DAY: the sender's caps would see two letters that day.
    report = outbox_sender(app, policy=NO_CAPS).send(DAY + timedelta(days=10))
    assert report.sent == 1, report.failures
    text = text_of(sent_pdf(app, later))
    assert (
        f"Rappel : notre premier courrier, référence {seeded.reference}, du 23 novembre 2026"
        in text
    )


def test_payment_to_the_agency_prints_the_agencys_iban(app: App) -> None:
    seeded = with_agency(app, payment_to=PaymentTo.AGENCY)
    letter = add_action(app.engine, seeded, "letter")
    assert outbox_sender(app).send(DAY).sent == 1
    text = text_of(sent_pdf(app, letter)).replace(" ", "")
    assert AGENCY_IBAN in text
    assert CREDITOR_IBAN not in text
    assert "Bénéficiaire:CabinetFerrandRecouvrement" in text


def address_left_mm(path: Path, first_line: str) -> float:
    with pdfplumber.open(path) as pdf:
        found = pdf.pages[0].search(re.escape(first_line), regex=True)
    assert found, f"adresse absente : {first_line}"
    return float(found[0]["x0"]) / MM


@pytest.mark.parametrize("side", [WindowSide.LEFT, WindowSide.RIGHT])
def test_the_creditors_window_side_moves_the_address_block(app: App, side: WindowSide) -> None:
    seeded = seed_case(app)
    parties_service(app).set_creditor(CREDITOR_SIREN, CreditorChanges(window=side))
    letter = add_action(app.engine, seeded, "letter")
    assert outbox_sender(app).send(DAY).sent == 1
    x = address_left_mm(sent_pdf(app, letter), "Boulangerie Schmitt")
    window = geometry.WINDOWS[side]
    other = geometry.WINDOWS[WindowSide.RIGHT if side is WindowSide.LEFT else WindowSide.LEFT]
    assert window.left <= x <= window.left + 10, x
    assert not other.left <= x <= other.left + 10, x


def test_a_creditor_without_settings_keeps_the_default_right_window(app: App) -> None:
    seeded = seed_case(app)
    letter = add_action(app.engine, seeded, "letter")
    assert outbox_sender(app).send(DAY).sent == 1
    x = address_left_mm(sent_pdf(app, letter), "Boulangerie Schmitt")
    assert (
        geometry.WINDOWS[WindowSide.RIGHT].left <= x <= geometry.WINDOWS[WindowSide.RIGHT].left + 10
    )


def test_an_agency_document_without_a_named_signatory_is_refused(app: App) -> None:
    seeded = with_agency(app, agency_signs=("", ""), signatory="Paul Durand")
    letter = add_action(app.engine, seeded, "letter")
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 1)
    [(action_id, reason)] = report.failures
    assert action_id == letter
    assert reason == (
        "document refusé : mention manquante : signataire nommé de l'agence, avec sa fonction "
        "(aucun signataire enregistré : « recouvre agency set 552100554 --signataire \"Nom\" "
        "--fonction \"…\" »)"
    )
    assert not (Path(app.settings.data_dir) / "courrier").exists() or not any(
        (Path(app.settings.data_dir) / "courrier").rglob("*.pdf")
    )
