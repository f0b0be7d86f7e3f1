"""From the database to the PDF: the agency's stored activity and R124-2 guarantee lines, and
the daily run's ``time_barred_invoices`` honoured by the documents (reference §6, §7.2, §8).
Real sender, typst renderer, letter tray; PDFs parsed back with pdfplumber. SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, agencies
from recouvre.bootstrap import App, build, outbox_sender, parties_service
from recouvre.letters.formatting import normalise_spaces
from recouvre.services.parties.creditors import AgencyChanges, CreditorChanges
from recouvre.settings import Settings
from support.outbox_seed import DAY, FixedClock, Seeded, add_action, seed_case

CREDITOR_SIREN = "732829320"  # the seeded creditor (outbox_seed)
AGENCY_SIREN = "552100554"
ACTIVITY = "Recouvrement amiable de créances commerciales pour le compte de tiers"
INSURANCE = "Assurances Exemple Mutuelle, police RCP-77-0042"
FUNDS = "Banque Exemple, compte affecté n° 00042"
DECLARATION = "tribunal judiciaire de Lyon, déclaration du 5 mars 2025"


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[App]:
    application = build(Settings(db_url, tmp_path, None, "fr"), clock=FixedClock(), actor="test")
    yield application
    application.dispose()


def with_agency(app: App) -> Seeded:
    seeded = seed_case(app)
    parties = parties_service(app)
    parties.add_agency(
        AGENCY_SIREN,
        AgencyChanges(
            name="Cabinet Ferrand Recouvrement",
            address_lines=("21 quai Saint-Antoine",),
            postal_code="69002",
            city="Lyon",
            email="dossiers@ferrand.example",
            activity=ACTIVITY,
            liability_insurance=INSURANCE,
            funds_account=FUNDS,
            prosecutor_declaration=DECLARATION,
            signatory="Claire Martin",
            signatory_title="Chargée de recouvrement",
        ),
    )
    parties.set_creditor(CREDITOR_SIREN, CreditorChanges(agency=AGENCY_SIREN))
    return seeded


def outcome(app: App, action_id: int) -> tuple[str, str | None, str | None]:
    with app.engine.connect() as connection:
        row = connection.execute(
            sa.select(actions.c.status, actions.c.provider_ref, actions.c.reason).where(
                actions.c.id == action_id
            )
        ).one()
    return row.status, row.provider_ref, row.reason


def sent_text(app: App, action_id: int) -> str:
    status, ref, reason = outcome(app, action_id)
    assert status == "sent", reason
    assert ref is not None
    _, day, name = ref.split(":")
    with pdfplumber.open(Path(app.settings.data_dir) / "courrier" / day / f"{name}.pdf") as pdf:
        raw = " ".join(page.extract_text() or "" for page in pdf.pages)
    return " ".join(normalise_spaces(raw).split())


def test_agency_formal_notice_prints_the_stored_activity_and_guarantee_lines(app: App) -> None:
    seeded = with_agency(app)
    notice = add_action(app.engine, seeded, "registered_letter")
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (1, 0), report.failures
    text = sent_text(app, notice)
    assert (
        "Cabinet Ferrand Recouvrement, 21 quai Saint-Antoine, 69002 Lyon, exerce l'activité "
        f"suivante : {ACTIVITY}. Nous intervenons pour le compte de votre créancier" in text
    )
    # R124-2: insurance, dedicated funds account, declaration to the procureur (the footer).
    assert f"Assurance de responsabilité civile professionnelle : {INSURANCE}" in text
    assert (
        "Compte de cantonnement (exclusivement affecté aux fonds reçus pour les créanciers) : "
        f"{FUNDS}" in text
    )
    assert f"Déclaration au procureur de la République : {DECLARATION}" in text


def test_an_agency_letter_without_an_activity_is_not_sent(app: App) -> None:
    seeded = with_agency(app)
    with app.engine.begin() as connection:  # past the CLI's own check: a blank stored activity
        connection.execute(
            agencies.update().where(agencies.c.siren == AGENCY_SIREN).values(activity="")
        )
    letter = add_action(app.engine, seeded, "letter")
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 1)
    status, _, reason = outcome(app, letter)
    assert status == "failed"
    assert reason is not None
    assert "identité, adresse et activité de l'agence (CPCE R124-4 1°)" in reason
    assert "activité non renseignée" in reason


def test_formal_notice_with_one_time_barred_invoice_sues_for_the_other_only(app: App) -> None:
    seeded = seed_case(app)
    first, second = f"F-{seeded.case_id}-1", f"F-{seeded.case_id}-2"
    notice = add_action(
        app.engine,
        seeded,
        "registered_letter",
        payload={
            "case_reference": seeded.reference,
            "possible_actions": ["payment_order"],
            "time_barred_invoices": [second],
        },
    )
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (1, 0), report.failures
    text = sent_text(app, notice)
    # Both invoices listed as unpaid; the time-barred one named in the statement note.
    assert first in text and second in text
    assert f"Factures prescrites, non réclamées en justice : {second} (200,00 €)." in text
    # Court action announced, for the other invoice only.
    assert "requête en injonction de payer" in text
    assert f"Cette démarche ne concernerait que la facture {first}." in text
    # The sum demanded: 1 234,56 € + its penalties (84 days at 12,40 %: 35,23 €) + one 40 €
    # indemnity; nothing for the time-barred invoice.
    assert "84 12,40 % 35,23 €" in text
    assert "Indemnités forfaitaires pour frais de recouvrement 40,00 €" in text
    assert "régler la somme de 1 309,79 € dans un délai de 8 jours" in text


def test_all_invoices_time_barred_the_notice_announcing_court_action_is_refused(
    app: App,
) -> None:
    seeded = seed_case(app)
    notice = add_action(
        app.engine,
        seeded,
        "registered_letter",
        payload={
            "case_reference": seeded.reference,
            "possible_actions": ["payment_order"],
            "time_barred_invoices": [f"F-{seeded.case_id}-1", f"F-{seeded.case_id}-2"],
        },
    )
    report = outbox_sender(app).send(DAY)
    assert (report.sent, report.failed) == (0, 1)
    status, _, reason = outcome(app, notice)
    assert status == "failed" and reason is not None
    assert "toutes les factures sont prescrites" in reason


def test_a_malformed_time_barred_list_names_the_field(app: App) -> None:
    seeded = seed_case(app)
    letter = add_action(
        app.engine,
        seeded,
        "letter",
        payload={"case_reference": seeded.reference, "time_barred_invoices": "F-1"},
    )
    assert outbox_sender(app).send(DAY).failed == 1
    status, _, reason = outcome(app, letter)
    assert status == "failed" and reason is not None
    assert "time_barred_invoices : liste de numéros de facture attendue" in reason
