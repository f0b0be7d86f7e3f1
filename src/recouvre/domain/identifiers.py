"""French business and bank identifiers, validated by python-stdnum, never by hand.

python-stdnum is a pure library (no I/O), so the domain may use it. Each function returns the
compact form or raises ``InvalidIdentifier`` with a French reason.
"""

from __future__ import annotations

from collections.abc import Callable

from stdnum import bic, iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.fr import siren, siret, tva

from recouvre.domain.errors import InvalidIdentifier

_REASONS: dict[type[ValidationError], str] = {
    InvalidChecksum: "clé de contrôle incorrecte",
    InvalidLength: "longueur incorrecte",
    InvalidFormat: "format incorrect",
    InvalidComponent: "composant incorrect",
}


def _validate(kind: str, value: str, validator: Callable[[str], str]) -> str:
    try:
        return validator(value)
    except ValidationError as exc:
        reason = next((r for t, r in _REASONS.items() if isinstance(exc, t)), "invalide")
        raise InvalidIdentifier(kind, value, reason) from None


def validate_siren(value: str) -> str:
    """SIREN: 9 digits with a Luhn key (INSEE)."""
    return _validate("SIREN", value, siren.validate)


def validate_siret(value: str) -> str:
    """SIRET: SIREN + 5-digit NIC, Luhn key (with La Poste's documented exception)."""
    return _validate("SIRET", value, siret.validate)


def validate_vat(value: str) -> str:
    """French intra-community VAT number (FR + 2-character key + SIREN), compact without FR."""
    compact = _validate("numéro de TVA", value, tva.validate)
    return "FR" + compact if not compact.upper().startswith("FR") else compact.upper()


def validate_iban(value: str) -> str:
    """IBAN (ISO 13616, mod-97 key)."""
    return _validate("IBAN", value, iban.validate)


def validate_bic(value: str) -> str:
    """BIC (ISO 9362)."""
    return _validate("BIC", value, bic.validate)


def siren_of_siret(value: str) -> str:
    """The SIREN part of a valid SIRET."""
    return validate_siret(value)[:9]
