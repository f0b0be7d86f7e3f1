"""``recouvre metrics`` (issue 16, Operations): the Prometheus text exposition format, parsed
by Prometheus's own parser (``prometheus_client.parser``), each value checked against the
database: actions by status (planned, sent, failed, quarantined, awaiting approval), the queue
depth, the runs by outcome and the last run's duration."""

from __future__ import annotations

import sqlite3
from typing import Any

from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def metrics(env: dict[str, str]) -> dict[str, Any]:
    result = runner.invoke(app, ["metrics"], env=env)
    assert result.exit_code == 0, result.stdout + result.stderr
    families = {f.name: f for f in text_string_to_metric_families(result.stdout)}
    for family in families.values():
        assert family.documentation and family.type in ("gauge", "counter"), family
    return families


def value(families: dict[str, Any], name: str, **labels: str) -> float:
    for family in families.values():
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    raise AssertionError(f"{name} {labels} absent")


def test_metrics_agree_with_the_database(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    empty = metrics(env)
    assert value(empty, "recouvre_actions_planned_total") == 0
    assert value(empty, "recouvre_last_run_duration_seconds") == 0
    result = runner.invoke(app, ["run", "--on", "2026-03-02", "--sans-envoi"], env=env)
    assert result.exit_code == 0, result.stdout
    result = runner.invoke(app, ["run", "--on", "2026-03-03", "--sans-envoi"], env=env)
    assert result.exit_code == 0, result.stdout
    database = env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM actions ORDER BY id")]
        assert len(ids) >= 2
        db.execute("UPDATE actions SET status = 'failed' WHERE id = ?", (ids[0],))
        db.execute("UPDATE actions SET status = 'quarantined' WHERE id = ?", (ids[1],))
        by_status = dict(db.execute("SELECT status, count(*) FROM actions GROUP BY status"))
        (duration_ms,) = db.execute(
            "SELECT duration_ms FROM daily_runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        (runs,) = db.execute("SELECT count(*) FROM daily_runs WHERE outcome = 'done'").fetchone()
    families = metrics(env)
    for status in ("queued", "sent", "failed", "quarantined", "awaiting_approval", "deferred"):
        assert value(families, "recouvre_actions", status=status) == by_status.get(status, 0)
    assert value(families, "recouvre_actions", status="failed") == 1
    assert value(families, "recouvre_actions", status="quarantined") == 1
    assert value(families, "recouvre_actions_planned_total") == len(ids)
    assert value(families, "recouvre_actions_sent_total") == by_status.get("sent", 0)
    queue = by_status.get("queued", 0) + by_status.get("sending", 0)
    assert value(families, "recouvre_outbox_queue_depth") == queue
    assert value(families, "recouvre_daily_runs_total", outcome="done") == runs == 2
    assert value(families, "recouvre_last_run_duration_seconds") == duration_ms / 1000
    assert value(families, "recouvre_last_run_success") == 1
    assert value(families, "recouvre_run_in_progress") == 0
    assert value(families, "recouvre_last_run_end_timestamp_seconds") > 1.7e9
