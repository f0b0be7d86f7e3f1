"""The whole command line speaks French, Click's and Typer's own strings included, through the
installed ``recouvre`` program in a subprocess: "Utilisation", "Commandes", the help option's line,
French errors with exit code 2, whatever ``LANG``/``LC_ALL``/``LANGUAGE`` say; English with
``RECOUVRE_LANG=en``. Then the catalog itself: the shipped .mo is the .po compiled by Babel, every
msgid is translated with its placeholders kept and French spacing, and it covers every msgid of
the installed click and typer (``scripts/extract_cli_messages.py --check``)."""

from __future__ import annotations

import io
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from recouvre.entrypoints.cli.i18n import translate_literal
from support.paths import REPO

CATALOG = REPO / "src/recouvre/entrypoints/cli/i18n/fr/LC_MESSAGES"
PO_FILE = CATALOG / "recouvre_cli.po"
MO_FILE = CATALOG / "recouvre_cli.mo"
SCRIPT = REPO / "scripts" / "extract_cli_messages.py"
NBSP = "\u00a0"
NNBSP = "\u202f"


def recouvre(cli_env: dict[str, str], *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run the installed program with only ``cli_env`` + ``extra`` (no inherited locale)."""
    program = shutil.which("recouvre", path=str(Path(sys.executable).parent))
    assert program is not None, "programme « recouvre » introuvable à côté de l'interpréteur"
    env = {"PATH": os.environ.get("PATH", ""), "COLUMNS": "200", **cli_env, **extra}
    return subprocess.run(
        [program, *args], env=env, capture_output=True, text=True, check=False, timeout=60
    )


def flat(text: str) -> str:
    """``text`` with rich's panel borders and line wrapping undone (ASCII spaces only: the
    no-break spaces are part of what is checked)."""
    return re.sub(r"[ \n│]+", " ", text)


USER_LOCALES = [
    pytest.param({}, id="no-locale"),
    pytest.param({"LANG": "en_US.UTF-8"}, id="LANG=en_US"),
    pytest.param({"LC_ALL": "C"}, id="LC_ALL=C"),
    pytest.param({"LANGUAGE": "en", "LC_ALL": "en_GB.UTF-8"}, id="LANGUAGE=en"),
    pytest.param({"RECOUVRE_LANG": "fr", "LANG": "de_DE.UTF-8"}, id="RECOUVRE_LANG=fr"),
]


@pytest.mark.parametrize("user_locale", USER_LOCALES)
def test_help_is_french_whatever_the_user_locale(
    cli_env: dict[str, str], user_locale: dict[str, str]
) -> None:
    done = recouvre(cli_env, "--help", **user_locale)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Utilisation{NBSP}: recouvre [OPTIONS] COMMAND [ARGS]..." in out
    assert "─ Commandes ─" in out
    assert "─ Options ─" in out
    assert re.search(r"--help\s+-h\s+<bool>\s+Affiche cette aide et quitte\.", out), out
    assert "recouvrement de créances" in out  # our own text is still there
    for english in ("Usage:", "Commands", "Show this message"):
        assert english not in out


@pytest.mark.parametrize("user_locale", USER_LOCALES[1:4])
def test_missing_argument_is_a_french_usage_error(
    cli_env: dict[str, str], user_locale: dict[str, str]
) -> None:
    done = recouvre(cli_env, "case", "show", **user_locale)
    assert done.returncode == 2
    err = done.stderr
    assert f"Utilisation{NBSP}: recouvre case show [OPTIONS] {{ID}}" in err
    assert f"Essayez «{NBSP}recouvre case show -h{NBSP}» pour obtenir de l’aide." in err
    assert "─ Erreur ─" in err
    assert "Argument manquant 'ID'." in err
    assert "Missing" not in err and "Try " not in err


def test_unknown_option_is_a_french_usage_error(cli_env: dict[str, str]) -> None:
    done = recouvre(cli_env, "--foo", LANG="en_US.UTF-8")
    assert done.returncode == 2
    assert f"Option «{NBSP}--foo{NBSP}» inconnue." in done.stderr
    assert "No such option" not in done.stderr


def test_unknown_command_suggests_in_french(cli_env: dict[str, str]) -> None:
    done = recouvre(cli_env, "cas")
    assert done.returncode == 2
    assert (
        f"Commande «{NBSP}cas{NBSP}» inconnue. (Vouliez-vous dire l’une de ces possibilités"
        f"{NBSP}: 'case', 'cases', 'calls'{NNBSP}?)"
    ) in flat(done.stderr)


# Messages typer._click and pydantic write as English literals, routed through the catalog.
VALUE_ERRORS = [
    (
        ("case", "show", "1", "2"),
        "Argument supplémentaire inattendu (2)",
        "Got unexpected extra argument (2)",
    ),
    (
        ("cases", "list", "--limit"),
        f"L’option «{NBSP}--limit{NBSP}» attend une valeur.",
        "Option '--limit' requires an argument.",
    ),
    (
        ("cases", "list", "--limit", "x"),
        f"Valeur invalide pour '--limit'{NBSP}: un nombre entier est attendu",
        "Invalid value for '--limit': Input should be a valid integer, unable to parse string "
        "as an integer",
    ),
    (
        ("cases", "list", "--limit", "0"),
        f"Valeur invalide pour '--limit'{NBSP}: doit être supérieure ou égale à 1",
        "Invalid value for '--limit': Input should be greater than or equal to 1",
    ),
    (
        ("cases", "list", "--phase", "foo"),
        f"Valeur invalide pour '--phase'{NBSP}: «{NBSP}foo{NBSP}» ne fait pas partie des "
        f"choix{NBSP}: 'amicable', 'formal_notice'",
        "Invalid value for '--phase': 'foo' is not one of 'amicable', 'formal_notice'",
    ),
    (
        ("tracking", "import", "/nonexistent/avis.csv"),
        f"Fichier «{NBSP}/nonexistent/avis.csv{NBSP}» introuvable.",
        "File '/nonexistent/avis.csv' does not exist.",
    ),
]


@pytest.mark.parametrize(("args", "french", "english"), VALUE_ERRORS)
def test_typer_literals_are_translated_and_english_comes_back(
    cli_env: dict[str, str], args: tuple[str, ...], french: str, english: str
) -> None:
    in_french = recouvre(cli_env, *args, LC_ALL="C")
    in_english = recouvre(cli_env, *args, RECOUVRE_LANG="en", LANG="fr_FR.UTF-8")
    assert in_french.returncode == in_english.returncode == 2
    assert french in flat(in_french.stderr)
    assert english in flat(in_english.stderr)


@pytest.mark.parametrize("language", ["en", "EN_gb"])
def test_recouvre_lang_en_brings_the_english_texts_back(
    cli_env: dict[str, str], language: str
) -> None:
    done = recouvre(cli_env, "--help", RECOUVRE_LANG=language, LANG="fr_FR.UTF-8")
    assert done.returncode == 0, done.stderr
    assert "Usage: recouvre [OPTIONS] COMMAND [ARGS]..." in done.stdout
    assert "─ Commands ─" in done.stdout
    assert "Show this message and exit." in done.stdout
    missing = recouvre(cli_env, "case", "show", RECOUVRE_LANG=language)
    assert missing.returncode == 2
    assert "Missing argument 'ID'." in missing.stderr
    assert "Try 'recouvre case show -h' for help." in missing.stderr
    assert "─ Error ─" in missing.stderr
    unknown = recouvre(cli_env, "--foo", RECOUVRE_LANG=language)
    assert "No such option '--foo'." in unknown.stderr


def test_an_unknown_english_literal_is_kept_not_lost() -> None:
    message = "Something typer says that no pattern knows (42)"
    assert translate_literal(message) == message


# --- the catalog -------------------------------------------------------------------------------


def read_catalog() -> Catalog:
    with PO_FILE.open("rb") as stream:
        return read_po(stream, locale="fr", domain="recouvre_cli")


def test_shipped_mo_is_the_po_compiled_by_babel() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(), use_fuzzy=False)
    assert MO_FILE.read_bytes() == compiled.getvalue(), (
        "recouvre_cli.mo ne correspond pas au .po : relancer scripts/extract_cli_messages.py"
    )


def pairs(message: Message) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs; a plural's forms are checked against both msgids together (the
    caller formats either form with the same arguments)."""
    if isinstance(message.id, str):
        assert isinstance(message.string, str)
        return [(message.id, message.string)]
    assert isinstance(message.string, tuple | list), message.id
    return [(" ".join(message.id), form) for form in message.string]


def fields(text: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r"%\((\w+)\)s", text))


def test_every_msgid_is_translated_with_its_placeholders_and_french_spacing() -> None:
    checked = 0
    for message in read_catalog():
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        for msgid, msgstr in pairs(message):
            assert msgstr, f"non traduit : {msgid!r}"
            assert fields(msgstr) <= fields(msgid), (msgid, msgstr)
            if "[/]" in msgid:  # rich markup kept
                assert re.findall(r"\[/?\w*\]", msgstr) == re.findall(r"\[/?\w*\]", msgid)
            text = re.sub(r"\{[^}]*\}|%\(\w+\)s", "", msgstr)  # prose, without placeholders
            assert not re.search(r"\w:", text), (
                f"espace insécable attendue avant « : » : {msgstr!r}"
            )
            assert not re.search(r"[ \w][?!;]", text), f"espace fine attendue : {msgstr!r}"
            assert " :" not in msgstr and "« " not in msgstr and " »" not in msgstr, msgstr
            checked += 1
    assert checked >= 90


def test_catalog_covers_the_installed_click_and_typer() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
