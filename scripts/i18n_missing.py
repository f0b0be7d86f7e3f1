"""Print, one per line, every text of the CLI without an English entry; exit code 1 if any:

- the help texts without an entry in src/recouvre/entrypoints/cli/i18n/en/help.toml;
- the messages (errors, printed lines, table headers, status words) without an entry in
  src/recouvre/entrypoints/cli/i18n/en/messages.toml, as ``path:line<TAB>template``
  (``scripts/i18n_messages.py`` finds them in the source)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from i18n_messages import missing

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.help_catalog import english_help, help_texts
from recouvre.entrypoints.cli.messages_catalog import english_messages


def main() -> int:
    english = english_help()
    absent = sorted({t for t in help_texts(typer.main.get_command(app)) if t not in english})
    for text in absent:
        print(text.replace("\n", "\\n"))
    messages = missing(english_messages())
    for message in messages:
        print(f"{message.where}\t{message.template.replace(chr(10), chr(92) + 'n')}")
    return 1 if absent or messages else 0


if __name__ == "__main__":
    sys.exit(main())
