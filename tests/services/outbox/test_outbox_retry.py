"""Retry of a failed action (``recouvre outbox retry``) on SQLite and PostgreSQL, with a real
SMTP server on 127.0.0.1: the cause fixed, a new attempt goes through the day's run (the
guard) and is sent exactly once with its own idempotency key; retries of anything else are
refused in French; ``case show`` lists the failure and its retry."""

from __future__ import annotations

import json
from email import message_from_bytes

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.adapters.db.tables import debtors, journal_entries
from recouvre.adapters.mail.smtp import message_id_for
from recouvre.bootstrap import App, outbox_retry, outbox_sender, run_day
from recouvre.services.outbox.retry import RetryError
from support.outbox_seed import DAY, Inbox, add_action, seed_case, statuses


def _fail_for_want_of_an_address(app: App) -> tuple[int, int]:
    """An email action that failed (no address known), then the address entered."""
    seeded = seed_case(app, email="")
    failed = add_action(app.engine, seeded, "email")
    report = outbox_sender(app).send(DAY)
    assert report.failed == 1 and statuses(app.engine)[failed] == "failed"
    with app.engine.begin() as connection:
        connection.execute(
            debtors.update()
            .where(debtors.c.id == seeded.debtor_id)
            .values(emails="compta@schmitt.example")
        )
    return seeded.case_id, failed


def test_a_retried_email_goes_through_the_run_and_is_sent_once(app: App, smtp: Inbox) -> None:
    case_id, failed = _fail_for_want_of_an_address(app)
    retried = outbox_retry(app, "cli:marie").retry(failed, DAY, "adresse saisie")
    assert (retried.failed_id, retried.attempt) == (failed, 2)
    assert retried.idempotency_key == f"case:{case_id}:step:email-1:attempt:2"
    assert statuses(app.engine) == {failed: "failed", retried.action_id: "deferred"}
    # Nothing goes out before the day's run has checked it with the guard.
    assert outbox_sender(app).send(DAY).sent == 0 and smtp.messages == []
    report = run_day(app, DAY)
    assert report.released == 1
    sent = outbox_sender(app).send(DAY)
    assert (sent.sent, sent.failed) == (1, 0)
    assert [message_from_bytes(m)["Message-ID"].strip() for m in smtp.messages] == [
        message_id_for(retried.idempotency_key, "recouvre.invalid")
    ]
    # Once: the run and the sender again send nothing more (the run plans the seeded case's
    # own scenario, whose first step the daily cap defers: the retry counted as today's contact).
    run_day(app, DAY)
    assert outbox_sender(app).send(DAY).sent == 0 and len(smtp.messages) == 1
    final = statuses(app.engine)
    assert (final[failed], final[retried.action_id]) == ("failed", "sent")
    assert set(final.values()) - {"failed", "sent"} <= {"deferred"}
    with app.engine.connect() as connection:
        rows = connection.execute(
            sa.select(journal_entries.c.actor, journal_entries.c.payload).where(
                journal_entries.c.kind == "action_retried"
            )
        ).all()
    assert [(r.actor, json.loads(r.payload)["new_action_id"]) for r in rows] == [
        ("cli:marie", retried.action_id)
    ]
    assert json.loads(rows[0].payload)["reason"] == "adresse saisie"
    assert app.verify_journal().ok
    # ``case show`` says why the first attempt failed and that it was retried.
    detail = app.case_queries.case_detail(str(case_id))
    assert detail is not None
    [issue] = detail.action_issues
    assert (issue.id, issue.status, issue.retried_by) == (failed, "failed", retried.action_id)
    assert issue.reason == "aucune adresse électronique connue pour le débiteur"


def test_retrying_anything_but_a_failed_action_is_refused(app: App, smtp: Inbox) -> None:
    _case, failed = _fail_for_want_of_an_address(app)
    service = outbox_retry(app)
    first = service.retry(failed, DAY)
    with pytest.raises(RetryError, match=f"déjà relancée : nouvel essai n° {first.action_id}"):
        service.retry(failed, DAY)
    with pytest.raises(RetryError, match="seule une action en échec"):
        service.retry(first.action_id, DAY)  # deferred, not failed
    with pytest.raises(RetryError, match="introuvable"):
        service.retry(999_999, DAY)
    assert len(statuses(app.engine)) == 2  # nothing inserted by the refusals


def test_all_failed_of_one_case(app: App, smtp: Inbox) -> None:
    case_id, failed = _fail_for_want_of_an_address(app)
    other = seed_case(app, email="", name="Garage Muller", siren="732829320")
    other_failed = add_action(app.engine, other, "email")
    outbox_sender(app).send(DAY)
    service = outbox_retry(app)
    done = service.retry_all_failed(DAY, "corrigé", case_key=str(case_id))
    assert [r.failed_id for r in done] == [failed]
    assert statuses(app.engine)[other_failed] == "failed"
    assert [r.failed_id for r in service.retry_all_failed(DAY)] == [other_failed]
    assert service.retry_all_failed(DAY) == []  # each retried once
    with pytest.raises(RetryError, match="dossier « D-0000-000000 » introuvable"):
        service.retry_all_failed(DAY, case_key="D-0000-000000")


def test_the_cli_retries_and_refuses_in_french(
    app: App, smtp: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recouvre.entrypoints.cli.commands import app as cli

    case_id, failed = _fail_for_want_of_an_address(app)
    monkeypatch.setenv("RECOUVRE_DATABASE_URL", app.engine.url.render_as_string(False))
    monkeypatch.setenv("RECOUVRE_DATA_DIR", str(app.settings.data_dir))
    runner = CliRunner()
    ok = runner.invoke(cli, ["outbox", "retry", str(failed), "--reason", "adresse", "--json"])
    assert ok.exit_code == 0, ok.output
    [row] = json.loads(ok.output)
    assert (row["failed_id"], row["attempt"]) == (failed, 2)
    again = runner.invoke(cli, ["outbox", "retry", str(failed)])
    assert again.exit_code != 0 and "déjà relancée" in again.output
    both = runner.invoke(cli, ["outbox", "retry", str(failed), "--all-failed"])
    assert both.exit_code == 2 and "pas les deux" in both.output
    shown = runner.invoke(cli, ["case", "show", str(case_id), "--json"])
    issues = json.loads(shown.output)["action_issues"]
    assert [(i["id"], i["status"], i["retried_by"]) for i in issues] == [
        (failed, "failed", row["action_id"])
    ]
