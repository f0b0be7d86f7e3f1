"""Input files name the file, the line and the field of every problem, and read no float."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.adapters.files.located import (
    LocatedReader,
    dotted,
    line_map,
    load_document,
    parse_date,
)

TEXT = """\
factures:
  - numero: F-1
    montant: 12.30
  - numero: F-2
    echeance: 2024-31-06
"""


def test_yaml_floats_are_exact_decimals_and_dates_stay_text() -> None:
    data = load_document(TEXT, "a.yaml")
    assert data["factures"][0]["montant"] == Decimal("12.30")
    assert data["factures"][1]["echeance"] == "2024-31-06"


def test_every_error_names_file_line_and_field() -> None:
    data = load_document(TEXT, "a.yaml")
    reader = LocatedReader("a.yaml", line_map(TEXT))
    [(_, first), (path, second)] = reader.items(data, "factures")
    assert reader.get(first, ("factures", 0), "echeance", parse_date) is None
    assert reader.get(second, path, "echeance", parse_date) is None
    assert reader.errors == [
        "a.yaml:2 (champ « factures[0].echeance ») : champ obligatoire absent",
        "a.yaml:5 (champ « factures[1].echeance ») : date illisible « 2024-31-06 » : "
        "attendu AAAA-MM-JJ ou JJ/MM/AAAA",
    ]


def test_a_syntax_error_gives_its_line() -> None:
    with pytest.raises(ValueError, match=r"^b\.json:2 : JSON invalide"):
        load_document('{\n  "a": ,\n}', "b.json")


@pytest.mark.parametrize("text", ["2024-03-15", "15/03/2024"])
def test_dates_in_both_written_forms(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 15)


def test_dotted_paths() -> None:
    assert dotted(("factures", 2, "echeance")) == "factures[2].echeance"
