"""English help at the edge: the catalogue ``i18n/en/help.toml`` translates the help texts of
the Click tree when ``RECOUVRE_LANG=en``; a text without an entry stays French."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.help_catalog import english_help, help_texts, translate_tree

ROOT = Path(__file__).resolve().parents[4]


def test_the_program_in_english_shows_the_english_help() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from recouvre.entrypoints.cli.main import main; main()", "--help"],
        env={"RECOUVRE_LANG": "en", "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Shows the version of recouvre." in done.stdout
    assert "Affiche la version de recouvre." not in done.stdout


def test_a_text_without_entry_stays_french_and_french_is_untouched() -> None:
    command = typer.main.get_command(app)
    translate_tree(command, {"Affiche la version de recouvre.": "Shows the version."})
    french = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "Affiche la version de recouvre." in french.output
    texts = list(help_texts(command))
    assert "Shows the version." in texts
    assert any(text not in english_help() for text in texts)  # still French, not lost


def test_the_missing_script_lists_untranslated_texts_only() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n_missing.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == (1 if done.stdout.strip() else 0)
    assert "Affiche la version de recouvre." not in done.stdout.splitlines()


def test_judicial_start_help_lists_the_french_aliases() -> None:
    result = CliRunner().invoke(app, ["judicial", "start", "--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    assert "payment_order (ip, injonction-de-payer)" in " ".join(result.output.split())
