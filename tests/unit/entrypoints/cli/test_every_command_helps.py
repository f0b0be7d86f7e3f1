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
