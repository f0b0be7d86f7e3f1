"""Emails are kept as sent (issue 11, item 12): the exact bytes the SMTP server received are
archived in the data folder, their SHA-256 is in the ``action_sent`` journal entry, and
``recouvre case documents CASE`` lists them (with the letters' PDFs) and exports them."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.adapters.db.tables import actions, journal_entries
from recouvre.bootstrap import App, outbox_sender
from recouvre.entrypoints.cli.commands import app as cli
from support.outbox_seed import DAY, FixedClock, Inbox, add_action, seed_case

runner = CliRunner()


def sent_entry(app: App, action_id: int) -> dict[str, object]:
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(journal_entries.c.payload).where(journal_entries.c.kind == "action_sent")
        ).scalars()
        payloads = [json.loads(r) for r in rows]
    [entry] = [p for p in payloads if p.get("action_id") == action_id]
    return entry


def cli_env(app: App) -> dict[str, str]:
    return {
        "RECOUVRE_DATABASE_URL": app.settings.database_url,
        "RECOUVRE_DATA_DIR": str(app.settings.data_dir),
        "RECOUVRE_LANG": "fr",
    }


def test_the_email_received_is_archived_byte_for_byte_and_listed(
    app: App, smtp: Inbox, tmp_path: Path
) -> None:
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email")
    other = seed_case(app, email="compta@autre.example", name="Autre SARL", siren="")
    letter = add_action(app.engine, other, "letter")
    assert outbox_sender(app).send(DAY).sent == 2

    [received] = smtp.messages
    digest = hashlib.sha256(received).hexdigest()
    name = f"{email:09d}-{digest[:16]}.eml"
    archive = app.settings.data_dir / "courriels" / DAY.isoformat() / name
    kept = archive.read_bytes()
    assert kept == received
    assert b"Message-ID:" in kept and b"application/pdf" in kept
    entry = sent_entry(app, email)
    assert entry["content_sha256"] == digest
    assert entry["archive"] == f"courriels/{DAY.isoformat()}/{name}"

    env = cli_env(app)
    result = runner.invoke(cli, ["case", "documents", seeded.reference], env=env)
    assert result.exit_code == 0, result.output
    assert f"Documents envoyés du dossier {seeded.reference} :" in result.stdout
    line = next(x for x in result.stdout.splitlines() if f"action {email} " in x)
    assert "courriel" in line and str(archive) in line and "(intact)" in line
    assert str(entry["content_sha256"]) in line

    out = tmp_path / "relance.eml"
    exported = runner.invoke(
        cli, ["case", "documents", seeded.reference, "--export", str(email), "--out", str(out)],
        env=env,
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert out.read_bytes() == kept

    # The letter of the other case: its PDF from the tray, listed under its own case only.
    data = json.loads(
        runner.invoke(cli, ["case", "documents", other.reference, "--json"], env=env).stdout
    )
    assert [d["action_id"] for d in data["documents"]] == [letter]
    assert data["documents"][0]["intact"] is True
    assert data["documents"][0]["path"].endswith(f"{letter:09d}.pdf")
    refused = runner.invoke(
        cli, ["case", "documents", other.reference, "--export", str(email), "--out", str(out)],
        env=env,
    )  # fmt: skip
    assert refused.exit_code == 1 and "aucun document conservé" in refused.stderr


def test_an_archive_altered_after_sending_is_shown_as_such(app: App, smtp: Inbox) -> None:
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email")
    assert outbox_sender(app).send(DAY).sent == 1
    [archive] = (app.settings.data_dir / "courriels" / DAY.isoformat()).glob(f"{email:09d}-*")
    archive.write_bytes(archive.read_bytes().replace(b"Subject:", b"Subject: RE"))
    result = runner.invoke(cli, ["case", "documents", seeded.reference], env=cli_env(app))
    assert result.exit_code == 0 and "ALTÉRÉ depuis l'envoi" in result.stdout


def test_a_message_sent_again_keeps_both_copies(app: App, smtp: Inbox) -> None:
    """A quarantined email a person sends again (``outbox resolve --resend``) leaves with a new
    Date header: the second message is kept beside the first, never over it."""
    seeded = seed_case(app)
    email = add_action(app.engine, seeded, "email")
    assert outbox_sender(app).send(DAY).sent == 1
    with app.engine.begin() as connection:  # as after a crash, a quarantine, then --resend
        connection.execute(
            actions.update().where(actions.c.id == email).values(status="queued", sent_at=None)
        )
    assert isinstance(app.clock, FixedClock)
    app.clock.moment += timedelta(minutes=5)
    report = outbox_sender(app).send(DAY)
    assert report.sent == 1 and report.quarantined == 0 and len(smtp.messages) == 2
    kept = sorted((app.settings.data_dir / "courriels" / DAY.isoformat()).glob("*.eml"))
    assert sorted(p.read_bytes() for p in kept) == sorted(smtp.messages)
    listed = runner.invoke(cli, ["case", "documents", seeded.reference, "--json"],
                           env=cli_env(app))  # fmt: skip
    [document] = json.loads(listed.stdout)["documents"]
    assert document["intact"] is True
    assert document["path"].endswith(hashlib.sha256(smtp.messages[1]).hexdigest()[:16] + ".eml")
