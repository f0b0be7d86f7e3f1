"""Random identifiers of the sample pass python-stdnum, the validator the import uses."""

from __future__ import annotations

import random

from stdnum import iban
from stdnum.fr import siren, siret, tva

from recouvre.domain.identifiers import validate_siren, validate_siret
from recouvre.simulation.sample.identifiers import random_iban, random_siren, siret_for, vat_for


def test_many_random_sirens_sirets_and_vat_numbers_are_valid() -> None:
    rng = random.Random(1)
    for _ in range(500):
        number = random_siren(rng)
        assert len(number) == 9 and siren.is_valid(number)
        assert validate_siren(number) == number
        s = siret_for(number, rng)
        assert len(s) == 14 and s.startswith(number) and siret.is_valid(s)
        assert validate_siret(s) == s
        assert tva.is_valid(vat_for(number))


def test_a_changed_key_would_not_validate() -> None:
    number = random_siren(random.Random(2))
    wrong = number[:8] + str((int(number[8]) + 1) % 10)
    assert not siren.is_valid(wrong)


def test_ibans_are_french_and_valid() -> None:
    rng = random.Random(3)
    for _ in range(50):
        value = random_iban(rng, "30004", "00823")
        assert value.startswith("FR") and len(value) == 27 and iban.is_valid(value)
