"""Identifiers are validated by python-stdnum and refused with a French reason."""

import pytest

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import (
    siren_of_siret,
    validate_bic,
    validate_iban,
    validate_siren,
    validate_siret,
    validate_vat,
)


def test_valid_identifiers_come_back_compact() -> None:
    assert validate_siren("732 829 320") == "732829320"
    assert validate_siret("732 829 320 00074") == "73282932000074"
    assert siren_of_siret("73282932000074") == "732829320"
    assert validate_vat("FR44732829320") == "FR44732829320"
    assert validate_iban("FR76 3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189"
    assert validate_bic("AGRIFRPP") == "AGRIFRPP"


def test_la_poste_siret_exception_is_known() -> None:
    assert validate_siret("35600000000048") == "35600000000048"


@pytest.mark.parametrize(
    ("validator", "value", "reason"),
    [
        (validate_siren, "732829321", "clé de contrôle incorrecte"),
        (validate_siren, "73282932", "longueur incorrecte"),
        (validate_siret, "73282932000075", "clé de contrôle incorrecte"),
        (validate_iban, "FR7630006000011234567890180", "clé de contrôle incorrecte"),
    ],
)
def test_invalid_identifiers_say_why_in_french(validator, value: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidIdentifier) as caught:
        validator(value)
    assert reason in str(caught.value)
    assert value in str(caught.value)
