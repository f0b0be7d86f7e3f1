"""The ``recouvre`` program: it chooses the language of the messages, then runs the commands.

The language is set before Typer is imported (``typer.rich_utils`` translates its panel titles
when it is imported), so this module imports the commands only inside ``main``.
"""

from __future__ import annotations

from recouvre.entrypoints.cli.language import (
    activate_messages,
    cli_language,
    route_vendored_messages,
)


def main() -> None:
    language = cli_language()
    activate_messages(language)
    route_vendored_messages()
    from recouvre.entrypoints.cli.commands import app

    if language != "en":
        app()
        return
    import typer

    from recouvre.entrypoints.cli.help_catalog import translate_tree

    command = typer.main.get_command(app)
    translate_tree(command)  # English help where the catalogue has it (i18n/en/help.toml)
    command()
