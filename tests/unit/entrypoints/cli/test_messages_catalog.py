"""The English message catalogue ``i18n/en/messages.toml``: French templates compiled to
anchored patterns, values carried over (and translated when they are entries themselves), and
every French message of the source with its English entry."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from recouvre.entrypoints.cli import safe_output
from recouvre.entrypoints.cli.messages_catalog import (
    Catalogue,
    CatalogueError,
    catalogue,
    compile_template,
    english_messages,
)

ROOT = Path(__file__).resolve().parents[4]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "i18n_messages", ROOT / "scripts" / "i18n_messages.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("i18n_messages", module)  # its dataclass needs its module
    spec.loader.exec_module(module)
    return module


SAMPLE = Catalogue(
    {
        "dossier {reference} introuvable": "case {reference} not found",
        "Action {id} : {status}.": "Action {id}: {status}.",
        "en file d'envoi": "queued for sending",
        "{head} du {on}": "{head} of {on}",
        "Tournée du jour": "Daily run",
        "canal": "channel",
        "courriel": "email",
        "{a} et {a}": "{a} and {a} again",
    }
)


def test_a_template_matches_whole_messages_and_carries_its_values() -> None:
    assert SAMPLE.translate("dossier D-2026-000001 introuvable") == "case D-2026-000001 not found"
    assert SAMPLE.translate("le dossier D-1 introuvable") == "le dossier D-1 introuvable"
    assert SAMPLE.translate("dossier D-1 introuvable !") == "dossier D-1 introuvable !"


def test_a_value_that_is_an_entry_is_translated_too() -> None:
    assert SAMPLE.translate("Action 12 : en file d'envoi.") == "Action 12: queued for sending."
    assert SAMPLE.translate("Tournée du jour du 24/11/2026") == "Daily run of 24/11/2026"


def test_each_line_indented_lines_and_label_lists() -> None:
    text = "dossier A introuvable\n  dossier B introuvable\nautre chose"
    assert SAMPLE.translate(text) == "case A not found\n  case B not found\nautre chose"
    assert SAMPLE.translate("canal : courriel ; motif : x") == "channel: email; motif : x"


def test_a_placeholder_used_twice_matches_the_same_text() -> None:
    assert SAMPLE.translate("x et x") == "x and x again"
    assert SAMPLE.translate("x et y") == "x et y"


def test_templates_made_only_of_placeholders_are_refused() -> None:
    with pytest.raises(CatalogueError):
        compile_template("{label} : {value}", "{label}: {value}")
    with pytest.raises(CatalogueError):
        compile_template("dossier {reference}", "case {ref}")


def test_the_shipped_catalogue_compiles() -> None:
    compiled = catalogue()
    assert len(compiled.templates) + len(compiled.exact) == len(english_messages())
    assert compiled.translate("dossier « D-2099-000001 » introuvable") == (
        "case « D-2099-000001 » not found"
    )


def test_french_is_never_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> str:
        raise AssertionError(f"translated in French: {text!r}")

    monkeypatch.setattr("recouvre.entrypoints.cli.messages_catalog.translate", refuse)
    safe_output.install("fr")
    assert safe_output.translated("dossier X introuvable") == "dossier X introuvable"


def test_f_strings_become_templates_named_after_their_expressions() -> None:
    import ast

    script = _script()
    node = ast.parse('f"Dossier {case.reference} : {eur(t.total_due)}, {case.reference}"').body[0]
    assert isinstance(node, ast.Expr)
    assert script.template_of(node.value) == "Dossier {reference} : {total_due}, {reference}"


def test_every_french_message_of_the_source_has_its_english() -> None:
    script = _script()
    found = {m.template for m in script.collect()}
    assert "dossier « {key} » introuvable" in found  # a CLI error
    assert "facture {number} : montant nul ou négatif" in found  # a domain error
    assert "ligne {line}, colonne « {column} » : {message}" in found  # an import issue
    assert [m.template for m in script.missing(english_messages())] == []


def test_the_missing_script_exits_0_when_everything_is_translated() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n_missing.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "")
