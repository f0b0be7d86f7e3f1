"""The late-payment clause of a reminder, whether the creditor claims penalties yet or not.

Between professionals the late-payment penalties (C. com. L441-10 II) and the 40 € fixed
indemnity for collection costs (D441-5) are due « de plein droit » from the day after the due
date. A creditor may choose not to claim them in its first, courteous steps
(``domain.claim_settings``, ``LetterContext.fees_claimed`` False); the document then says so
honestly, without giving them up:

* an amicable reminder (e-mail or letter) asks for the principal only and says that the
  creditor keeps the right to claim them if the delay goes on (no rate, no 40 €, no penalty
  line: the sum asked is the principal);
* a formal notice still states the law's clause in full (L441-10 rate, D441-5 amount: the
  mentions the checker requires between professionals are never dropped), says that this notice
  does not claim them, and reserves the right to claim them later, in court if need be.

Not claiming is not a waiver (a waiver of the penalties may soon be « réputée non écrite »:
proposition de loi adopted by the Sénat on 19 February 2026, L441-10 II bis, not in force).
A consumer owes neither: nothing is said to a consumer (C. conso; L441-10 binds professionals).
"""

from __future__ import annotations

from dataclasses import dataclass

from recouvre.letters.document import Block, Paragraph
from recouvre.letters.formatting import eur, normalise_spaces
from recouvre.letters.sections import penalties_clause
from recouvre.letters.view_model import Language, LetterContext
from recouvre.letters.wording import Wording


@dataclass(frozen=True, slots=True)
class FeesWording:
    principal_only: str
    notice_reserved: str


FEES_WORDING: dict[Language, FeesWording] = {
    Language.FR: FeesWording(
        principal_only=(
            "À ce stade, nous vous demandons uniquement le règlement du principal, sans pénalités "
            "de retard ni indemnité forfaitaire pour frais de recouvrement. Nous nous réservons "
            "toutefois le droit de les réclamer si le retard se prolongeait, comme le prévoit "
            "l'article L441-10 du Code de commerce."
        ),
        notice_reserved=(
            "La présente mise en demeure ne réclame que le principal : nous ne vous demandons "
            "pas, à ce jour, ces pénalités ni cette indemnité, et nous nous réservons le droit "
            "de les réclamer ultérieurement, y compris en justice."
        ),
    ),
    Language.EN: FeesWording(
        principal_only=(
            "At this stage we ask you for the principal only, without late-payment penalties or "
            "the fixed indemnity for collection costs. We nevertheless reserve the right to "
            "claim them should the delay continue, as article L441-10 of the French Commercial "
            "Code provides."
        ),
        notice_reserved=(
            "This formal notice claims the principal only: we do not ask you for these "
            "penalties or this indemnity today, and we reserve the right to claim them later, "
            "including in court."
        ),
    ),
}


def fees_clause(ctx: LetterContext, w: Wording, *, notice: bool = False) -> tuple[Block, ...]:
    """The clause a reminder (``notice``: a formal notice) carries between professionals: the
    L441-10 and D441-5 clause when the fees are claimed, else the wording of the module
    docstring."""
    if not ctx.debtor_is_professional:
        return ()
    if ctx.fees_claimed:
        return penalties_clause(ctx, w)
    words = FEES_WORDING[ctx.language]
    if notice:
        return (*penalties_clause(ctx, w), Paragraph(words.notice_reserved))
    return (Paragraph(words.principal_only),)


def principal_only_problem(ctx: LetterContext, text: str) -> str | None:
    """Why an amicable reminder that claims the principal only is not one (French), or
    ``None``: the sentence saying so is printed and the sum asked holds nothing else."""
    if normalise_spaces(FEES_WORDING[ctx.language].principal_only) not in text:
        return "phrase « principal seul » absente"
    t = ctx.totals
    if t.interest or t.indemnities or t.other_accessories:
        return f"le total réclamé ({eur(t.total, ctx.language)}) dépasse le principal"
    return None
