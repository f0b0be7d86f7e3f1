"""Collection agencies (sociétés de recouvrement) and how a creditor is represented by one.

A person who collects debts amicably for others (CPCE L124-1, R124-1) writes to the debtor with
five mentions (R124-4): 1° its name, address and the statement that it carries on an amicable
debt-collection activity; 2° the creditor; 3° the basis and amount split into principal,
interest and accessories; 4° the demand and payment terms; 5° CPCE L111-8 al. 2 and 3
reproduced. Every later contact quotes the first letter's reference and date.

Before any activity the agency must hold a professional civil-liability insurance and an
account dedicated to the funds received for creditors, and declare both to the procureur de la
République (R124-2). Those facts are the agency's own data (``liability_insurance``,
``funds_account``, ``prosecutor_declaration``): free text the user keeps up to date, never
literals in code (R124-2 says what they must be, not their value).

Every document an agency sends is signed by a named person of the agency (``signatory``, with
their role ``signatory_title``): the mentions checker refuses one without.

Validation goes through ``domain.identifiers`` (python-stdnum): ``Agency.checked`` returns the
agency with its identifiers in compact form or raises ``InvalidIdentifier``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import (
    validate_bic,
    validate_iban,
    validate_siren,
    validate_siret,
)
from recouvre.domain.parties import Address, SenderIdentity

# The R124-4 1° statement, as the agency describes its activity; editable per agency.
DEFAULT_ACTIVITY = "Recouvrement amiable de créances pour le compte de tiers"


class PaymentTo(enum.StrEnum):
    """Whose account the payment block shows when an agency writes: the creditor's (the
    debtor pays the creditor directly) or the agency's account dedicated to funds received for
    creditors (CPCE R124-2 2°; the agency then gives a receipt, R124-6)."""

    CREDITOR = "creditor"
    AGENCY = "agency"


@dataclass(frozen=True, slots=True)
class Agency:
    """A collection agency acting for one or more creditors (CPCE L124-1)."""

    id: int | None
    name: str
    siren: str
    siret: str | None = None
    address: Address = field(default_factory=Address)
    email: str | None = None
    phone: str | None = None
    iban: str | None = None
    bic: str | None = None
    activity: str = DEFAULT_ACTIVITY
    liability_insurance: str = ""  # R124-2: insurer and policy of the RC professionnelle
    funds_account: str = ""  # R124-2: the account dedicated to funds received for creditors
    prosecutor_declaration: str = ""  # R124-2: declaration to the procureur de la République
    logo_path: str | None = None
    identity: SenderIdentity = field(default_factory=SenderIdentity)
    # The named person of the agency who signs its documents, and their role: a debtor is
    # written to by someone who can be asked for (R124-4 1°: the agency's identity).
    signatory: str = ""
    signatory_title: str = ""

    def checked(self) -> Agency:
        """The agency with every identifier validated and compacted (python-stdnum); raises
        ``InvalidIdentifier`` naming the faulty one. The SIRET must belong to the SIREN."""
        siren = validate_siren(self.siren)
        siret = validate_siret(self.siret) if self.siret else None
        if siret is not None and siret[:9] != siren:
            raise InvalidIdentifier("SIRET", siret, f"n'appartient pas au SIREN {siren}")
        return replace(
            self,
            name=self.name.strip(),
            siren=siren,
            siret=siret,
            iban=validate_iban(self.iban) if self.iban else None,
            bic=validate_bic(self.bic) if self.bic else None,
        )

    @property
    def guarantees(self) -> tuple[str, ...]:
        """The R124-2 lines that are filled in, in the order the article lists them."""
        return tuple(
            line
            for line in (self.liability_insurance, self.funds_account, self.prosecutor_declaration)
            if line
        )
