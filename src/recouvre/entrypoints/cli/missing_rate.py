"""The ``--taux-inconnu`` option of ``creditor set``: what a half-year whose legal rate (ECB MRO
of C. com. L441-10 II, taux de l'intérêt légal of CMF L313-2) is not published yet gets, for
this creditor (``domain.rate_policy.MissingRatePolicy``): « en-revue » (the action waits for a
person, the default) or « dernier-taux-publie » (the last published rate, every document saying
« taux en vigueur au … ; montant à parfaire »)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from recouvre.domain.rate_policy import MissingRatePolicy


class MissingRateChoice(enum.StrEnum):
    EN_REVUE = "en-revue"
    DERNIER_TAUX_PUBLIE = "dernier-taux-publie"


POLICIES = {
    MissingRateChoice.EN_REVUE: MissingRatePolicy.REVIEW,
    MissingRateChoice.DERNIER_TAUX_PUBLIE: MissingRatePolicy.LAST_PUBLISHED,
}

MissingRate = Annotated[
    MissingRateChoice | None,
    typer.Option(
        "--taux-inconnu",
        "--missing-rate",
        help="Taux légal pas encore publié pour une partie de la période : « en-revue » (l'action "
        "attend une personne, par défaut) ou « dernier-taux-publie » (dernier taux publié, "
        "chaque document dit « taux en vigueur au … ; montant à parfaire »).",
    ),
]


def policy_of(choice: MissingRateChoice | None) -> MissingRatePolicy | None:
    return None if choice is None else POLICIES[choice]


def missing_rate_row(policy: MissingRatePolicy) -> tuple[str, str]:
    """The line ``creditor show`` prints (a short label: the other lines keep their width)."""
    return ("Sans taux", policy.label_fr)
