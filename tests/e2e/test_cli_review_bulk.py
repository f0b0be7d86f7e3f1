"""``recouvre review`` as a person meets a long queue (issue 11, item 20): each action with its
case, debtor, what is owed and the command that shows its document; approving or cancelling by
creditor, step or scenario for many at once, confirmed with the count, each decision journaled;
an empty filter refused; single ids as before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def cli(env: dict[str, str], *args: str, answer: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env, input=answer)
    return result.exit_code, result.stdout + result.stderr


def _db(env: dict[str, str]) -> Path:
    return Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


def _awaiting(env: dict[str, str]) -> dict[int, tuple[int, str]]:
    """Five actions awaiting approval: three on case 1 (creditor 732829320), two on case 2
    (creditor 552100554); returns id -> (case, step)."""
    made = {}
    with sqlite3.connect(_db(env)) as db:
        for case, step, channel in (
            (1, "mise_en_demeure", "registered_letter"), (1, "relance_2", "email"),
            (1, "appel", "phone"), (2, "mise_en_demeure", "registered_letter"),
            (2, "relance_2", "letter"),
        ):  # fmt: skip
            cursor = db.execute(
                "INSERT INTO actions (idempotency_key, case_id, step_id, attempt, kind, channel,"
                " template, due_on, status, requires_approval, extra_delay_days, payload,"
                " created_at, updated_at) VALUES (?, ?, ?, 1, 'reminder_letter', ?, 'x',"
                " '2026-03-02', 'awaiting_approval', 1, 8, '{}', 't', 't')",
                (f"case:{case}:step:{step}:attempt:1", case, step, channel),
            )
            assert cursor.lastrowid is not None
            made[cursor.lastrowid] = (case, step)
    return made


def _statuses(env: dict[str, str]) -> dict[int, str]:
    with sqlite3.connect(_db(env)) as db:
        return dict(db.execute("SELECT id, status FROM actions").fetchall())


def _journaled(env: dict[str, str], kind: str) -> int:
    with sqlite3.connect(_db(env)) as db:
        (n,) = db.execute(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = ?", (kind,)
        ).fetchone()
    return int(n)


def test_the_list_says_who_owes_what_and_how_to_see_the_document(
    seeded_cli_env: dict[str, str],
) -> None:
    made = _awaiting(seeded_cli_env)
    code, out = cli(seeded_cli_env, "review", "list")
    assert code == 0, out
    first = min(made)
    assert f"n° {first}" in out
    assert "D-2026-000001  Boulangerie Schmitt — dû 1\u202f184,56\xa0€" in out
    assert "lettre recommandée" in out and "prévue le 02/03/2026" in out
    assert f"document : recouvre review show {first}" in out
    code, out = cli(seeded_cli_env, "review", "list", "--creditor", "552100554", "--limit", "1")
    assert code == 0 and "D-2026-000002" in out and "D-2026-000001" not in out, out
    assert "… et 1 autres (2 en attente" in out


def test_approve_by_creditor_and_cancel_by_step_for_many_at_once(
    seeded_cli_env: dict[str, str],
) -> None:
    made = _awaiting(seeded_cli_env)
    code, out = cli(seeded_cli_env, "review", "approve", "--creditor", "552100554", "--yes")
    assert code == 0 and "2 action(s) validées" in out, out
    statuses = _statuses(seeded_cli_env)
    assert {statuses[a] for a, (case, _) in made.items() if case == 2} == {"queued"}
    assert {statuses[a] for a, (case, _) in made.items() if case == 1} == {"awaiting_approval"}
    assert _journaled(seeded_cli_env, "action_approved") == 2

    code, out = cli(seeded_cli_env, "review", "cancel", "--step", "relance_2", "--motif",
                    "doublon de la relance de novembre", "--yes")  # fmt: skip
    assert code == 0 and "1 action(s) annulées" in out, out  # case 2's was approved already
    statuses = _statuses(seeded_cli_env)
    assert [statuses[a] for a, (c, s) in made.items() if s == "relance_2"] == [
        "cancelled", "queued"
    ]
    code, out = cli(seeded_cli_env, "journal", "verify")
    assert code == 0, out


def test_a_decision_without_a_target_is_refused_and_a_no_changes_nothing(
    seeded_cli_env: dict[str, str],
) -> None:
    made = _awaiting(seeded_cli_env)
    code, out = cli(seeded_cli_env, "review", "approve")
    assert code != 0 and "aucune action désignée" in out and "Traceback" not in out, out
    code, out = cli(seeded_cli_env, "review", "approve", "--all", answer="n\n")
    assert code == 0 and "Valider 5 action(s) ? [o/N]" in out and "Rien n'a été changé" in out
    code, out = cli(seeded_cli_env, "review", "approve", "--all", "--dry-run")
    assert code == 0 and "5 action(s) en attente concernée(s)" in out
    assert set(_statuses(seeded_cli_env).values()) == {"awaiting_approval"}
    one = min(made)
    code, out = cli(seeded_cli_env, "review", "approve", str(one), "--json")
    assert code == 0 and json.loads(out)["status"] == "queued", out
    code, out = cli(seeded_cli_env, "review", "approve", "--all", answer="o\n")
    assert code == 0 and "4 action(s) validées" in out, out
