"""What a document says when part of its interest is computed with the last published rate.

The ECB rate (C. com. L441-10 II) and the taux de l'intérêt légal (CMF L313-2) are published
per half-year. When a creditor chose « dernier taux publié » (``domain.rate_policy``) and a
half-year of the period has no published rate yet, the legal engine uses the last one and the
amount is provisional: every document claiming it says so in words, next to the amounts —
« taux en vigueur au 01/07/2026 ; montant à parfaire » — and never claims it as final.
``LetterContext.provisional_rate_on`` carries the date; ``None`` means the amounts are exact.
"""

from __future__ import annotations

from typing import assert_never

from recouvre.letters.document import Block, Paragraph
from recouvre.letters.formatting import short_date
from recouvre.letters.view_model import Language, LetterContext

MARK_FR = "montant à parfaire"


def provisional_words(ctx: LetterContext) -> str:
    """« taux en vigueur au 01/07/2026 ; montant à parfaire » (empty when exact)."""
    if ctx.provisional_rate_on is None:
        return ""
    day = short_date(ctx.provisional_rate_on, ctx.language)
    match ctx.language:
        case Language.FR:
            return f"taux en vigueur au {day} ; {MARK_FR}"
        case Language.EN:
            return f"rate in force on {day}; amount to be finalised ({MARK_FR})"
        case _:
            assert_never(ctx.language)


def provisional_note(ctx: LetterContext) -> tuple[Block, ...]:
    """The sentence a letter or email prints after its amounts when they are provisional."""
    words = provisional_words(ctx)
    if not words:
        return ()
    match ctx.language:
        case Language.FR:
            text = (
                "Le taux légal d'une partie de la période n'est pas encore publié : les "
                "pénalités et intérêts de cette période sont calculés au dernier taux publié, "
                f"{words}."
            )
        case Language.EN:
            text = (
                "The statutory rate for part of the period is not published yet: penalties "
                "and interest for that part are computed at the last published rate, "
                f"{words}."
            )
        case _:
            assert_never(ctx.language)
    return (Paragraph(text, strong=True),)


def provisional_sms(ctx: LetterContext) -> str:
    """The SMS's few words (« Montant à parfaire, taux en vigueur au 01/07/2026. »)."""
    if ctx.provisional_rate_on is None:
        return ""
    day = short_date(ctx.provisional_rate_on, ctx.language)
    match ctx.language:
        case Language.FR:
            return f" Montant à parfaire (taux en vigueur au {day})."
        case Language.EN:
            return f" Amount to be finalised (rate in force on {day})."
        case _:
            assert_never(ctx.language)
