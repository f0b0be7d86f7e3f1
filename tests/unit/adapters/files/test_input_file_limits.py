"""Hostile statement and prescription files: each crossed limit is one French error naming the
file, the line and (for a field) the field; never a traceback, never a blow-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from recouvre.adapters.files.prescriptions import (
    PrescriptionFileError,
    parse_prescription_text,
    read_prescription_file,
)
from recouvre.adapters.files.statements import (
    StatementFileError,
    parse_statement_text,
    read_statement_file,
)

PARTIES = "creancier: {type: entreprise, nom: A}\ndebiteur: {type: entreprise, nom: B}\n"


def statement(due: str = "2024-02-01", amount: str = '"100.00"') -> str:
    return (
        PARTIES + "factures:\n"
        f"  - {{numero: F-1, date: 2024-01-01, echeance: {due}, montant: {amount}}}\n"
    )


def alias_bomb(levels: int) -> str:
    """A few hundred bytes expanding to 9 ** levels items when aliases are followed (the full
    nine-level bomb runs under a memory limit in tests/fuzz/test_input_files.py)."""
    out = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        out.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(out) + "\n"


def statement_errors(text: str, origin: str = "s.yaml") -> list[str]:
    with pytest.raises(StatementFileError) as caught:
        parse_statement_text(text, origin)
    return list(caught.value.errors)


def prescription_errors(text: str, origin: str = "p.yaml") -> list[str]:
    with pytest.raises(PrescriptionFileError) as caught:
        parse_prescription_text(text, origin)
    return list(caught.value.errors)


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    text = alias_bomb(6)
    assert statement_errors(text) == ["s.yaml:1 : ancre YAML « &a0 » refusée"]
    assert prescription_errors(text) == ["p.yaml:1 : ancre YAML « &a0 » refusée"]
    (error,) = statement_errors(PARTIES + "factures: *x\n")  # an alias without its anchor
    assert error.startswith("s.yaml:3 : ")


def test_deep_nesting_is_refused_before_recursion() -> None:
    deep_yaml = PARTIES + "factures: " + "[" * 1000 + "]" * 1000 + "\n"
    assert statement_errors(deep_yaml) == ["s.yaml:3 : plus de 32 niveaux d'imbrication"]
    deep_json = "[" * 100_000 + "]" * 100_000
    assert statement_errors(deep_json, "s.json") == ["s.json:1 : plus de 32 niveaux d'imbrication"]
    assert prescription_errors(deep_json, "p.json") == [
        "p.json:1 : plus de 32 niveaux d'imbrication"
    ]


def test_an_integer_of_5000_digits_is_refused() -> None:
    assert statement_errors(statement(amount="9" * 5000)) == [
        "s.yaml:4 : nombre de plus de 30 chiffres"
    ]
    assert statement_errors('{"factures": ' + "9" * 5000 + "}", "s.json") == [
        "s.json : nombre de plus de 30 chiffres"
    ]


def test_duplicate_keys_are_refused_in_yaml_and_json() -> None:
    assert statement_errors(statement() + "factures: []\n") == [
        "s.yaml:5 : clé « factures » en double"
    ]
    assert statement_errors(PARTIES.replace("nom: A", "nom: A, nom: C")) == [
        "s.yaml:1 : clé « nom » en double"
    ]
    assert statement_errors('{"factures": [], "factures": []}', "s.json") == [
        "s.json : clé « factures » en double"
    ]


def test_year_9999_dates_are_refused_with_their_field() -> None:
    assert statement_errors(statement(due="9999-12-31")) == [
        "s.yaml:4 (champ « factures[0].echeance ») : date hors limites « 31/12/9999 » : "
        "attendu entre 01/01/1900 et 31/12/2199"
    ]
    (error,) = prescription_errors("nature: commerciale\npoint_de_depart: 31/12/9999\n")
    assert error.startswith("p.yaml:2 (champ « point_de_depart ») : date hors limites")


def test_amounts_over_the_ceiling_are_refused() -> None:
    ceiling = "s.yaml:4 (champ « factures[0].montant ») : montant supérieur au plafond de "
    ceiling += "9 999 999 999,99 €"
    assert statement_errors(statement(amount='"10000000000.00"')) == [ceiling]
    assert statement_errors(statement(amount="1" + "0" * 26)) == [ceiling]
    assert statement_errors(statement(amount='"' + "1" + "0" * 26 + '"')) == [ceiling]
    parsed = parse_statement_text(statement(amount='"9999999999.99"'), "s.yaml")
    assert str(parsed.invoices[0].invoice.amount) == "9999999999.99"


def test_alerts_longer_than_any_prescription_are_refused() -> None:
    base = "nature: commerciale\npoint_de_depart: 2021-06-30\nalertes: [{}]\n"
    assert prescription_errors(base.format('"999999999 ans"')) == [
        "p.yaml:3 (champ « alertes ») : durée trop longue « 999999999 ans » : au plus 30 ans"
    ]
    (error,) = prescription_errors(base.format('"11000 jours"'))
    assert "durée trop longue" in error
    assert parse_prescription_text(base.format('"30 ans"'), "p.yaml").alerts[0].amount == 30


def test_a_non_utf8_file_names_its_first_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes((statement().replace("nom: B", "nom: Société")).encode("cp1252"))
    with pytest.raises(StatementFileError) as caught:
        read_statement_file(path)
    assert caught.value.errors == (
        f"{path}:2 : texte non UTF-8 (octet 0xe9) : enregistrez-le en UTF-8",
    )
    path.write_bytes(b"nature: commerciale\npoint_de_depart: 2021-06-30 \xff\n")
    with pytest.raises(PrescriptionFileError) as prescription:
        read_prescription_file(path)
    assert prescription.value.errors[0].startswith(f"{path}:2 : texte non UTF-8")


def test_a_file_over_4_mib_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(statement().encode() + b"# " + b"x" * (4 * 1024 * 1024) + b"\n")
    with pytest.raises(StatementFileError) as caught:
        read_statement_file(path)
    assert caught.value.errors == (f"{path} : fichier de plus de 4 Mio",)
