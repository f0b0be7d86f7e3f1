"""Transcripts of ``recouvre run``, ``recouvre event ...`` and ``recouvre review ...`` on the
seeded database (case 1: a company in Metz, formal notice phase; case 2: a consumer on La
Réunion, reachable by letter only)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_dry_run_prints_the_plan_and_writes_nothing(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "run", "--on", "2026-03-02", "--dry-run", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["dry_run"] is True and data["actions"] == 2
    assert {line["reference"] for line in data["lines"]} == {"D-2026-000001", "D-2026-000002"}
    code, out, _ = run(seeded_cli_env, "run", "--on", "2026-03-02", "--dry-run", "--json")
    assert json.loads(out)["actions"] == 2  # still nothing written by the first dry run
    code, out, _ = run(seeded_cli_env, "review", "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_run_is_idempotent_and_prints_french(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0
    assert "Tournée du jour du 02/03/2026" in out and "actions : 2" in out
    code, out, _ = run(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi", "--json")
    data = json.loads(out)
    assert data["actions"] == 0 and data["cases"] == 0


def test_events_from_the_command_line(seeded_cli_env: dict[str, str]) -> None:
    run(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
    code, out, _ = run(
        seeded_cli_env, "event", "promise", "D-2026-000001", "--amount", "500,00",
        "--by", "2026-03-20", "--on", "2026-03-02", "--json",
    )  # fmt: skip
    assert code == 0, out
    data = json.loads(out)
    assert data["plan_status"] == "paused" and data["next_action_on"] == "2026-03-24"
    assert len(data["withdrawn"]) == 1  # the step issued this morning is taken back
    code, out, _ = run(
        seeded_cli_env, "evenement", "paiement", "D-2026-000002", "--montant", "99,90",
        "--le", "2026-03-03",
    )  # fmt: skip
    assert code == 0 and "dossier clos : soldé par paiement" in out
    code, _, err = run(seeded_cli_env, "event", "close", "D-2026-000002", "--reason", "paid")
    assert code == 1 and "déjà clos" in err
    code, _, err = run(seeded_cli_env, "event", "dispute", "D-2026-999999", "--reason", "x")
    assert code == 1 and "introuvable" in err
    code, _, err = run(seeded_cli_env, "event", "unreachable", "1", "--channel", "pigeon")
    assert code == 1 and "pigeon" in err


def test_review_refuses_an_action_that_does_not_wait_for_approval(
    seeded_cli_env: dict[str, str],
) -> None:
    run(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
    code, _, err = run(seeded_cli_env, "review", "approve", "1")
    assert code == 1 and "pas en attente de validation" in err
    code, _, err = run(seeded_cli_env, "review", "cancel", "999", "--reason", "doublon")
    assert code == 1 and "introuvable" in err


def test_run_then_hands_the_outbox_to_the_sender(seeded_cli_env: dict[str, str]) -> None:
    # The sender checks the hours at the instant it sends: Monday 2 March, 10:00 in Paris.
    seeded_cli_env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    code, out, err = run(seeded_cli_env, "run", "--on", "2026-03-02", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["actions"] == 2
    # The sender read both snapshots; the seeded creditors have no IBAN, so the mentions
    # checker refuses the letters: the plan stays committed, the failures are reported.
    sending = data["sending"]
    assert sending["sent"] + sending["failed"] == 2, sending
    assert all("IBAN" in f["reason"] for f in sending["failures"]), sending


def test_run_says_in_words_what_the_sender_did(seeded_cli_env: dict[str, str]) -> None:
    # sent at 10:00 on a Monday: inside the allowed hours whatever the time the suite runs at
    env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    code, out, err = run(env, "run", "--on", "2026-03-02")
    assert code == 0, err
    sending = out.split("  envoi : ", 1)[1]
    assert sending.startswith("0 envoyé(s), 2 en échec, 0 reporté(s)")
    # the same refusal for several actions is said once, with its count; no Python value
    assert "{" not in sending and "'sent'" not in sending
    assert "    - " in sending and "action(s) : " in sending
