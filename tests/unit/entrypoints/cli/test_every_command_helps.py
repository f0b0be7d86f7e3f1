"""Every command and every argument or option of ``recouvre`` says what it is for (issue 11,
item 21): walked over the whole command tree, so that a command added later without help fails
here. The French aliases a choice accepts are shown in its help."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def _commands(command: Any, path: str = "recouvre") -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, child in sorted((getattr(command, "commands", None) or {}).items()):
        yield from _commands(child, f"{path} {name}")


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_the_tree_is_walked_whole() -> None:
    paths = {path for path, _ in COMMANDS}
    assert len(COMMANDS) > 100
    assert {"recouvre run", "recouvre judicial start", "recouvre import statement"} <= paths


def test_every_command_and_every_parameter_has_a_help_text() -> None:
    missing = [
        f"{path} {param.name}" if param is not None else path
        for path, command in COMMANDS
        if not getattr(command, "hidden", False)
        for param in [None, *command.params]
        if (param is None and not command.help)
        or (param is not None and param.name != "help" and not getattr(param, "help", None))
    ]
    assert missing == [], "sans aide : " + ", ".join(missing)


def test_the_french_aliases_are_shown_where_a_choice_accepts_them() -> None:
    wide = {"COLUMNS": "250"}  # one line per help text, not wrapped in the panel's box
    result = runner.invoke(app, ["judicial", "start", "--help"], env=wide)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "payment_order (ip, injonction-de-payer)" in text
    assert "small_claims (petites-creances)" in text
    event = runner.invoke(app, ["judicial", "event", "--help"], env=wide)
    assert "signifie (served)" in " ".join(event.stdout.split())


def test_the_alias_in_the_help_is_accepted(seeded_cli_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["judicial", "start", "D-2026-000001", "ip", "--on",
                                 "2026-03-02", "--force"], env=seeded_cli_env)  # fmt: skip
    assert "injonction de payer" in result.stdout, result.stdout + result.stderr


def test_every_help_text_has_its_english_entry() -> None:
    from recouvre.entrypoints.cli.help_catalog import english_help, help_texts

    english = english_help()
    missing = sorted(t for t in help_texts(typer.main.get_command(app)) if t not in english)
    assert missing == [], "sans traduction (scripts/i18n_missing.py) : " + " | ".join(missing)


def test_every_command_s_help_runs_in_english_without_its_french_text() -> None:
    import subprocess
    import sys
    from pathlib import Path

    from recouvre.entrypoints.cli.help_catalog import english_help

    english = english_help()
    for path, command in COMMANDS[:: max(1, len(COMMANDS) // 8)]:  # a spread of 8 commands
        args = path.split()[1:]
        done = subprocess.run(
            [str(Path(sys.executable).parent / "recouvre"), *args, "--help"],
            capture_output=True, text=True, env={"RECOUVRE_LANG": "en", "COLUMNS": "400",
                                                 "PATH": "/usr/bin:/bin"}, check=False,
        )  # fmt: skip
        assert done.returncode == 0, (path, done.stderr)
        shown = " ".join(done.stdout.split())
        if command.help and command.help in english:
            assert " ".join(english[command.help].split())[:60] in shown, path
        assert "Utilisation" not in shown, path
