"""Transcripts of ``recouvre journal verify`` and ``recouvre journal anchor``, in-process and,
once, through the installed ``recouvre`` program in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def database(env: dict[str, str]) -> Path:
    return Path(env["RECOUVRE_DATA_DIR"]) / "recouvre.sqlite3"


def test_verify_an_intact_journal(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "journal", "verify")
    assert code == 0
    # case_opened x2 + phase_changed, on two case streams.
    assert out.strip() == "Journal intègre : 3 entrée(s) dans 2 flux, 0 ancre(s) vérifiée(s)."


def test_anchor_then_nothing_more_to_anchor(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "journal", "anchor", "--json")
    assert code == 0
    [made] = json.loads(out)
    assert (made["seq"], made["streams"], len(made["digest"])) == (1, 2, 64)
    code, out, _ = run(seeded_cli_env, "journal", "anchor")
    assert code == 0 and out.startswith("Rien à ancrer")
    code, out, _ = run(seeded_cli_env, "journal", "verify", "--json")
    assert code == 0
    assert json.loads(out) | {"breaks": None} == {
        "ok": True,
        "entries": 3,
        "streams": 2,
        "anchors": 1,
        "timestamps": 0,
        "breaks": None,
        "truncated": False,
        "exported_anchors": [],
    }


def test_verify_names_an_entry_altered_behind_the_application(
    seeded_cli_env: dict[str, str],
) -> None:
    with sqlite3.connect(database(seeded_cli_env)) as connection:
        connection.execute("DROP TRIGGER journal_entries_no_update")
        connection.execute(
            "UPDATE journal_entries SET occurred_on = '2026-01-20' "
            "WHERE stream = 'case:1' AND seq = 2"
        )
        entry_id = connection.execute(
            "SELECT id FROM journal_entries WHERE stream = 'case:1' AND seq = 2"
        ).fetchone()[0]
    code, _, err = run(seeded_cli_env, "journal", "verify")
    assert code == 1
    # The chain breaks there, and the entry no longer matches its copy in the history.
    assert "JOURNAL ROMPU : 3 anomalie(s)" in err
    lines = err.splitlines()
    assert lines[1].startswith(f"  - flux case:1, n° 2, entrée {entry_id} : contenu modifié")
    copy = f"flux case:1, n° 2, entrée {entry_id} : « phase_changed » du 2026-01-20 : sa copie"
    assert copy in err


def test_the_installed_program_runs_init_and_verify(cli_env: dict[str, str]) -> None:
    program = shutil.which("recouvre", path=str(Path(sys.executable).parent))
    assert program is not None, "the recouvre script is installed in the venv"
    env = {**os.environ, **cli_env}
    init = subprocess.run([program, "init"], env=env, capture_output=True, text=True, check=False)
    assert init.returncode == 0, init.stderr
    assert "Base de données créée" in init.stdout
    verify = subprocess.run(
        [program, "journal", "verify"], env=env, capture_output=True, text=True, check=False
    )
    assert verify.returncode == 0, verify.stderr
    assert "Journal intègre : 0 entrée(s)" in verify.stdout


def test_verify_checks_an_exported_anchor_digest(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "journal", "anchor", "--json")
    assert code == 0
    [made] = json.loads(out)
    code, out, _ = run(seeded_cli_env, "journal", "verify", "--anchor", made["digest"])
    assert code == 0
    assert out.splitlines()[-1] == f"Ancre exportée retrouvée : n° 1, empreinte {made['digest']}"
    unknown = "ab" * 32
    code, out, err = run(seeded_cli_env, "journal", "verify", "--anchor", unknown)
    assert code == 1 and "Traceback" not in err
    assert (
        f"  - flux anchors : l'empreinte d'ancre exportée {unknown} ne figure pas dans la chaîne "
        "des ancres vérifiée : le journal a été réécrit avant cette ancre"
    ) in err


def test_verify_names_a_deleted_case_history(seeded_cli_env: dict[str, str]) -> None:
    with sqlite3.connect(database(seeded_cli_env)) as connection:
        connection.execute("DELETE FROM events WHERE case_id = 1")
    code, _, err = run(seeded_cli_env, "journal", "verify")
    assert code == 1
    assert "JOURNAL ROMPU : 2 anomalie(s)" in err
    assert "flux case:1, n° 1, entrée 1 : « case_opened » du " in err
    assert "sa copie dans l'historique des dossiers (table events) a été supprimée" in err


def test_anchor_with_a_time_stamping_authority(seeded_cli_env: dict[str, str]) -> None:
    from support.tsa import running_authority

    with running_authority() as (_, url):
        env = {**seeded_cli_env, "RECOUVRE_TSA_URL": url}
        code, out, err = run(env, "journal", "anchor")
        assert code == 0, err
        lines = out.splitlines()
        assert lines[0].startswith("Ancre n° 1 : 2 flux, empreinte ")
        assert lines[1].startswith(f"Ancre n° 1 horodatée (RFC 3161) par {url} : ")
        code, out, _ = run(env, "journal", "verify")
    assert code == 0
    assert out.strip() == (
        "Journal intègre : 3 entrée(s) dans 2 flux, 1 ancre(s) vérifiée(s), "
        "1 horodatage(s) RFC 3161."
    )


def test_anchor_with_an_unreachable_authority_says_so(seeded_cli_env: dict[str, str]) -> None:
    from support.outbox_seed import free_port

    url = f"http://127.0.0.1:{free_port()}/tsa"
    env = {**seeded_cli_env, "RECOUVRE_TSA_URL": url}
    code, out, err = run(env, "journal", "anchor")
    assert code == 1 and "Traceback" not in err
    assert out.startswith("Ancre n° 1 : 2 flux, empreinte ")
    assert err.startswith(f"Horodatage impossible : autorité d'horodatage {url} injoignable (")
    assert err.rstrip().endswith(
        "Ancre(s) n° 1 sans horodatage : il sera redemandé au prochain « recouvre journal anchor »."
    )
