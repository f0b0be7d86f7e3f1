"""Each creditor and agency writes under its own identity (issue 11, item 10): two creditors
collected by one agency and one direct creditor; every email received by a real SMTP server on
127.0.0.1 carries the From, Reply-To and signature of the party that writes (the agency for
its clients, the creditor otherwise), every SMS the party's sender; a party without an
identity gets no message rather than someone else's. Identities are set with ``recouvre
creditor set`` / ``agency add`` (the command line, read back with ``creditor show``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from email import message_from_bytes, policy

import pytest
from typer.testing import CliRunner

from recouvre.adapters.sms.loopback import LoopbackSmsGateway
from recouvre.bootstrap import App, outbox_sender
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.entrypoints.cli.commands import app as cli
from support.outbox_seed import DAY, NO_CAPS, Inbox, Seeded, add_action, statuses

runner = CliRunner()
AGENCY = "552100554"
CLIENT_A, CLIENT_B, DIRECT = "404833048", "404833055", "404833063"


@dataclass(frozen=True)
class World:
    cases: dict[str, Seeded]  # creditor SIREN -> its case
    env: dict[str, str]


def _case(app: App, siren: str, n: int) -> Seeded:
    with app.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, f"Créancier {siren}", siren, iban="FR7630006000011234567890189",
                     address=Address(("1 rue du Port",), "69002", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, f"Débiteur {n}", siren=None,
                   address=Address((f"{n} rue Haute",), "69001", "Lyon"),
                   emails=(f"compta@debiteur{n}.example",), phones=(f"+3361234567{n}",))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 9, 1)))
        assert case.id and case.reference
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, f"F-{n}", date(2026, 8, 1), date(2026, 8, 31),
                    Decimal("500.00")), case.id,
        )  # fmt: skip
        uow.commit()
    return Seeded(case.id, case.reference, debtor.id, creditor.id)


def cli_run(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def world(app: App, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("RECOUVRE_MAIL_FROM", "Global <relances@global.example>")
    env = {
        "RECOUVRE_DATABASE_URL": app.settings.database_url,
        "RECOUVRE_DATA_DIR": str(app.settings.data_dir),
        "RECOUVRE_LANG": "fr",
    }
    cases = {siren: _case(app, siren, n) for n, siren in enumerate((CLIENT_A, CLIENT_B, DIRECT))}
    cli_run(env, "agency", "add", AGENCY, "--name", "Cabinet Ferrand Recouvrement",
            "--address", "21 quai Saint-Antoine", "--postal-code", "69002", "--city", "Lyon",
            "--mail-from", "Cabinet Ferrand <dossiers@ferrand.example>",
            "--mail-reply-to", "gestion@ferrand.example",
            "--mail-signature", "Cabinet Ferrand — service des dossiers",
            "--sms-sender", "FERRAND",
            "--signataire", "Claire Martin", "--fonction", "Chargée de recouvrement")  # fmt: skip
    for client in (CLIENT_A, CLIENT_B):
        cli_run(env, "creditor", "set", client, "--agency", AGENCY,
                "--mail-from", f"Client {client} <compta@{client}.example>")  # fmt: skip
    cli_run(env, "creditor", "set", DIRECT,
            "--mail-from", "Menuiserie Directe <compta@directe.example>",
            "--mail-reply-to", "recouvrement@directe.example",
            "--sms-sender", "DIRECTE")  # fmt: skip
    return World(cases, env)


def test_every_message_carries_the_identity_of_the_party_that_writes(
    app: App, smtp: Inbox, world: World
) -> None:
    for seeded in world.cases.values():
        add_action(app.engine, seeded, "email")
        add_action(app.engine, seeded, "sms")
    gateway = LoopbackSmsGateway()
    # One email and one SMS per debtor on the same day: caps are not what this test is about.
    report = outbox_sender(app, sms=gateway, sms_lookup=gateway.lookup, policy=NO_CAPS).send(DAY)
    assert (report.sent, report.failed) == (6, 0), report.failures

    parsed = [message_from_bytes(data, policy=policy.default) for data in smtp.messages]
    received = {str(m["To"]): m for m in parsed}
    assert len(received) == 3
    for n in (0, 1):  # the agency's two clients: the agency writes
        message = received[f"compta@debiteur{n}.example"]
        assert message["From"] == "Cabinet Ferrand <dossiers@ferrand.example>"
        assert message["Reply-To"] == "gestion@ferrand.example"
        text = message.get_body(("plain",)).get_content()
        assert "Cabinet Ferrand — service des dossiers" in text
        assert "global.example" not in message.as_string() and "404833063" not in text
    direct = received["compta@debiteur2.example"]
    assert direct["From"] == "Menuiserie Directe <compta@directe.example>"
    assert direct["Reply-To"] == "recouvrement@directe.example"
    assert "Ferrand" not in direct.as_string()
    senders = {m.to: m.sender_id for m in gateway.sent}
    assert senders == {"+33612345670": "FERRAND", "+33612345671": "FERRAND",
                       "+33612345672": "DIRECTE"}  # fmt: skip
    assert set(statuses(app.engine).values()) == {"sent"}
    shown = json.loads(cli_run(world.env, "creditor", "show", DIRECT, "--json"))
    assert shown["sender"]["mail_from"] == "Menuiserie Directe <compta@directe.example>"


def test_a_party_without_identity_gets_no_message_under_anothers(
    app: App, smtp: Inbox, world: World
) -> None:
    cli_run(world.env, "agency", "set", AGENCY, "--mail-from", "", "--sms-sender", "")
    email = add_action(app.engine, world.cases[CLIENT_A], "email")
    text = add_action(app.engine, world.cases[CLIENT_B], "sms")
    direct = add_action(app.engine, world.cases[DIRECT], "email")
    gateway = LoopbackSmsGateway()
    report = outbox_sender(app, sms=gateway, sms_lookup=gateway.lookup).send(DAY)

    assert report.sent == 1 and len(smtp.messages) == 1 and gateway.sent == []
    assert message_from_bytes(smtp.messages[0])["From"] == (
        "Menuiserie Directe <compta@directe.example>"
    )
    reasons = dict(report.failures)
    assert reasons[email] == (
        "aucun expéditeur de courriel pour l'agence Cabinet Ferrand Recouvrement (SIREN "
        "552100554) : envoi refusé plutôt que sous l'identité d'un autre ; « recouvre agency "
        'set 552100554 --mail-from "Nom <adresse@domaine>" »'
    )
    assert reasons[text].startswith("aucun expéditeur SMS pour l'agence Cabinet Ferrand")
    assert statuses(app.engine)[direct] == "sent"


def test_a_creditor_without_identity_among_several_is_refused_not_sent_globally(
    app: App, smtp: Inbox, world: World
) -> None:
    cli_run(world.env, "creditor", "set", DIRECT, "--mail-from", "")
    email = add_action(app.engine, world.cases[DIRECT], "email")
    report = outbox_sender(app).send(DAY)
    assert smtp.messages == [] and report.failed == 1
    assert dict(report.failures)[email].startswith(
        f"aucun expéditeur de courriel pour le créancier Créancier {DIRECT} (SIREN {DIRECT})"
    )


def test_an_identity_that_could_forge_headers_is_refused(world: World) -> None:
    result = runner.invoke(
        cli, ["creditor", "set", DIRECT, "--mail-from", "sans-arobase", "--sms-sender",
              "BEAUCOUP TROP LONG"], env=world.env,
    )  # fmt: skip
    assert result.exit_code == 1
    assert "--mail-from : adresse « sans-arobase » invalide" in result.stderr
    assert "--sms-sender : expéditeur SMS « BEAUCOUP TROP LONG » invalide" in result.stderr
