"""English help of the command line: ``i18n/en/help.toml`` maps each French help text (the
exact string) to its English text. With ``RECOUVRE_LANG=en`` the Click command tree is walked
before it runs and every help text with an entry is replaced; a text without one stays French."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

CATALOG = Path(__file__).resolve().parent / "i18n" / "en" / "help.toml"


@cache
def english_help() -> dict[str, str]:
    """The French help text → English help text catalogue, read once."""
    with CATALOG.open("rb") as handle:
        entries: dict[str, Any] = tomllib.load(handle).get("help", {})
    return {str(key): str(value) for key, value in entries.items()}


def help_texts(command: Any) -> Iterator[str]:
    """Every help text of ``command`` and its subcommands (commands and parameters)."""
    for text in (command.help, command.short_help):
        if text:
            yield text
    for param in command.params:
        if getattr(param, "help", None):
            yield param.help
    for sub in getattr(command, "commands", {}).values():
        yield from help_texts(sub)


def translate_tree(command: Any, catalog: dict[str, str] | None = None) -> None:
    """Replace in place each help text of the tree that has an English entry."""
    english = english_help() if catalog is None else catalog
    for attribute in ("help", "short_help"):
        text = getattr(command, attribute)
        if text and text in english:
            setattr(command, attribute, english[text])
    for param in command.params:
        text = getattr(param, "help", None)
        if text and text in english:
            param.help = english[text]
    for sub in getattr(command, "commands", {}).values():
        translate_tree(sub, english)
