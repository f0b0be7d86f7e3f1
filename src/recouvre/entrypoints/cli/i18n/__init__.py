"""The command line's message catalog (``fr/LC_MESSAGES/recouvre_cli.po``, compiled to ``.mo``)
and the English literals it cannot reach through gettext alone.

Typer 0.29's own copy of Click (``typer._click``) and its pydantic-based value checks build some
messages as English f-strings ("Got unexpected extra argument(s) (x)", "Input should be greater
than or equal to 1", "Value error, 'foo' is not one of 'a', 'b'."). ``VENDORED_MESSAGES`` matches
their exact English wording and rebuilds each through gettext: with upstream Click's msgid when
Click has the same message, else with a msgid of ours (pydantic's wording), all extracted into
the catalog by ``scripts/extract_cli_messages.py``. A message that matches no pattern is returned
unchanged: a new wording after an upgrade shows in English, it is never lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from gettext import gettext as _
from gettext import ngettext

Render = Callable[[re.Match[str]], str]


def _extra_arguments(m: re.Match[str]) -> str:
    args = m["args"]
    return ngettext(
        "Got unexpected extra argument ({args})",
        "Got unexpected extra arguments ({args})",
        len(args.split(" ")),
    ).format(args=args)


def _suggestion(m: re.Match[str]) -> str:
    names = re.findall(r"'[^']*'", m["suggestions"])
    hint = ngettext(
        "Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(names)
    ).format(possibility=m["suggestions"], possibilities=m["suggestions"])
    return f"{m['message']}. {hint}"


def _option_requires(m: re.Match[str]) -> str:
    nargs = int(m["nargs"] or 1)
    return ngettext(
        "Option {name!r} requires an argument.",
        "Option {name!r} requires {nargs} arguments.",
        nargs,
    ).format(name=m["name"], nargs=nargs)


def _no_value(m: re.Match[str]) -> str:
    return _("Option {name!r} does not take a value.").format(name=m["name"])


def _argument_values(m: re.Match[str]) -> str:
    return _("Argument {name!r} takes {nargs} values.").format(name=m["name"], nargs=m["nargs"])


def _path(m: re.Match[str]) -> str:
    match m["kind"]:
        case "file":
            name = _("file")
        case "dir":
            name = _("directory")
        case _kind:
            name = _("path")
    name, filename = name.title(), m["filename"]
    match m["problem"]:
        case "does not exist":
            return _("{name} {filename!r} does not exist.").format(name=name, filename=filename)
        case "is a file":
            return _("{name} {filename!r} is a file.").format(name=name, filename=filename)
        case "is a directory":
            return _("{name} {filename!r} is a directory.").format(name=name, filename=filename)
        case "is not readable":
            return _("{name} {filename!r} is not readable.").format(name=name, filename=filename)
        case _problem:
            return _("{name} {filename!r} is not writable.").format(name=name, filename=filename)


def _not_valid(m: re.Match[str]) -> str:
    return _("{value!r} is not a valid {number_type}.").format(
        value=m["value"], number_type=m["type"]
    )


def _not_one_of(m: re.Match[str]) -> str:
    return ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 2).format(
        value=m["value"], choice=m["choices"], choices=m["choices"]
    )


def _value_error(m: re.Match[str]) -> str:
    return translate_literal(m["detail"])


def _bound(m: re.Match[str]) -> str:
    limit = m["limit"]
    match m["relation"]:
        case "greater than or equal to":
            return _("Input should be greater than or equal to {limit}").format(limit=limit)
        case "less than or equal to":
            return _("Input should be less than or equal to {limit}").format(limit=limit)
        case "greater than":
            return _("Input should be greater than {limit}").format(limit=limit)
        case _relation:
            return _("Input should be less than {limit}").format(limit=limit)


def _integer(m: re.Match[str]) -> str:
    return _("Input should be a valid integer, unable to parse string as an integer")


def _fractional(m: re.Match[str]) -> str:
    return _("Input should be a valid integer, got a number with a fractional part")


def _number(m: re.Match[str]) -> str:
    return _("Input should be a valid number, unable to parse string as a number")


def _boolean(m: re.Match[str]) -> str:
    return _("Input should be a valid boolean, unable to interpret input")


# (English wording as typer._click, typer._param_types, typer._coercion or pydantic write it,
# rendering through gettext). Quoted names are captured without their quotes: msgids say
# ``{name!r}``, which gives back the English text, and the French catalog writes « {name} ».
VENDORED_MESSAGES: tuple[tuple[re.Pattern[str], Render], ...] = (
    (re.compile(r"(?P<message>.+)\. Did you mean (?P<suggestions>'.*')\?", re.DOTALL), _suggestion),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"), _extra_arguments),
    (
        re.compile(r"Option '(?P<name>.+)' requires (?:an argument|(?P<nargs>\d+) arguments)\."),
        _option_requires,
    ),
    (re.compile(r"Option '(?P<name>.+)' does not take a value\."), _no_value),
    (re.compile(r"Argument '(?P<name>.+)' takes (?P<nargs>\d+) values\."), _argument_values),
    (
        re.compile(
            r"(?P<kind>file|dir|path) '(?P<filename>.*)' (?P<problem>does not exist|is a file|"
            r"is a directory|is not readable|is not writable)\."
        ),
        _path,
    ),
    (re.compile(r"Value '(?P<value>.*)' is not a valid (?P<type>[\w.]+)\."), _not_valid),
    (re.compile(r"'(?P<value>[^']*)' is not one of (?P<choices>.+)\."), _not_one_of),
    (re.compile(r"Value error, (?P<detail>.+)", re.DOTALL), _value_error),
    (
        re.compile(
            r"Input should be (?P<relation>greater than or equal to|less than or equal to|"
            r"greater than|less than) (?P<limit>.+)"
        ),
        _bound,
    ),
    (
        re.compile(r"Input should be a valid integer, unable to parse string as an integer"),
        _integer,
    ),
    (
        re.compile(r"Input should be a valid integer, got a number with a fractional part"),
        _fractional,
    ),
    (re.compile(r"Input should be a valid number, unable to parse string as a number"), _number),
    (re.compile(r"Input should be a valid boolean, unable to interpret input"), _boolean),
)


def translate_literal(message: str) -> str:
    """``message`` in the current gettext language if ``VENDORED_MESSAGES`` knows its English
    wording, else ``message`` unchanged."""
    for pattern, render in VENDORED_MESSAGES:
        found = pattern.fullmatch(message)
        if found is not None:
            return render(found)
    return message
