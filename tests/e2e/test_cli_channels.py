"""Transcript of the channels' commands on a SQLite data folder, with a real SMTP server:
``send``, ``send --resolve``, ``outbox resolve``, ``calls``, ``tracking``, ``bounces``."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from recouvre.adapters.db.tables import actions
from recouvre.bootstrap import build
from recouvre.entrypoints.cli.commands import app as cli
from recouvre.settings import load_settings
from support.outbox_seed import SEND_NOW, add_action, seed_case

runner = CliRunner()
DAY = "2026-11-23"


class Inbox:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.count += 1
        return "250 OK"


@pytest.fixture
def env(cli_env: dict[str, str]) -> Iterator[tuple[dict[str, str], Inbox, dict[str, int]]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    full = {
        **cli_env,
        "RECOUVRE_SMTP_HOST": "127.0.0.1",
        "RECOUVRE_SMTP_PORT": str(port),
        "RECOUVRE_SMTP_SECURITY": "none",
        "RECOUVRE_TEST_SEND_NOW": SEND_NOW,
    }
    application = build(load_settings(cli_env), actor="test:seed")
    application.init_database()
    seeded = seed_case(application)
    # One contact per debtor and day: the letters go to two other debtors (the sender's caps).
    others = [
        seed_case(application, email=f"compta@autre{n}.example", name=f"Autre {n}", siren=None)  # type: ignore[arg-type]
        for n in (2, 3)
    ]
    ids = {
        "email": add_action(application.engine, seeded, "email"),
        "letter": add_action(application.engine, others[0], "letter"),
        "registered_letter": add_action(application.engine, others[1], "registered_letter"),
        "phone": add_action(application.engine, seeded, "phone"),
    }
    application.dispose()
    try:
        yield full, inbox, ids
    finally:
        controller.stop()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_send_then_follow_up_every_channel(env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    environ, inbox, ids = env
    code, out, err = run(environ, "send", "--date", DAY)
    assert code == 0, err
    assert out.splitlines()[0] == (
        "Envoyés : 3 ; échecs : 0 ; en quarantaine : 0 ; remis en file : 0 ; issues "
        "rétablies après interruption : 0."
    )
    batch = Path(environ["RECOUVRE_DATA_DIR"]) / "impression" / f"lot-{DAY}.pdf"
    assert f"Lot d'impression : {batch} (2 lettre(s) dont 1 recommandée(s))." in out
    assert batch.exists() and inbox.count == 1
    assert run(environ, "send", "--date", DAY, "--json")[1].count('"sent": 0') == 1
    assert run(environ, "send", "--resolve")[1].strip() == "Aucune action en quarantaine."

    code, out, _ = run(environ, "calls", "list", "--date", DAY)
    assert code == 0 and out.startswith(f"{ids['phone']}\t{DAY}\tD-2026-000001\tBoulangerie")
    code, out, _ = run(environ, "calls", "show", str(ids["phone"]), "--date", DAY)
    assert code == 0 and "Script d'appel — dossier D-2026-000001" in out
    code, out, err = run(environ, "calls", "outcome", str(ids["phone"]), "promise",
                         "--amount", "500,00", "--by", "2026-12-05", "--date", DAY)  # fmt: skip
    assert code == 0, err
    assert (
        out.strip() == f"Appel {ids['phone']} : promesse de paiement enregistré ; tâche « faite »."
    )
    code, _, err = run(environ, "calls", "outcome", str(ids["phone"]), "reached")
    assert code == 1 and "déjà traitée" in err

    registered = str(ids["registered_letter"])
    code, out, err = run(environ, "tracking", "assign", registered, "1A 012 345 6789 0",
                         "--posted-on", DAY)  # fmt: skip
    assert code == 0, err
    assert out.strip() == f"Action {registered} : postée le 23/11/2026, suivi 1A01234567890."
    bad = tmp_path / "mauvais.csv"
    bad.write_text("numero;date;evenement\n1A01234567890;26/11/2026;égaré\n", encoding="utf-8")
    code, _, err = run(environ, "tracking", "import", str(bad))
    assert code == 1
    assert "mauvais.csv, ligne 2, colonne « evenement » : événement « égaré » inconnu" in err
    good = tmp_path / "suivi.csv"
    good.write_text("numero;date;evenement\n1A01234567890;26/11/2026;AR signé\n", encoding="utf-8")
    code, out, err = run(environ, "tracking", "import", str(good), "--json")
    assert code == 0, err
    assert json.loads(out)["received"] == [{"case": "D-2026-000003", "on": "2026-11-26"}]

    folder = tmp_path / "retours"
    folder.mkdir()
    application = build(load_settings(environ))
    with application.engine.connect() as connection:
        message_id = connection.execute(
            sa.select(actions.c.provider_ref).where(actions.c.id == ids["email"])
        ).scalar_one()
    application.dispose()
    (folder / "dsn.eml").write_text(
        "From: MAILER-DAEMON@mx.example\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
        "Final-Recipient: rfc822; compta@schmitt.example\nAction: failed\nStatus: 5.1.1\n\n"
        f"--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: {message_id}\n\n--B--\n"
    )
    code, out, err = run(environ, "bounces", "import", str(folder))
    assert code == 0, err
    assert "adresses injoignables : compta@schmitt.example." in out
    assert "D-2026-000001 : courriel abandonné, relances par courrier" in out


def test_refusals(env) -> None:  # type: ignore[no-untyped-def]
    environ, _, ids = env
    code, _, err = run(environ, "send", "--channel", "fax")
    assert code == 2 and "canal inconnu « fax »" in err
    code, _, err = run(environ, "outbox", "resolve", str(ids["email"]), "--sent")
    assert code == 1 and "seule une action en quarantaine" in err
    code, _, err = run(environ, "outbox", "resolve", str(ids["email"]))
    assert code == 2 and "--sent ou --resend" in err
    code, _, err = run(environ, "calls", "outcome", str(ids["phone"]), "promise", "--by", DAY,
                       "--date", DAY)  # fmt: skip
    assert code == 1 and "montant promis" in err


def test_a_send_at_night_defers_the_email_and_says_so(env) -> None:  # type: ignore[no-untyped-def]
    environ, inbox, _ = env
    night = {**environ, "RECOUVRE_TEST_SEND_NOW": "2026-11-23T22:30:00+01:00"}  # Monday
    code, out, err = run(night, "send", "--date", DAY)
    assert code == 0, err
    assert inbox.count == 0  # the email waits; letters post on working days, any hour
    assert out.splitlines()[0].startswith("Envoyés : 2 ;")
    assert (
        "Reportés à la prochaine plage autorisée (heure, jour férié ou plafond à l'instant de "
        "l'envoi) : 1." in out
    )
    morning = {**environ, "RECOUVRE_TEST_SEND_NOW": "2026-11-24T08:00:00+01:00"}
    code, out, err = run(morning, "send", "--date", "2026-11-24")
    assert code == 0 and inbox.count == 1, out + err
