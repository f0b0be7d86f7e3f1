"""The courtesy options of ``creditor set``: when the first reminder goes out, and from which
step the late-payment penalties and the 40 € indemnity are claimed (C. com. L441-10, D441-5;
``domain.claim_settings``), and the lines ``creditor show`` prints for them."""

from __future__ import annotations

from typing import Annotated

import typer

from recouvre.domain.claim_settings import ClaimSettings

FirstReminder = Annotated[
    int | None,
    typer.Option(
        "--premiere-relance",
        "--first-reminder-days",
        help="Première relance N jours après l'échéance (1 : le lendemain) ; 0 : le délai du "
        "scénario.",
        metavar="JOURS",
    ),
]
FeesFrom = Annotated[
    str | None,
    typer.Option(
        "--frais-a-partir-de",
        "--fees-from",
        help="Étape du scénario (relance_1, relance_2, mise_en_demeure…) à partir de laquelle "
        "les pénalités de retard et l'indemnité forfaitaire de 40 € sont réclamées ; avant "
        'elle, le principal seul ; "" : dès la première étape.',
        metavar="ÉTAPE",
    ),
]


def claim_rows(claims: ClaimSettings) -> list[tuple[str, str | None]]:
    """The lines ``creditor show`` prints (labels of ten letters at most: the columns of the
    other lines keep their width)."""
    n = claims.first_reminder_days
    plural = "s" if n is not None and n > 1 else ""
    first = "selon le scénario" if n is None else f"{n} jour{plural} après l'échéance"
    fees = (
        f"réclamées avec les 40 € à partir de l'étape {claims.fees_from} (avant : principal seul)"
        if claims.fees_from
        else "réclamées avec les 40 € dès la première étape"
    )
    return [("1er envoi", first), ("Pénalités", fees)]
