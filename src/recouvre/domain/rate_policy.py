"""What a creditor wants done when a legal rate of part of a period is not published yet.

The ECB main refinancing rate (C. com. L441-10 II) and the taux de l'intérêt légal (CMF
L313-2) are published once per half-year. A document dated in a half-year whose rate is not in
the tables cannot state an exact amount. recouvre never prints « 0,00 € » for it: either the
action waits in review for a person (``REVIEW``, the default), or the last published rate is
applied to the unknown part and the document says so in words, « taux en vigueur au
01/07/2026 ; montant à parfaire » (``LAST_PUBLISHED``). Set per creditor with
``recouvre creditor set SIREN --taux-inconnu en-revue|dernier-taux-publie``.
"""

from __future__ import annotations

import enum
from typing import assert_never


class MissingRatePolicy(enum.StrEnum):
    """A creditor's choice for a rate not yet published (stored as its value)."""

    REVIEW = "review"
    LAST_PUBLISHED = "last_published"

    @property
    def label_fr(self) -> str:
        match self:
            case MissingRatePolicy.REVIEW:
                return "en revue (une personne décide)"
            case MissingRatePolicy.LAST_PUBLISHED:
                return "dernier taux publié (montant à parfaire)"
            case _:
                assert_never(self)
