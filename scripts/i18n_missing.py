"""Print, one per line, every help text of the CLI without an English entry in
src/recouvre/entrypoints/cli/i18n/en/help.toml; exit code 1 if any."""

from __future__ import annotations

import sys

import typer

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.help_catalog import english_help, help_texts


def main() -> int:
    english = english_help()
    missing = sorted({t for t in help_texts(typer.main.get_command(app)) if t not in english})
    for text in missing:
        print(text.replace("\n", "\\n"))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
