"""The domain's exception tree, drawn once here.

    DomainError                  a rule of the domain refused something
    ├── InvalidIdentifier        a SIREN, SIRET, VAT number, IBAN or BIC fails its checksum
    ├── InvalidAmount            (money.InvalidAmount) an amount is not whole cents
    └── InvariantViolation       an aggregate refused a change that breaks its invariant

Messages are French first: they reach users as they are.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused something."""


class InvalidIdentifier(DomainError, ValueError):
    """An identifier failed validation (python-stdnum says why)."""

    def __init__(self, kind: str, value: str, reason: str) -> None:
        super().__init__(f"{kind} invalide « {value} » : {reason}")
        self.kind = kind
        self.value = value
        self.reason = reason


class InvariantViolation(DomainError):
    """An aggregate refused a change that would break one of its invariants."""
