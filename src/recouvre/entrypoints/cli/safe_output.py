"""What the command line prints of stored text never drives the terminal.

A debtor's name, an invoice number or a reason comes from files others wrote; a control
character in it (``ESC [2J`` clears the screen, OSC sequences set the window title or the
clipboard, U+202E reverses the text that follows) would act on the terminal of the person who
reads ``case show``. Every printer of the command line goes through the two primitives this
module guards: ``typer.echo`` and ``rich.console.Console.print``; ``install()`` (called once by
the root command) makes both show such characters as visible escapes (``\\x1b``, ``\\u202e``).
The styles rich itself writes are not text and are left alone.

The same two primitives are where the command line speaks English: with ``RECOUVRE_LANG=en``
(``install("en")``) every text, and a table's title, headers and cells, first goes through the
message catalogue (``messages_catalog.translate``); in French nothing is changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
from rich.rule import Rule
from rich.table import Table

from recouvre.letters.formatting import UNPRINTABLE


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written out as an escape."""
    return UNPRINTABLE.sub(_escape, text)


def json_visible(text: str) -> str:
    """JSON text with the same characters as JSON escapes (``\\u001b``), still valid JSON."""
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_language: dict[str, str] = {"current": "fr"}  # set by install() for the running command


def translated(text: str) -> str:
    """``text`` in the command line's language: as is in French, through the message
    catalogue in English (a message without an entry stays French)."""
    if _language["current"] != "en":
        return text
    from recouvre.entrypoints.cli.messages_catalog import translate

    return translate(text)


def _shown(text: str) -> str:
    return visible(translated(text))


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return _shown(value)
    if isinstance(value, Rule) and isinstance(value.title, str):
        value.title = _shown(value.title)
    if isinstance(value, Table):
        if isinstance(value.title, str):
            value.title = _shown(value.title)
        for column in value.columns:
            if isinstance(column.header, str):
                column.header = _shown(column.header)
            cells = column._cells  # rich keeps a column's cells here (rich 13/14)
            column._cells = [_shown(c) if isinstance(c, str) else c for c in cells]
    return value


def _guarded_echo(echo: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(message: Any = None, *args: Any, **kwargs: Any) -> Any:
        return echo(_safe(message), *args, **kwargs)

    guarded.__wrapped__ = echo  # type: ignore[attr-defined]
    return guarded


def _guarded_print(print_: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(self: Console, *objects: Any, **kwargs: Any) -> Any:
        return print_(self, *(_safe(o) for o in objects), **kwargs)

    guarded.__wrapped__ = print_  # type: ignore[attr-defined]
    return guarded


def _translated_prompt(prompt: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(text: str, *args: Any, **kwargs: Any) -> Any:
        return prompt(translated(text), *args, **kwargs)

    guarded.__wrapped__ = prompt  # type: ignore[attr-defined]
    return guarded


def install(language: str = "fr") -> None:
    """Guard ``typer.echo`` and ``Console.print``, and let ``typer.prompt`` ask in the
    command line's language (once; calling again only sets the language of the messages,
    ``fr`` or ``en``, for the command about to run)."""
    _language["current"] = language
    if not hasattr(typer.prompt, "__wrapped__"):
        typer.prompt = _translated_prompt(typer.prompt)
    if not hasattr(typer.echo, "__wrapped__"):
        typer.echo = _guarded_echo(typer.echo)
    if not hasattr(Console.print, "__wrapped__"):
        Console.print = _guarded_print(Console.print)  # type: ignore[method-assign]
