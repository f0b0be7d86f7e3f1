"""English messages of the command line: ``i18n/en/messages.toml`` maps each French message
template, written as the f-string of the source writes it (``"dossier {reference} introuvable"``),
to its English (``"case {reference} not found"``).

The services, the law and the adapters keep raising and returning French text; the command
line's printers (``safe_output``) and its error printer (``setup.fail``) pass every message
through :func:`translate` when ``RECOUVRE_LANG=en``. Each template is compiled once to an anchored
regular expression: its literal text as is, each ``{name}`` matching any text (non-greedy), a
name used twice matching the same text twice. A whole message is tried first, then each of its
lines; a placeholder's value that is itself an entry (a status word of ``labels``, a nested
error message) is translated too. A message without an entry stays French, never lost.

A template made only of placeholders would match anything: the catalogue refuses it, as it
refuses an English text naming a placeholder its French does not have.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

CATALOG = Path(__file__).resolve().parent / "i18n" / "en" / "messages.toml"
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_]\w*)\}")
_LETTER = re.compile(r"[^\W\d_]")
COLUMNS = re.compile(r"( {2,})")
MAX_DEPTH = 3  # values inside values inside a message: deeper is not a message any more


class CatalogueError(ValueError):
    """An entry of ``messages.toml`` that cannot be used (a programming error, caught by the
    unit tests before it ships)."""


@dataclass(frozen=True)
class Template:
    """One compiled entry: the French pattern and the English parts (text, or placeholder)."""

    french: str
    pattern: re.Pattern[str]
    greedy: re.Pattern[str]  # the same with greedy placeholders, for « {head} du {on} »
    english: tuple[tuple[str, bool], ...]  # (text, is_placeholder)
    anchor: str  # the longest literal fragment: a message without it cannot match
    weight: int  # literal characters: the most specific template is tried first


def _parts(template: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    position = 0
    for found in PLACEHOLDER.finditer(template):
        parts.append((template[position : found.start()], False))
        if found.group(1):
            parts.append((found.group(1), True))
        else:
            parts.append((found.group()[0], False))
        position = found.end()
    parts.append((template[position:], False))
    return [(text, placeholder) for text, placeholder in parts if text or placeholder]


def literal(template: str) -> str:
    """``template`` without its placeholders, ``{{``/``}}`` read as braces."""
    return "".join(text for text, placeholder in _parts(template) if not placeholder)


def compile_template(french: str, english: str) -> Template:
    """The entry ``french`` = ``english``, compiled (:class:`CatalogueError` if unusable)."""
    parts = _parts(french)
    if _LETTER.search(literal(french)) is None:
        raise CatalogueError(f"template made only of placeholders: {french!r}")
    names: set[str] = set()
    regex: list[str] = []
    fragments: list[str] = [""]
    for text, placeholder in parts:
        if not placeholder:
            regex.append(re.escape(text))
            fragments[-1] += text
        elif text in names:
            regex.append(f"(?P={text})")
            fragments.append("")
        else:
            names.add(text)
            regex.append(f"(?P<{text}>.+?)")
            fragments.append("")
    english_parts = tuple(_parts(english))
    unknown = {text for text, placeholder in english_parts if placeholder} - names
    if unknown:
        raise CatalogueError(f"{english!r} names {sorted(unknown)} absent from {french!r}")
    lazy = "".join(regex)
    return Template(
        french=french,
        pattern=re.compile(lazy, re.DOTALL),
        greedy=re.compile(lazy.replace(">.+?)", ">.+)"), re.DOTALL),
        english=english_parts,
        anchor=max(fragments, key=len),
        weight=sum(len(f) for f in fragments),
    )


class Catalogue:
    """The compiled catalogue: exact texts in a dictionary, templates most specific first."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.exact: dict[str, str] = {}
        templates: list[Template] = []
        for french, english in entries.items():
            if any(placeholder for _, placeholder in _parts(french)):
                templates.append(compile_template(french, english))
            else:
                self.exact[literal(french)] = literal(english)
        self.templates = tuple(sorted(templates, key=lambda t: -t.weight))
        self.translate = lru_cache(maxsize=8192)(self._translate)

    def _translate(self, text: str, depth: int = 0) -> str:
        if not text or depth > MAX_DEPTH:
            return text
        whole = self._message(text, depth)
        if whole is not None:
            return whole
        if "\n" in text:
            return "\n".join(self.translate(line, depth) for line in text.split("\n"))
        core = text.strip()
        if core != text and core:  # an indented line: « ··{issue} »
            start = text.index(core)
            return text[:start] + self.translate(core, depth) + text[start + len(core) :]
        if COLUMNS.search(text):
            return self._columns(text, depth)
        return self._labelled(text, depth)

    def _labelled(self, text: str, depth: int) -> str:
        """French « label : value » pairs, alone or listed with « ; » (or with « , » when
        each item is such a pair): « canal : courriel ; échéance : 07/12/2026 » is
        « channel: email; due date: 07/12/2026 » when the labels are entries."""
        for separator, english in ((" ; ", "; "), (", ", ", ")):
            items = text.split(separator)
            if len(items) > 1 and (separator == " ; " or all(" : " in i for i in items)):
                return english.join(self.translate(item, depth + 1) for item in items)
        label, colon, value = text.partition(" : ")
        if colon and label in self.exact:
            return f"{self.exact[label]}: {self.translate(value, depth + 1)}"
        return text

    def _columns(self, text: str, depth: int) -> str:
        """A line of columns aligned with spaces (``run``'s actions): each cell translated,
        the next column kept where it was when the English is not longer."""
        pieces = COLUMNS.split(text)
        out: list[str] = []
        for index in range(0, len(pieces), 2):
            cell = pieces[index]
            english = self.translate(cell, depth + 1)
            if index + 1 < len(pieces):
                width = len(cell) + len(pieces[index + 1])
                english += " " * max(2, width - len(english))
            out.append(english)
        return "".join(out)

    def _message(self, text: str, depth: int) -> str | None:
        exact = self.exact.get(text)
        if exact is not None:
            return exact
        for template in self.templates:
            if template.anchor not in text:
                continue
            found = template.pattern.fullmatch(text)
            if found is None:
                continue
            return self._best(template, found, text, depth)
        return None

    def _best(self, template: Template, lazy: re.Match[str], text: str, depth: int) -> str:
        """The English of ``template`` for ``text``: the shortest reading of each placeholder,
        unless the longest gives more values that are entries themselves (« Tournée du jour
        du 24/11/2026 » is « {head} du {on} » with ``head`` = « Tournée du jour »)."""
        readings = [lazy]
        greedy = template.greedy.fullmatch(text)
        if greedy is not None and greedy.groupdict() != lazy.groupdict():
            readings.append(greedy)
        best: tuple[int, str] | None = None
        for found in readings:
            values = {
                name: self.translate(value, depth + 1) for name, value in found.groupdict().items()
            }
            known = sum(  # a value that is an entry whole counts more than one rebuilt
                2 if found[name] in self.exact else int(values[name] != found[name])
                for name in values
            )
            english = "".join(
                values[part] if placeholder else part for part, placeholder in template.english
            )
            if best is None or known > best[0]:
                best = (known, english)
        assert best is not None
        return best[1]


@cache
def english_messages() -> dict[str, str]:
    """The French template → English template entries of ``messages.toml``, read once."""
    with CATALOG.open("rb") as handle:
        entries = tomllib.load(handle).get("messages", {})
    return {str(key): str(value) for key, value in entries.items()}


@cache
def catalogue() -> Catalogue:
    """The compiled catalogue, built once per process."""
    return Catalogue(english_messages())


def translate(text: str) -> str:
    """``text`` in English where the catalogue knows it (whole, or line by line), else as is."""
    return catalogue().translate(text)
