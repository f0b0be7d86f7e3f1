"""A reminder claims only what is due on its date: an invoice not yet due is named apart
(« à échoir »), with no penalty and no fixed indemnity for it — read back from the letter the
daily run sent."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.bootstrap import build
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.entrypoints.cli.commands import app
from recouvre.settings import load_settings

runner = CliRunner()


def _seed(env: dict[str, str]) -> None:
    application = build(load_settings(env), actor="test:seed")
    application.init_database()
    with application.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Menuiserie Durand", "732829320", iban="FR7630006000011234567890189",
                     bic="AGRIFRPP", address=Address(("12 rue des Lilas",), "69003", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(  # no email: the shipped « sans courriel » scenario writes
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "57000", "Metz"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 2, 1)))
        for number, issued, due, amount in (
            ("F-ECHUE", date(2026, 1, 1), date(2026, 1, 31), "1000.00"),
            ("F-A-ECHOIR", date(2026, 2, 20), date(2026, 3, 31), "500.00"),
        ):
            uow.invoices.add(
                Invoice(None, creditor.id, debtor.id, number, issued, due, Decimal(amount)),
                case.id,
            )
        uow.commit()
    application.dispose()


def test_the_reminder_claims_the_overdue_invoice_and_names_the_other_apart(
    cli_env: dict[str, str],
) -> None:
    _seed(cli_env)
    # the sender checks the contact window at its own instant: a Monday morning
    env = {**cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    result = runner.invoke(app, ["run", "--on", "2026-03-02", "--json"], env=env)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["sending"]["by_channel"] == {"letter": 1}
    [pdf] = (Path(cli_env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf")
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in document.pages))
    text = text.replace("\u202f", " ").replace("\xa0", " ")
    assert "la facture suivante reste impayée à ce jour" in text
    unpaid = text.split("reste impayée à ce jour", 1)[1].split("Pour mémoire", 1)[0]
    assert "F-ECHUE" in unpaid and "F-A-ECHOIR" not in unpaid
    assert "Pour mémoire, à échoir et non réclamé par ce courrier : F-A-ECHOIR (31/03/2026, " \
        "500,00 €)" in text
    # One fixed indemnity (the overdue invoice's), not two; the 500 € are not in the sum asked.
    assert "40,00 €" in text and "80,00 €" not in text
    assert "1 500,00" not in text
    # The first letter of the scenario grants no grace of its own: it still gives eight days.
    assert "au plus tard le 10 mars 2026, soit un délai supplémentaire de 8 jours" in text
    assert "0 jour" not in text


def test_a_rate_missing_for_the_period_holds_the_letter_in_review_never_a_zero(
    cli_env: dict[str, str],
) -> None:
    """A letter dated after the last half-year of the rate tables: penalties cannot be
    computed, so the letter is not sent: it waits in review (not a failure) with the reason
    (``recouvre law rates`` tells what is missing) instead of printing « 0,00 € »."""
    _seed(cli_env)
    # the sender checks the contact window at its own instant: a Tuesday morning in 2030
    env = {**cli_env, "RECOUVRE_TEST_SEND_NOW": "2030-03-05T10:00:00+01:00"}
    result = runner.invoke(app, ["run", "--on", "2030-03-05", "--json"], env=env)
    assert result.exit_code == 0, result.stderr
    sending = json.loads(result.stdout)["sending"]
    assert sending["sent"] == 0 and sending["failed"] == 0 and sending["held"] == 1
    [held] = sending["held_for_review"]
    assert "inconnu pour le" in held["reason"]
    assert not list((Path(cli_env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf"))
    engine = sa.create_engine(cli_env["RECOUVRE_DATABASE_URL"])
    with engine.connect() as connection:  # the action waits for a person, the reason kept
        row = connection.execute(
            sa.text("SELECT status, reason FROM actions WHERE id = :i"), {"i": held["action"]}
        ).one()
    engine.dispose()
    assert row.status == "awaiting_approval" and "inconnu pour le" in row.reason
    # A second sender run sends nothing more and says nothing failed: the action waits.
    again = runner.invoke(app, ["run", "--on", "2030-03-05"], env=env)
    assert again.exit_code == 0, again.stderr
    assert "0 en échec" in again.stdout and "0 envoyé(s)" in again.stdout
