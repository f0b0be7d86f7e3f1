"""What the command line prints of stored text never drives the terminal.

A debtor's name, an invoice number or a reason comes from files others wrote; a control
character in it (``ESC [2J`` clears the screen, OSC sequences set the window title or the
clipboard, U+202E reverses the text that follows) would act on the terminal of the person who
reads ``case show``. Every printer of the command line goes through the two primitives this
module guards: ``typer.echo`` and ``rich.console.Console.print``; ``install()`` (called once by
the root command) makes both show such characters as visible escapes (``\\x1b``, ``\\u202e``).
The styles rich itself writes are not text and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer
from rich.console import Console
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


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, Table):
        if isinstance(value.title, str):
            value.title = visible(value.title)
        for column in value.columns:
            if isinstance(column.header, str):
                column.header = visible(column.header)
            cells = column._cells  # rich keeps a column's cells here (rich 13/14)
            column._cells = [visible(c) if isinstance(c, str) else c for c in cells]
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


def install() -> None:
    """Guard ``typer.echo`` and ``Console.print`` (once; calling again changes nothing)."""
    if not hasattr(typer.echo, "__wrapped__"):
        typer.echo = _guarded_echo(typer.echo)
    if not hasattr(Console.print, "__wrapped__"):
        Console.print = _guarded_print(Console.print)  # type: ignore[method-assign]
