"""The language of the ``recouvre`` command line, French first: our texts and Click's and
Typer's own.

Click and Typer print their own strings ("Usage:", "Options", "Missing argument", "Show this
message and exit."...) through the module-level ``gettext.gettext``/``ngettext``, which look the
message up in the *current* text domain, in the catalog of the language named by the
``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` environment variable (the first one set).
``main()`` calls :func:`activate_messages` when the program starts, before it imports Typer
(``typer.rich_utils`` translates its panel titles when it is imported); nothing happens when
this module is imported:

- ``bindtextdomain``/``textdomain`` point gettext at ``i18n/<lang>/LC_MESSAGES/recouvre_cli.mo``
  (maintained by ``scripts/extract_cli_messages.py``);
- ``LANGUAGE`` is set to ``fr`` (default) or ``en`` (``RECOUVRE_LANG=en``, read through
  ``recouvre.settings``). gettext offers no other way to choose the language of the module-level
  functions Click calls, and ``LANGUAGE`` is the variable meant for exactly this: it is read
  first, so the user's ``LANG``/``LC_ALL`` (``C``, ``en_US.UTF-8``...) no longer decide the
  language, and it names a message language only: ``LC_NUMERIC``/``LC_TIME`` formatting is left
  as it was. Babel's *default* locale also looks at ``LANGUAGE``, which is harmless because
  recouvre always passes the locale to Babel explicitly. Child processes inherit it, which only
  affects the language of their messages.

Typer 0.29 runs on its own copy of Click (``typer._click``) in which most strings are English
literals, not gettext calls, and it checks values with pydantic, whose messages are English.
:func:`route_vendored_messages` sends them through gettext: the usage prefix, the help option's
text, "Invalid value", "Missing argument", "No such option" with upstream Click's msgids, and the
other literal messages (``VENDORED_MESSAGES``, see :mod:`recouvre.entrypoints.cli.i18n`) after
matching their English wording. That touches private Typer classes;
``tests/e2e/test_cli_french_messages.py`` fails if an upgrade moves them, and an English message
that no pattern matches is shown unchanged (never lost).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping, Sequence
from gettext import gettext as _
from gettext import ngettext
from pathlib import Path
from typing import Any, Literal

from recouvre.entrypoints.cli.i18n import translate_literal
from recouvre.settings import load_language

CATALOG_DOMAIN = "recouvre_cli"
LOCALE_DIR = Path(__file__).resolve().parent / "i18n"

CliLanguage = Literal["fr", "en"]


def cli_language(environ: Mapping[str, str] | None = None) -> CliLanguage:
    """``en`` when the recouvre language setting asks for English (``en``, ``en_GB``...),
    otherwise ``fr``: the command line is French first."""
    setting = load_language(environ).strip().lower()
    return "en" if setting.replace("-", "_").split("_")[0] == "en" else "fr"


def activate_messages(language: CliLanguage) -> None:
    """Make gettext (hence Click and Typer) speak ``language``, whatever ``LANG``/``LC_ALL`` say."""
    gettext.bindtextdomain(CATALOG_DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(CATALOG_DOMAIN)
    os.environ["LANGUAGE"] = language


def route_vendored_messages() -> None:
    """Send the English literals of ``typer._click`` that users see through gettext.

    Each replacement reproduces the vendored method with upstream Click's msgids (Click 8.5
    ``formatting.py``, ``decorators.py``, ``exceptions.py``), which the catalog translates.
    """
    from typer._click import core, exceptions, formatting

    write_usage = formatting.HelpFormatter.write_usage
    get_help_option = core.Command.get_help_option

    def translated_write_usage(
        self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        usage = _("Usage:")
        write_usage(self, prog, args, usage + " " if prefix is None else prefix)

    def translated_help_option(self: core.Command, ctx: core.Context) -> Any:
        option = get_help_option(self, ctx)
        if option is not None and option.help == "Show this message and exit.":
            option.help = _("Show this message and exit.")
        return option

    def usage_error(self: exceptions.ClickException) -> str:
        return _ours(translate_literal(self.message))

    def invalid_value(self: exceptions.BadParameter) -> str:
        hint = _param_hint(self)
        message = _ours(translate_literal(self.message))
        if hint is None:
            return _("Invalid value: {message}").format(message=message)
        return _("Invalid value for {param_hint}: {message}").format(
            param_hint=hint, message=message
        )

    replacements: tuple[tuple[type, str, Callable[..., Any]], ...] = (
        (formatting.HelpFormatter, "write_usage", translated_write_usage),
        (core.Command, "get_help_option", translated_help_option),
        (exceptions.ClickException, "format_message", usage_error),
        (exceptions.BadParameter, "format_message", invalid_value),
        (exceptions.MissingParameter, "format_message", _missing_parameter),
        (exceptions.NoSuchOption, "format_message", _no_such_option),
    )
    for owner, name, function in replacements:
        setattr(owner, name, function)


def _ours(message: str) -> str:
    """A usage error raised by recouvre itself (``typer.BadParameter("date invalide…")``),
    in English from ``i18n/en/messages.toml`` when the command line speaks English."""
    from recouvre.entrypoints.cli.safe_output import translated

    return translated(message)


def _missing_parameter(self: Any) -> str:
    """``MissingParameter.format_message`` with upstream Click's msgids."""
    hint = _param_hint(self)
    param_type = self.param_type
    if param_type is None and self.param is not None:
        param_type = self.param.param_type_name
    match param_type:
        case "argument":
            missing = _("Missing argument")
        case "option":
            missing = _("Missing option")
        case "parameter":
            missing = _("Missing parameter")
        case _:
            missing = _("Missing {param_type}").format(param_type=param_type)
    message = _ours(translate_literal(self.message))
    if self.param is not None:
        extra = self.param.get_missing_message(ctx=self.ctx)
        if extra:
            message = f"{message}. {extra}" if message else extra
    hint_text = f" {hint}" if hint else ""
    return f"{missing}{hint_text}.{f' {message}' if message else ''}"


def _no_such_option(self: Any) -> str:
    """``NoSuchOption.format_message`` with upstream Click's msgids."""
    message: str = self.message
    english = "No such option: "  # typer._click's own wording, not a gettext call
    if message.startswith(english):
        message = _("No such option {name!r}.").format(name=message.removeprefix(english))
    if not self.possibilities:
        return message
    choices = sorted(self.possibilities)
    suggestion = ngettext(
        "Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(choices)
    ).format(possibility=choices[0], possibilities=", ".join(choices))
    return f"{message} {suggestion}"


def _param_hint(error: Any) -> str | None:
    """The quoted parameter name(s) an error is about, as ``typer._click`` writes them."""
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        return " / ".join(repr(name) for name in hint)
    return hint
