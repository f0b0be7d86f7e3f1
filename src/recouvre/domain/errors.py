"""The exception tree of the domain and the pure rule packages above it, drawn once here.

    DomainError                  a rule of the domain refused something
    ├── InvalidIdentifier        (also ValueError) a SIREN, SIRET, VAT number, IBAN or BIC
    │                            fails its checksum
    ├── InvalidAmount            (money; also ValueError) an amount is not whole cents
    ├── InvariantViolation       an aggregate refused a change that breaks its invariant
    ├── JournalError             (journal; also ValueError) an entry cannot be journaled
    │                            (a float, a timestamp without time zone...)
    ├── NoScenario               (scenarios.selection) no scenario fits the case (the set
    │                            needs a catch-all)
    ├── PolicyNeverAllows        (compliance.guard) the contact policy never opens a channel
    ├── InvalidLegalIdentity     (legal_identity) a creditor's legal form, RCS or capital that
    │                            cannot be printed on a court paper
    └── DocumentRefused          (letters.mentions) a document that may not be sent (its
                                 verdict gives the reasons)

``scenarios``, ``compliance`` and ``letters`` are pure rules over the domain model, so their
refusals are domain refusals and take this root rather than one each. The second base
``ValueError`` stays where callers catch a parse failure as one (an amount typed on the
command line, a journal entry read back). ``letters.channels.ChannelError`` is not in this
tree: it is the contract of the ``Mailer`` and ``SmsGateway`` ports, raised by the adapters
behind them and caught whole by the outbox dispatcher, never by an entry point.

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
