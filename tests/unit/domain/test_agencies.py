"""``Agency.checked``: identifiers validated by python-stdnum through the domain, compacted,
and the SIRET tied to the SIREN; the R124-2 guarantee lines kept as data."""

from __future__ import annotations

import pytest

from recouvre.domain.agencies import DEFAULT_ACTIVITY, Agency
from recouvre.domain.errors import InvalidIdentifier


def test_checked_compacts_valid_identifiers() -> None:
    agency = Agency(
        None, " Cabinet Aubert ", "901 203 455", siret="901 203 455 00018",
        iban="FR08 1027 8073 0000 0204 9810 152", bic="cmcifr2a",
    ).checked()  # fmt: skip
    assert (agency.name, agency.siren, agency.siret, agency.iban, agency.bic) == (
        "Cabinet Aubert", "901203455", "90120345500018", "FR0810278073000002049810152",
        "CMCIFR2A",
    )  # fmt: skip
    assert agency.activity == DEFAULT_ACTIVITY


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"siren": "901203456"}, "SIREN invalide « 901203456 » : clé de contrôle incorrecte"),
        ({"iban": "FR0810278073000002049810153"}, "IBAN invalide"),
        ({"bic": "CMCI"}, "BIC invalide « CMCI »"),
        ({"siret": "73282932000074"}, "n'appartient pas au SIREN 901203455"),
    ],
)
def test_checked_names_the_faulty_identifier(changes: dict[str, str], message: str) -> None:
    base = {"siren": "901203455", "siret": None, "iban": None, "bic": None}
    with pytest.raises(InvalidIdentifier) as error:
        Agency(None, "Cabinet Aubert", **{**base, **changes}).checked()  # type: ignore[arg-type]
    assert message in str(error.value)


def test_guarantees_lists_the_filled_r124_2_lines_in_order() -> None:
    agency = Agency(
        None, "Cabinet", "901203455", liability_insurance="RC pro : police 42",
        prosecutor_declaration="Déclaration au procureur de Lyon du 2 janvier 2026",
    )  # fmt: skip
    assert agency.guarantees == (
        "RC pro : police 42",
        "Déclaration au procureur de Lyon du 2 janvier 2026",
    )
