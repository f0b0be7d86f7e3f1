"""Structured logs (issue 16, Operations): with ``RECOUVRE_LOG_FORMAT=json`` (or ``log_format =
"json"`` in ``recouvre.toml``) the daily run and the sender write one JSON object per line on
stderr, with the run's id, the case references, the action ids and counts, and no debtor's
name, e-mail or address; by default stderr stays quiet."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

RECOUVRE = str(Path(sys.executable).with_name("recouvre"))
SEND_NOW = "2026-03-02T10:00:00+01:00"  # a Monday morning: the hours rule lets emails go


class Inbox:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.count += 1
        return "250 OK"


@pytest.fixture
def smtp_env(seeded_cli_env: dict[str, str]) -> Iterator[tuple[dict[str, str], Inbox]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**os.environ, **seeded_cli_env}
    for name in ("RECOUVRE_TEST_CRASH_AT", "RECOUVRE_RUN_CRASH_AFTER_PAGES", "RECOUVRE_LOG_FORMAT"):
        env.pop(name, None)
    env.update(
        RECOUVRE_SMTP_HOST="127.0.0.1", RECOUVRE_SMTP_PORT=str(port),
        RECOUVRE_SMTP_SECURITY="none", RECOUVRE_TEST_SEND_NOW=SEND_NOW,
    )  # fmt: skip
    for siren, iban in (("732829320", "FR7630006000011234567890189"),
                        ("552100554", "FR7630004000031234567890143")):  # fmt: skip
        subprocess.run(
            [RECOUVRE, "creditor", "set", siren, "--iban", iban, "--mail-from",
             f"Relances <relances-{siren}@creancier.example>"],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
    try:
        yield env, inbox
    finally:
        controller.stop()


def run(env: dict[str, str], on: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [RECOUVRE, "run", "--on", on], env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def personal_data(env: dict[str, str]) -> list[str]:
    """The debtors' names, e-mails, phone numbers and address lines of the seeded data."""
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM debtors").fetchall()
    values: list[str] = []
    for row in rows:
        for column in ("name", "emails", "phones", "address_lines", "city"):
            raw = row[column] if column in row.keys() else None  # noqa: SIM118 (sqlite3.Row)
            if not raw:
                continue
            try:
                parsed = json.loads(raw)
            except (TypeError, ValueError):
                parsed = raw
            values.extend(parsed if isinstance(parsed, list) else [str(parsed)])
    return [v for v in values if len(v) >= 4]


def lines_of(stderr: str) -> list[dict[str, Any]]:
    lines = stderr.splitlines()
    assert lines, "no log line"
    parsed = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all(isinstance(p, dict) for p in parsed)
    return parsed


def test_the_run_and_the_sender_log_json_lines_without_personal_data(
    smtp_env: tuple[dict[str, str], Inbox],
) -> None:
    env, inbox = smtp_env
    done = run({**env, "RECOUVRE_LOG_FORMAT": "json"}, "2026-03-02")
    assert done.returncode == 0, done.stderr
    logged = lines_of(done.stderr)
    for line in logged:
        assert {"timestamp", "level", "event"} <= line.keys(), line
    events = [line["event"] for line in logged]
    assert events[0] == "run_started" and "run_finished" in events, events
    assert "page_written" in events
    sending = [line for line in logged if line["event"].startswith("action_")]
    assert sending and inbox.count > 0, events
    sent = [line for line in sending if line["event"] == "action_sent"]
    assert len([line for line in sent if line["channel"] == "email"]) == inbox.count
    with sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")) as db:
        (run_id,) = db.execute("SELECT id FROM daily_runs").fetchone()
        ids = {row[0] for row in db.execute("SELECT id FROM actions")}
        references = {row[0] for row in db.execute("SELECT reference FROM cases")}
    assert {line["run_id"] for line in logged} == {run_id}
    assert {line["action_id"] for line in sending} <= ids
    assert {line["case_reference"] for line in sending} <= references
    finished = next(line for line in logged if line["event"] == "run_finished")
    assert finished["counts"]["cases"] == 2 and finished["duration_s"] >= 0
    secrets = personal_data(env)
    assert any("@" in s for s in secrets) and len(secrets) >= 3, secrets
    for secret in secrets:
        assert secret not in done.stderr, secret


def test_quiet_by_default_and_json_from_the_settings_file(
    smtp_env: tuple[dict[str, str], Inbox],
) -> None:
    env, _ = smtp_env
    quiet = run(env, "2026-03-02")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    assert "Tournée du jour du 02/03/2026" in quiet.stdout
    Path(env["RECOUVRE_DATA_DIR"], "recouvre.toml").write_text(
        'log_format = "json"\n', encoding="utf-8"
    )
    again = run(env, "2026-03-03")
    assert again.returncode == 0, again.stderr
    assert lines_of(again.stderr)[0]["event"] == "run_started"
    wrong = run({**env, "RECOUVRE_LOG_FORMAT": "xml"}, "2026-03-03")
    assert wrong.returncode == 1
    assert "RECOUVRE_LOG_FORMAT : « xml » inconnu (human ou json attendu)" in wrong.stderr
