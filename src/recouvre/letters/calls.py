"""Phone-call scripts for agents: the case in three lines, the opening, and the answers to the
usual replies (forgot, cash-flow difficulty, dispute, "already paid", asks for time).

Rules the script reminds the agent of (C. conso L121-6 and L121-7 3°, C. pén. 222-16): speak only
to the debtor (never disclose the debt to a third party), no threat of an action that is not
legally possible (C. conso L121-6), no repeated calls (C. pén. 222-16), a dispute stops the
calls until it is handled. An agency quotes its first letter (CPCE R124-4, last paragraph).
"""

from __future__ import annotations

from dataclasses import dataclass

from recouvre.letters.document import Block, Document, DocumentKind, Heading, Paragraph
from recouvre.letters.formatting import days, eur, long_date
from recouvre.letters.provisional import provisional_note
from recouvre.letters.sections import (
    agency_mentions,
    invoice_table,
    invoices_phrase,
    make_document,
    pay_by,
    time_barred_note,
)
from recouvre.letters.view_model import Language, LetterContext, SenderKind
from recouvre.letters.wording import wording_for


@dataclass(frozen=True, slots=True)
class ScriptWording:
    title: str
    summary: str
    rules_title: str
    rules: tuple[str, ...]
    opening_title: str
    opening: str
    replies: tuple[tuple[str, str], ...]  # (usual reply, answer)
    closing_title: str
    closing: str


_FR = ScriptWording(
    title="Script d'appel — dossier {ref}",
    summary=(
        "Débiteur : {debtor}. Montant réclamé : {amount} ({invoices}, échéance la plus "
        "ancienne le {due}). Délai proposé : règlement au plus tard le {pay_by}."
    ),
    rules_title="Règles de l'appel",
    rules=(
        "Vérifier que l'interlocuteur est bien le débiteur ou son représentant ; sinon, ne rien "
        "dire de la dette et proposer de rappeler.",
        "Rester courtois ; aucune menace, aucune pression ; n'annoncer que des suites réellement "
        "possibles.",
        "Noter l'issue de l'appel : joint, pas de réponse, mauvais numéro, promesse (date et "
        "montant), contestation, demande d'échéancier.",
    ),
    opening_title="Ouverture",
    opening=(
        "Bonjour, {agent}, de {sender}. Je vous appelle au sujet de la somme de {amount} "
        "({invoices}), due depuis le {due}. Pouvons-nous en parler ?"
    ),
    replies=(
        (
            "« J'ai oublié »",
            "Remercier, proposer le règlement immédiat par virement (référence {ref}) et noter "
            "une promesse avec sa date et son montant.",
        ),
        (
            "« J'ai des difficultés de trésorerie »",
            "Écouter, demander ce qui est possible et proposer un échéancier ; noter les "
            "montants et les dates proposés pour un accord écrit.",
        ),
        (
            "« Je conteste la facture »",
            "Ne pas discuter le fond ; demander les motifs par écrit ; enregistrer la "
            "contestation : les relances sont suspendues jusqu'à son examen.",
        ),
        (
            "« J'ai déjà payé »",
            "Demander la date, le montant, le moyen de paiement et la référence ; proposer "
            "d'envoyer le justificatif par courriel ; suspendre jusqu'à vérification.",
        ),
        (
            "« J'ai besoin de temps »",
            "Accorder un délai raisonnable, au plus {grace} (jusqu'au {pay_by}) ; noter la "
            "promesse ; au-delà, proposer un échéancier.",
        ),
    ),
    closing_title="Conclusion",
    closing=("Récapituler ce qui a été convenu, annoncer une confirmation écrite, remercier."),
)

_EN = ScriptWording(
    title="Call script — case {ref}",
    summary=(
        "Debtor: {debtor}. Amount claimed: {amount} ({invoices}, oldest due date "
        "{due}). Proposed delay: payment by {pay_by}."
    ),
    rules_title="Rules of the call",
    rules=(
        "Check that you are speaking to the debtor or their representative; otherwise say "
        "nothing about the debt and offer to call back.",
        "Stay courteous; no threat, no pressure; only mention steps that are actually possible.",
        "Record the outcome: reached, no answer, wrong number, promise (date and amount), "
        "dispute, asks for a payment plan.",
    ),
    opening_title="Opening",
    opening=(
        "Hello, this is {agent} calling on behalf of {sender} about {amount} ({invoices}), "
        "due since {due}. Can we talk about it?"
    ),
    replies=(
        (
            "“I forgot”",
            "Thank them, offer to pay now by transfer (reference {ref}) and record a promise "
            "with its date and amount.",
        ),
        (
            "“I have cash-flow difficulties”",
            "Listen, ask what is possible and offer a payment plan; note the amounts and dates "
            "proposed for a written agreement.",
        ),
        (
            "“I dispute the invoice”",
            "Do not argue; ask for the reasons in writing; record the dispute: reminders are "
            "suspended until it is examined.",
        ),
        (
            "“I have already paid”",
            "Ask for the date, amount, means of payment and reference; offer to receive the "
            "proof by email; suspend until checked.",
        ),
        (
            "“I need more time”",
            "Grant a reasonable delay, at most {grace} (until {pay_by}); record the promise; "
            "beyond that, offer a payment plan.",
        ),
    ),
    closing_title="Closing",
    closing="Sum up what was agreed, announce a written confirmation, thank them.",
)


def script_wording(language: Language) -> ScriptWording:
    match language:
        case Language.FR:
            return _FR
        case Language.EN:
            return _EN


def call_script(ctx: LetterContext) -> Document:
    lang = ctx.language
    sw, w = script_wording(lang), wording_for(lang)
    oldest = min((inv.due_date for inv in ctx.invoices), default=ctx.on)
    args = {
        "ref": ctx.reference,
        "debtor": ctx.debtor.name,
        "amount": eur(ctx.totals.total, lang),
        "invoices": invoices_phrase(ctx, w),
        "due": long_date(oldest, lang),
        "pay_by": long_date(pay_by(ctx), lang),
        "grace": days(ctx.grace_days, lang),
        "agent": ctx.signatory or "…",
        "sender": ctx.sender.name,
    }
    blocks: list[Block] = [
        Heading(sw.title.format(**args)),
        Paragraph(sw.summary.format(**args), strong=True),
        invoice_table(ctx, w),
        *time_barred_note(ctx, w),
        *provisional_note(ctx),
    ]
    if ctx.sender_kind is SenderKind.AGENCY:
        blocks += agency_mentions(ctx, w, full=False)
    blocks.append(Heading(sw.rules_title, level=2))
    blocks += [Paragraph("• " + rule) for rule in sw.rules]
    blocks += [Heading(sw.opening_title, level=2), Paragraph(sw.opening.format(**args))]
    for reply, answer in sw.replies:
        blocks += [Heading(reply, level=2), Paragraph(answer.format(**args))]
    blocks += [Heading(sw.closing_title, level=2), Paragraph(sw.closing)]
    subject = sw.title.format(**args)
    return make_document(DocumentKind.CALL_SCRIPT, ctx, subject, tuple(blocks))
