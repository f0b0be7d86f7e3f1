"""Hostile scenario and contact-policy files: one French error naming the file and the line,
never a traceback or a blow-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvre.reference.policy_loader import PolicyLoadError, load_contact_policy
from recouvre.reference.scenario_loader import ScenarioLoadError, load_scenario_file, parse_scenario


def scenario_errors(text: str) -> list[str]:
    with pytest.raises(ScenarioLoadError) as caught:
        parse_scenario(text, "s.yaml")
    return [str(e) for e in caught.value.errors]


def test_scenario_aliases_and_deep_nesting_are_refused() -> None:
    step = "{id: a, kind: courtesy_email, when: {days: 5, after: oldest_due_date}, template: t}"
    assert scenario_errors(f"id: x\nname: X\nsteps: [&s {step}, *s]\n") == [
        "s.yaml, ligne 3, champ « (fichier) » : ancre YAML « &s » refusée"
    ]
    assert scenario_errors("id: x\nsteps: " + "[" * 1000 + "]" * 1000 + "\n") == [
        "s.yaml, ligne 2, champ « (fichier) » : plus de 32 niveaux d'imbrication"
    ]


def test_a_non_utf8_scenario_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"id: x\nname: Soci\xe9t\xe9\n")
    with pytest.raises(ScenarioLoadError) as caught:
        load_scenario_file(path)
    assert [str(e) for e in caught.value.errors] == [
        f"{path}, ligne 2, champ « (fichier) » : texte non UTF-8 (octet 0xe9) : "
        "enregistrez-le en UTF-8"
    ]


def policy_errors(tmp_path: Path, content: bytes) -> list[str]:
    path = tmp_path / "politique.toml"
    path.write_bytes(content)
    with pytest.raises(PolicyLoadError) as caught:
        load_contact_policy(path)
    return [e.replace(str(path), "politique.toml") for e in caught.value.errors]


def test_hostile_policy_files_are_refused(tmp_path: Path) -> None:
    assert policy_errors(tmp_path, b"a = " + b"[" * 100_000 + b"]" * 100_000) == [
        "politique.toml:1 : plus de 32 niveaux d'imbrication"
    ]
    assert policy_errors(tmp_path, b"[caps]\n# \xe9\n") == [
        "politique.toml:2 : texte non UTF-8 (octet 0xe9) : enregistrez-le en UTF-8"
    ]
    (error,) = policy_errors(tmp_path, b"[caps]\nmax_calls_per_week = " + b"9" * 5000 + b"\n")
    assert error.startswith("politique.toml : nombre illisible")
    assert policy_errors(tmp_path, b'windows = "tous"\ncaps = 3\n') == [
        "politique.toml, champ « caps » : table attendue",
        "politique.toml, champ « windows » : table attendue",
    ]
    assert policy_errors(tmp_path, b"[windows]\nemail = 3\n") == [
        "politique.toml, champ « windows.email » : table attendue"
    ]
