"""Re-extract the messages Click and Typer print themselves, merge them into the French catalog.

The ``recouvre`` command line is French first, but Click and Typer print their own strings
("Usage:", "Missing argument", "Show this message and exit.", panel titles...) through
``gettext.gettext``. ``recouvre.entrypoints.cli.language`` points gettext at the catalog this
script maintains, ``src/recouvre/entrypoints/cli/i18n/fr/LC_MESSAGES/recouvre_cli.po``.

It also extracts the msgids of our two modules that route Typer's English literals through
gettext (``OWN_SOURCES``). Run it after upgrading click, typer or pydantic, or editing those::

    .venv/bin/python scripts/extract_cli_messages.py          # update the .po, compile the .mo
    .venv/bin/python scripts/extract_cli_messages.py --check  # exit 1 if anything is out of date

It extracts every ``_()``/``gettext()``/``ngettext()`` msgid from the installed packages with
Babel's Python extractor, merges them into the .po (existing translations are kept, new msgids
come in untranslated, msgids the libraries no longer use become obsolete ``#~`` entries), then
compiles the .mo. Untranslated msgids are listed: translate them in the .po and run it again.
The output is deterministic (no line numbers, no dates changed), so
``tests/e2e/test_cli_french_messages.py`` recompiles the .po and compares with the shipped .mo.
"""

from __future__ import annotations

import argparse
import importlib
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "recouvre_cli"
CATALOG_DIR = ROOT / "src/recouvre/entrypoints/cli/i18n/fr/LC_MESSAGES"
PO_FILE = CATALOG_DIR / f"{DOMAIN}.po"
MO_FILE = CATALOG_DIR / f"{DOMAIN}.mo"
PACKAGES = ("click", "typer")
# Our modules that route Typer's English literals (and pydantic's) through gettext.
OWN_SOURCES = (
    "src/recouvre/entrypoints/cli/language.py",
    "src/recouvre/entrypoints/cli/i18n/__init__.py",
)


def extract_template(
    packages: tuple[str, ...] = PACKAGES, own_sources: tuple[str, ...] = OWN_SOURCES
) -> Catalog:
    """The template (.pot) of every msgid the installed ``packages`` and ``own_sources`` pass
    to gettext."""
    template = Catalog(project="recouvre", domain=DOMAIN, fuzzy=False)
    for source in own_sources:
        for lineno, message, _comments, context in extract_from_file(
            "python", str(ROOT / source), keywords=DEFAULT_KEYWORDS
        ):
            template.add(message, locations=[(source, lineno)], context=context)
    for name in packages:
        package_dir = Path(str(importlib.import_module(name).__file__)).parent
        found = extract_from_dir(
            str(package_dir), method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
        )
        for filename, lineno, message, _comments, context in found:
            template.add(
                message,
                locations=[(f"{name}/{filename}", lineno)],
                context=context,
            )
    return template


def merged_catalog(template: Catalog, po_file: Path = PO_FILE) -> Catalog:
    """``po_file``'s translations merged with ``template`` (a fresh French catalog if none)."""
    if po_file.exists():
        with po_file.open("rb") as stream:
            catalog = read_po(stream, locale="fr", domain=DOMAIN)
    else:
        catalog = Catalog(locale="fr", domain=DOMAIN, project="recouvre")
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    stream = io.BytesIO()
    write_po(stream, catalog, width=100, include_lineno=False, sort_output=True)
    return stream.getvalue()


def mo_bytes(po_file: Path = PO_FILE) -> bytes:
    """The .mo Babel compiles from ``po_file`` (fuzzy entries left out, as gettext tools do)."""
    with po_file.open("rb") as stream:
        catalog = read_po(stream, locale="fr", domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the .po or .mo is stale"
    )
    args = parser.parse_args(argv)
    catalog = merged_catalog(extract_template())
    new_po = po_bytes(catalog)
    missing = untranslated(catalog)
    if args.check:
        stale = not PO_FILE.exists() or PO_FILE.read_bytes() != new_po
        stale = stale or not MO_FILE.exists() or MO_FILE.read_bytes() != mo_bytes()
        for msgid in missing:
            print(f"non traduit : {msgid!r}", file=sys.stderr)
        if stale:
            print(f"{PO_FILE} ou {MO_FILE} à régénérer", file=sys.stderr)
        return 1 if stale or missing else 0
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    PO_FILE.write_bytes(new_po)
    MO_FILE.write_bytes(mo_bytes())
    print(f"{PO_FILE.relative_to(ROOT)} : {len(catalog)} messages, {len(missing)} non traduits")
    for msgid in missing:
        print(f"  non traduit : {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
