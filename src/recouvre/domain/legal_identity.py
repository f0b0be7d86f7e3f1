"""What a court paper must say of a creditor that is a legal person (CPC 57 and 1407: « sa
forme, sa dénomination, son siège social et l'organe qui la représente légalement »), and what
its commercial papers carry (C. com. R123-237: the RCS and its town; the share capital of a
company)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from recouvre.domain.errors import DomainError


class InvalidLegalIdentity(DomainError):
    """A legal form, RCS town, capital or representative that cannot be printed."""


@dataclass(frozen=True, slots=True)
class LegalIdentity:
    legal_form: str  # « SARL », « SAS », « entrepreneur individuel »...
    rcs_city: str | None = None  # the registry: « Lyon » for « RCS Lyon »
    share_capital: Decimal | None = None
    representative: str | None = None  # « Paul Durand, gérant »

    def __post_init__(self) -> None:
        for name, value in (
            ("forme juridique", self.legal_form),
            ("ville du RCS", self.rcs_city),
            ("représentant", self.representative),
        ):
            if value is not None and (not value.strip() or not value.isprintable()):
                raise InvalidLegalIdentity(f"{name} : texte imprimable non vide attendu")
        capital = self.share_capital
        if capital is not None and not capital > 0:
            raise InvalidLegalIdentity("capital social : montant positif attendu")
