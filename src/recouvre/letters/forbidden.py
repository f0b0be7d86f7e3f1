"""What no document may say, whatever its kind: ``refusals`` lists it in French.

* anything imitating a court or bailiff document (C. pén. 433-13, 444-5);
* a threat of an action that is not possible (C. conso L121-6): a measure that needs an
  enforceable title, or a judicial step the route engine did not open;
* the fixed indemnity or collection costs claimed from a consumer (C. com. L441-10 and D441-5
  bind professionals only; CPCE L111-8 leaves collection costs without title to the creditor);
* time-barred invoices (C. com. L110-4, C. conso L218-2): a legal action announced when every
  invoice is time-barred, any reminder when all of them are, and a demand whose statement,
  principal or indemnities claim a time-barred invoice as enforceable.

The text is the one that is sent (``Document.text()`` with no-break spaces made ordinary).
"""

from __future__ import annotations

from recouvre.domain.money import ZERO
from recouvre.letters.document import Document, DocumentKind, Heading
from recouvre.letters.formatting import eur, normalise_spaces
from recouvre.letters.legal_texts import (
    IMITATION_PHRASES,
    IMITATION_TITLE_WORDS,
    IMPOSSIBLE_THREATS,
)
from recouvre.letters.view_model import LegalAction, LetterContext

# Words that reveal each judicial step, in both languages: announcing one that the route engine
# did not open is a threat of an action that is not possible (C. conso L121-6).
_ACTION_WORDS: dict[LegalAction, tuple[str, ...]] = {
    LegalAction.PAYMENT_ORDER: ("injonction de payer", "order for payment"),
    LegalAction.SMALL_CLAIMS: ("petites créances", "small-claims"),
    LegalAction.INTERIM_PAYMENT: ("juge des référés", "référé-provision", "summary judge"),
    LegalAction.SUMMONS_ON_MERITS: ("action en paiement", "assignation", "proceedings for"),
}


def _barred_claims(ctx: LetterContext) -> list[str]:
    """A demand must not claim a time-barred invoice as enforceable: no statement slice on it,
    a principal within the other invoices' balance, no fixed indemnity for it."""
    lang, t = ctx.language, ctx.totals
    barred = set(ctx.time_barred)
    out = [
        f"intérêts ou pénalités réclamés sur la facture prescrite {line.invoice_number}"
        for line in ctx.statement
        if line.invoice_number in barred
    ]
    enforceable = ctx.enforceable_invoices
    balance = sum((inv.outstanding for inv in enforceable), ZERO)
    if t.principal > balance:
        out.append(
            f"principal réclamé ({eur(t.principal, lang)}) supérieur au solde des factures non "
            f"prescrites ({eur(balance, lang)})"
        )
    if t.indemnities > ctx.indemnity_amount * len(enforceable):
        out.append("indemnités forfaitaires réclamées pour des factures prescrites")
    return out


def refusals(doc: Document, ctx: LetterContext, text: str) -> tuple[str, ...]:
    """Every forbidden content of ``doc``, explained in French (empty: nothing forbidden)."""
    lower = text.lower()
    out: list[str] = []
    out += [
        f"« {p} » imite un acte judiciaire ou d'huissier (C. pén. 433-13)"
        for p in IMITATION_PHRASES
        if p in lower
    ]
    titles = [doc.subject, doc.sender.name] + [b.text for b in doc.blocks if isinstance(b, Heading)]
    title_text = normalise_spaces(" ".join(titles)).lower()
    out += [
        f"« {word} » dans l'en-tête ou l'objet imite une autorité (C. pén. 433-13, 444-5)"
        for word in IMITATION_TITLE_WORDS
        if word in title_text
    ]
    out += [
        f"« {p} » annonce une mesure impossible sans titre exécutoire (C. conso L121-6)"
        for p in IMPOSSIBLE_THREATS
        if p in lower
    ]
    announced = [a for a, words in _ACTION_WORDS.items() if any(w in lower for w in words)]
    out += [
        f"action « {action.value} » annoncée alors qu'elle n'est pas ouverte (C. conso L121-6)"
        for action in announced
        if action not in ctx.possible_actions
    ]
    if announced and ctx.all_time_barred:
        out.append(
            "action en justice annoncée alors que toutes les factures sont prescrites ("
            + ", ".join(ctx.time_barred)
            + ") : menace d'une action qui n'est pas légalement possible (C. conso L121-6)"
        )
    if ctx.time_barred and doc.kind not in (DocumentKind.PAYMENT_PLAN, DocumentKind.RECEIPT):
        if ctx.all_time_barred:
            out.append(
                "toutes les factures sont prescrites : plus rien n'est exigible en justice, "
                "plus aucune relance (C. civ. 2219 ; C. conso L121-6)"
            )
        out += _barred_claims(ctx)
    if not ctx.debtor_is_professional:
        if ctx.totals.indemnities or "d441-5" in lower or "indemnité forfaitaire" in lower:
            out.append("indemnité forfaitaire réclamée à un consommateur (C. com. L441-10)")
        if ctx.totals.other_accessories:
            out.append("frais de recouvrement mis à la charge d'un consommateur (CPCE L111-8)")
    return tuple(out)
