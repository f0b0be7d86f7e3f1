"""Random but valid French identifiers for the sample: SIREN, SIRET, VAT number, IBAN.

The check digits are never computed by hand: for each candidate key the generator asks
python-stdnum whether the number validates, and keeps the one that does (the same library the
domain validates with, so the sample always passes the import's checks).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from stdnum import iban
from stdnum.fr import siren, siret, tva

# La Poste's SIREN follows a different SIRET rule (stdnum knows); keep it out of random draws.
_LA_POSTE_SIREN = "356000000"


def _first_valid(prefix: str, keys: range, width: int, is_valid: Callable[[str], bool]) -> str:
    for key in keys:
        candidate = f"{prefix}{key:0{width}d}"
        if is_valid(candidate):
            return candidate
    raise ValueError(f"aucune clé valide pour {prefix}")  # unreachable for Luhn and mod-97


def random_siren(rng: random.Random) -> str:
    """Nine digits, the last being the Luhn key stdnum accepts. Starts with 3-9 like most
    SIRENs of companies (1 and 2 are mostly individual entrepreneurs and public bodies)."""
    while True:
        body = str(rng.randint(3, 9)) + f"{rng.randrange(10**7):07d}"
        number = _first_valid(body, range(10), 1, siren.is_valid)
        if number != _LA_POSTE_SIREN:
            return number


def siret_for(siren_number: str, rng: random.Random) -> str:
    """A SIRET of the given SIREN: a NIC of 4 digits (head offices are often 0001x-0003x)
    plus the Luhn key stdnum accepts."""
    nic_body = f"{rng.randint(1, 40):04d}"
    return _first_valid(siren_number + nic_body, range(10), 1, siret.is_valid)


def vat_for(siren_number: str) -> str:
    """The French VAT number of a SIREN: ``FR`` + the 2-digit key stdnum accepts + SIREN."""
    for key in range(100):
        candidate = f"FR{key:02d}{siren_number}"
        if tva.is_valid(candidate):
            return candidate
    raise ValueError(f"aucune clé TVA pour {siren_number}")


def random_iban(rng: random.Random, bank_code: str, branch_code: str) -> str:
    """A French IBAN (FR + 2 check digits + bank 5 + branch 5 + account 11 + RIB key 2) whose
    check digits stdnum accepts. The RIB key is random (stdnum checks only the IBAN key)."""
    account = f"{rng.randrange(10**11):011d}"
    rib_key = f"{rng.randrange(1, 98):02d}"
    bban = f"{bank_code}{branch_code}{account}{rib_key}"
    for check in range(100):
        candidate = f"FR{check:02d}{bban}"
        if iban.is_valid(candidate):
            return candidate
    raise ValueError("aucune clé IBAN")
