"""The mentions checker: a document missing a required mention is not sent.

What is required (C. com. L441-10 II and D441-5; C. civ. 1344; CPCE R124-4 and L111-8; C. conso
L121-6):

- every reminder: invoice number and date, amount claimed, due date, the extra delay granted;
  between professionals, the late-payment penalties (C. com. L441-10 II) and the fixed
  indemnity (D441-5);
- the formal notice: the heading « MISE EN DEMEURE », the statement with rates and periods, a
  demand to pay within a stated number of days, the payment details (C. civ. 1344; practice);
- an agency (CPCE R124-4): 1° its identity and activity, 2° the creditor, 3° the basis and
  amount split into principal, interest and accessories, 4° the demand and payment terms,
  5° CPCE L111-8 al. 2 and 3 reproduced; on every later contact, the first letter's reference
  and date; every agency document but an SMS is signed by a named person of the agency, with
  their role (« Claire Martin, chargée de recouvrement »): the debtor knows whom to answer. 1° is
  checked by structure, not by one sentence: the agency's name, the last line
  of its address and its activity (stored text, else the shipped default) are in the text, and
  the activity states debt collection (« recouvrement »);
- a reminder with time-barred invoices: the note naming each of them as not claimed in court.

What is refused whatever the kind is in ``recouvre.letters.forbidden``; ``check`` reports both.

The checker reads the text that is sent (``Document.text()``) and looks for the facts of the
context in it, so a creditor's adapted wording is checked the same way as ours.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from recouvre.domain.errors import DomainError
from recouvre.letters.document import (
    Document,
    DocumentKind,
    Heading,
    Paragraph,
    PaymentBlock,
    Table,
    block_text,
)
from recouvre.letters.fees_clause import principal_only_problem
from recouvre.letters.forbidden import refusals
from recouvre.letters.formatting import days, eur, long_date, normalise_spaces, rate, short_date
from recouvre.letters.legal_texts import L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3
from recouvre.letters.sections import (
    agency_activity,
    claimed_invoices,
    interest_label,
    interest_text,
    pay_by,
)
from recouvre.letters.view_model import LetterContext, SenderKind
from recouvre.letters.wording import wording_for


class Mention(enum.StrEnum):
    INVOICE_NUMBER = "invoice_number"
    INVOICE_DATE = "invoice_date"
    AMOUNT_CLAIMED = "amount_claimed"
    DUE_DATE = "due_date"
    EXTRA_DELAY = "extra_delay"
    LATE_PENALTIES = "late_penalties"
    FIXED_INDEMNITY = "fixed_indemnity"
    FORMAL_NOTICE_HEADING = "formal_notice_heading"
    STATEMENT = "statement"
    DEMAND_WITHIN_DAYS = "demand_within_days"
    PAYMENT_DETAILS = "payment_details"
    AGENCY_IDENTITY = "agency_identity"
    CREDITOR_IDENTITY = "creditor_identity"
    DEBT_BREAKDOWN = "debt_breakdown"
    DEMAND_AND_TERMS = "demand_and_terms"
    L111_8_REPRODUCTION = "l111_8_reproduction"
    FIRST_LETTER_REFERENCE = "first_letter_reference"
    TIME_BARRED_NOTE = "time_barred_note"
    PLAN_SCHEDULE = "plan_schedule"
    RECEIPT_PAYMENT = "receipt_payment"
    REMAINING_BALANCE = "remaining_balance"
    SIGNATORY = "signatory"
    PRINCIPAL_ONLY = "principal_only"


LABELS: dict[Mention, str] = {
    Mention.INVOICE_NUMBER: "numéro de facture",
    Mention.INVOICE_DATE: "date de facture",
    Mention.AMOUNT_CLAIMED: "montant réclamé",
    Mention.DUE_DATE: "date d'échéance",
    Mention.EXTRA_DELAY: "délai supplémentaire accordé",
    Mention.LATE_PENALTIES: "pénalités de retard (C. com. L441-10)",
    Mention.FIXED_INDEMNITY: "indemnité forfaitaire pour frais de recouvrement (C. com. D441-5)",
    Mention.FORMAL_NOTICE_HEADING: "intitulé « MISE EN DEMEURE »",
    Mention.STATEMENT: "décompte avec taux et périodes",
    Mention.DEMAND_WITHIN_DAYS: "sommation de payer dans un délai en jours",
    Mention.PAYMENT_DETAILS: "coordonnées de paiement (IBAN et référence)",
    Mention.AGENCY_IDENTITY: "identité, adresse et activité de l'agence (CPCE R124-4 1°)",
    Mention.CREDITOR_IDENTITY: "nom et adresse du créancier (CPCE R124-4 2°)",
    Mention.DEBT_BREAKDOWN: "principal, intérêts et accessoires distingués (CPCE R124-4 3°)",
    Mention.DEMAND_AND_TERMS: "demande de paiement et modalités (CPCE R124-4 4°)",
    Mention.L111_8_REPRODUCTION: "reproduction de CPCE L111-8 al. 2 et 3 (CPCE R124-4 5°)",
    Mention.FIRST_LETTER_REFERENCE: "référence et date du premier courrier (CPCE R124-4)",
    Mention.TIME_BARRED_NOTE: "factures prescrites signalées comme non réclamées en justice",
    Mention.PLAN_SCHEDULE: "échéancier (dates et montants)",
    Mention.RECEIPT_PAYMENT: "montant et date du paiement reçu",
    Mention.REMAINING_BALANCE: "solde restant dû",
    Mention.SIGNATORY: "signataire nommé de l'agence, avec sa fonction",
    Mention.PRINCIPAL_ONLY: "principal seul réclamé, pénalités et indemnité réservées (L441-10)",
}

_REMINDER_BASE = frozenset(
    {Mention.INVOICE_NUMBER, Mention.INVOICE_DATE, Mention.AMOUNT_CLAIMED, Mention.DUE_DATE}
)
_R124_4 = frozenset(
    {
        Mention.AGENCY_IDENTITY,
        Mention.CREDITOR_IDENTITY,
        Mention.DEBT_BREAKDOWN,
        Mention.DEMAND_AND_TERMS,
        Mention.L111_8_REPRODUCTION,
    }
)

# Words an activity must contain to state debt collection (R124-4 1°), in either language.
_COLLECTION_WORDS = ("recouvr", "collect")


@dataclass(frozen=True, slots=True)
class Missing:
    mention: Mention
    detail: str = ""

    def __str__(self) -> str:
        label = LABELS[self.mention]
        return f"{label} ({self.detail})" if self.detail else label


@dataclass(frozen=True, slots=True)
class Verdict:
    """``missing`` required mentions and ``refused`` contents, both explained in French."""

    missing: tuple[Missing, ...] = ()
    refused: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.missing and not self.refused

    def reasons(self) -> tuple[str, ...]:
        return tuple(f"mention manquante : {m}" for m in self.missing) + tuple(
            f"contenu interdit : {r}" for r in self.refused
        )


class DocumentRefused(DomainError):
    """A document that may not be sent; the case shows ``verdict.reasons()``."""

    def __init__(self, kind: DocumentKind, verdict: Verdict) -> None:
        super().__init__(f"document « {kind.value} » refusé : " + " ; ".join(verdict.reasons()))
        self.kind = kind
        self.verdict = verdict


def required_mentions(kind: DocumentKind, ctx: LetterContext) -> frozenset[Mention]:
    """The mentions ``kind`` must carry for this sender and debtor."""
    required: set[Mention] = set()
    match kind:
        case DocumentKind.REMINDER_EMAIL | DocumentKind.REMINDER_LETTER:
            required |= _REMINDER_BASE | {Mention.EXTRA_DELAY, Mention.PAYMENT_DETAILS}
        case DocumentKind.SECOND_REMINDER:
            required |= _REMINDER_BASE | {Mention.EXTRA_DELAY, Mention.PAYMENT_DETAILS}
        case DocumentKind.FORMAL_NOTICE:
            required |= _REMINDER_BASE | {
                Mention.FORMAL_NOTICE_HEADING,
                Mention.STATEMENT,
                Mention.DEMAND_WITHIN_DAYS,
                Mention.PAYMENT_DETAILS,
            }
        case DocumentKind.SMS:
            required |= {
                Mention.INVOICE_NUMBER,
                Mention.AMOUNT_CLAIMED,
                Mention.DUE_DATE,
                Mention.EXTRA_DELAY,
            }
        case DocumentKind.CALL_SCRIPT:
            required |= {Mention.INVOICE_NUMBER, Mention.AMOUNT_CLAIMED, Mention.DUE_DATE}
        case DocumentKind.PAYMENT_PLAN:
            required |= {Mention.INVOICE_NUMBER, Mention.AMOUNT_CLAIMED, Mention.PLAN_SCHEDULE}
        case DocumentKind.RECEIPT:
            required |= {Mention.RECEIPT_PAYMENT, Mention.REMAINING_BALANCE}
    if kind.is_reminder and kind is not DocumentKind.SMS and ctx.debtor_is_professional:
        if ctx.fees_claimed or kind is DocumentKind.FORMAL_NOTICE:  # never dropped there
            required |= {Mention.LATE_PENALTIES, Mention.FIXED_INDEMNITY}
        else:  # the creditor's courtesy (``letters.fees_clause``)
            required.add(Mention.PRINCIPAL_ONLY)
    if ctx.time_barred and kind.is_reminder:
        required.add(Mention.TIME_BARRED_NOTE)
    if ctx.sender_kind is SenderKind.AGENCY:
        if kind.is_reminder:
            required |= _R124_4
        elif kind is not DocumentKind.SMS:
            required |= {Mention.AGENCY_IDENTITY, Mention.CREDITOR_IDENTITY}
        if ctx.first_letter is not None:
            required.add(Mention.FIRST_LETTER_REFERENCE)
        if kind not in (DocumentKind.SMS, DocumentKind.CALL_SCRIPT):
            required.add(Mention.SIGNATORY)
    return frozenset(required)


def check(document: Document, ctx: LetterContext) -> Verdict:
    """Every required mention present, nothing forbidden: ``Verdict.ok``."""
    text = normalise_spaces(document.text())
    missing: list[Missing] = []
    for mention in sorted(required_mentions(document.kind, ctx)):
        missing += _find(mention, document, ctx, text)
    return Verdict(tuple(missing), refusals(document, ctx, text))


def ensure_sendable(document: Document, ctx: LetterContext) -> None:
    """Raise ``DocumentRefused`` with the French reasons when ``check`` fails."""
    verdict = check(document, ctx)
    if not verdict.ok:
        raise DocumentRefused(document.kind, verdict)


def _has(text: str, needle: str) -> bool:
    return normalise_spaces(needle) in text


def _has_date(text: str, ctx: LetterContext, day: date) -> bool:
    return _has(text, short_date(day, ctx.language)) or _has(text, long_date(day, ctx.language))


def _find(mention: Mention, doc: Document, ctx: LetterContext, text: str) -> list[Missing]:
    lang, w = ctx.language, wording_for(ctx.language)
    match mention:
        case Mention.INVOICE_NUMBER:
            named = claimed_invoices(ctx) if doc.kind is DocumentKind.SMS else ctx.invoices
            return [Missing(mention, i.number) for i in named if not _has(text, i.number)]
        case Mention.INVOICE_DATE:
            return [
                Missing(mention, i.number)
                for i in ctx.invoices
                if not _has_date(text, ctx, i.issue_date)
            ]
        case Mention.DUE_DATE:
            return _due_dates(doc, ctx, text)
        case Mention.AMOUNT_CLAIMED:
            return _unless(_has(text, eur(ctx.totals.total, lang)), mention)
        case Mention.EXTRA_DELAY:
            return _unless(_has_date(text, ctx, pay_by(ctx)), mention)
        case Mention.LATE_PENALTIES:
            return _unless(_has(text, "L441-10") and _has(text, ctx.rate_basis), mention)
        case Mention.FIXED_INDEMNITY:
            ok = _has(text, "D441-5") and _has(text, eur(ctx.indemnity_amount, lang))
            return _unless(ok, mention)
        case Mention.FORMAL_NOTICE_HEADING:
            headings = [b.text.strip() for b in doc.blocks if isinstance(b, Heading)]
            return _unless(w.heading_notice in headings, mention)
        case Mention.STATEMENT:
            return _statement(doc, ctx)
        case Mention.DEMAND_WITHIN_DAYS:
            phrase = f"{w.demand_marker} {days(ctx.notice_days, lang)}"
            return _unless(_has(text, phrase), mention)
        case Mention.PAYMENT_DETAILS:
            return _unless(_has_payment_details(doc, ctx), mention)
        case Mention.AGENCY_IDENTITY:
            return _agency_identity(ctx, text)
        case Mention.CREDITOR_IDENTITY:
            c = ctx.creditor
            return _unless(all(_has(text, p) for p in (c.name, *c.address_lines[-1:])), mention)
        case Mention.DEBT_BREAKDOWN:
            return _breakdown(ctx, text)
        case Mention.DEMAND_AND_TERMS:
            terms = w.payment_terms.format(ref=ctx.payment.reference)
            ok = _has(text, terms) and _has(text, eur(ctx.totals.total, lang))
            return _unless(ok, mention)
        case Mention.L111_8_REPRODUCTION:
            ok = _has(text, L111_8_PARAGRAPH_2) and _has(text, L111_8_PARAGRAPH_3)
            return _unless(ok, mention)
        case Mention.TIME_BARRED_NOTE:
            return _time_barred_note(doc, ctx)
        case Mention.FIRST_LETTER_REFERENCE:
            first = ctx.first_letter
            ok = first is not None and (
                _has(text, first.reference) and _has_date(text, ctx, first.sent_on)
            )
            return _unless(ok, mention)
        case Mention.PLAN_SCHEDULE:
            return _schedule(ctx, text)
        case Mention.RECEIPT_PAYMENT | Mention.REMAINING_BALANCE:
            return _receipt(mention, ctx, text)
        case Mention.SIGNATORY:
            return _signatory(ctx, text)
        case Mention.PRINCIPAL_ONLY:
            problem = principal_only_problem(ctx, text)
            return _unless(problem is None, mention, problem or "")


def _due_dates(doc: Document, ctx: LetterContext, text: str) -> list[Missing]:
    """Every due date; a short contact (SMS, call) states the oldest one only."""
    invoices = claimed_invoices(ctx) if doc.kind is DocumentKind.SMS else ctx.invoices
    if not doc.kind.is_printable and invoices:
        oldest = min(i.due_date for i in invoices)
        return _unless(_has_date(text, ctx, oldest), Mention.DUE_DATE)
    return [
        Missing(Mention.DUE_DATE, i.number)
        for i in invoices
        if not _has_date(text, ctx, i.due_date)
    ]


def _has_payment_details(doc: Document, ctx: LetterContext) -> bool:
    """A payment block holding the IBAN and the reference (an empty IBAN is no detail)."""
    pay = ctx.payment
    blocks = [normalise_spaces(block_text(b)) for b in doc.blocks if isinstance(b, PaymentBlock)]
    return bool(pay.iban.strip()) and any(
        _has(block, pay.iban) and _has(block, pay.reference) for block in blocks
    )


def _receipt(mention: Mention, ctx: LetterContext, text: str) -> list[Missing]:
    """The payment received (amount and date) and what remains due, or that nothing does."""
    lang, r = ctx.language, ctx.received
    if r is None:
        return [Missing(mention)]
    if mention is Mention.RECEIPT_PAYMENT:
        ok = _has(text, eur(r.amount, lang)) and _has_date(text, ctx, r.received_on)
    elif r.remaining > 0:
        ok = _has(text, eur(r.remaining, lang))
    else:
        ok = _has(text, wording_for(lang).receipt_settled)
    return _unless(ok, mention)


def _unless(ok: bool, mention: Mention, detail: str = "") -> list[Missing]:
    return [] if ok else [Missing(mention, detail)]


def _statement(doc: Document, ctx: LetterContext) -> list[Missing]:
    """A table ends with the total claimed, and every slice shows its period, rate and amount."""
    lang = ctx.language
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    total = eur(ctx.totals.total, lang)
    if not any(value == total for t in tables for _, value in t.totals):
        return [Missing(Mention.STATEMENT, "total")]
    rows = [tuple(normalise_spaces(c) for c in row) for t in tables for row in t.rows]
    out: list[Missing] = []
    for line in ctx.statement:
        wanted = {
            normalise_spaces(x)
            for x in (
                short_date(line.start, lang),
                short_date(line.end, lang),
                rate(line.rate, lang),
                eur(line.amount, lang),
            )
        }
        if not any(wanted <= set(row) for row in rows):
            out.append(
                Missing(Mention.STATEMENT, f"{line.invoice_number} du {short_date(line.start)}")
            )
    return out


def _agency_identity(ctx: LetterContext, text: str) -> list[Missing]:
    """R124-4 1° by structure: the agency's name, its address (last line) and an activity that
    states debt collection, whatever sentence carries them."""
    agency, mention = ctx.agency, Mention.AGENCY_IDENTITY
    if agency is None:
        return [Missing(mention, "agence non renseignée")]
    out = [Missing(mention, part) for part in (agency.name, *agency.address_lines[-1:])]
    out = [m for m in out if not _has(text, m.detail)]
    activity = agency_activity(agency, ctx.language, wording_for(ctx.language))
    if not activity:
        out.append(Missing(mention, "activité non renseignée"))
    elif not any(word in activity.lower() for word in _COLLECTION_WORDS):
        out.append(Missing(mention, f"l'activité « {activity} » n'indique pas le recouvrement"))
    elif not _has(text, activity):
        out.append(Missing(mention, f"activité « {activity} » absente"))
    return out


def _time_barred_note(doc: Document, ctx: LetterContext) -> list[Missing]:
    """One paragraph that says the time-barred invoices are not claimed in court and names
    each of them."""
    marker = normalise_spaces(wording_for(ctx.language).time_barred_note.split("{", 1)[0])
    notes = [
        normalise_spaces(b.text)
        for b in doc.blocks
        if isinstance(b, Paragraph) and marker in normalise_spaces(b.text)
    ]
    if not notes:
        return [Missing(Mention.TIME_BARRED_NOTE)]
    return [
        Missing(Mention.TIME_BARRED_NOTE, number)
        for number in ctx.time_barred
        if not any(number in note for note in notes)
    ]


def _breakdown(ctx: LetterContext, text: str) -> list[Missing]:
    lang, w, t = ctx.language, wording_for(ctx.language), ctx.totals
    wanted = [
        (w.label_principal, eur(t.principal, lang)),
        (interest_label(ctx, w), interest_text(ctx)),
    ]
    if t.indemnities:
        wanted.append((w.label_indemnities, eur(t.indemnities, lang)))
    if t.other_accessories:
        wanted.append((w.label_other, eur(t.other_accessories, lang)))
    return [
        Missing(Mention.DEBT_BREAKDOWN, label)
        for label, value in wanted
        if not _has(text, f"{label} | {value}")
    ]


def _schedule(ctx: LetterContext, text: str) -> list[Missing]:
    lang = ctx.language
    if not ctx.instalments:
        return [Missing(Mention.PLAN_SCHEDULE, "aucune échéance")]
    if sum(i.amount for i in ctx.instalments) != ctx.totals.total:
        return [Missing(Mention.PLAN_SCHEDULE, "la somme des échéances diffère du total")]
    return [
        Missing(Mention.PLAN_SCHEDULE, short_date(i.due_on))
        for i in ctx.instalments
        if not (_has(text, short_date(i.due_on, lang)) and _has(text, eur(i.amount, lang)))
    ]


def _signatory(ctx: LetterContext, text: str) -> list[Missing]:
    """The agency's named signatory and their role, printed; when none is stored, the command
    that sets one (the document waits rather than go out unsigned)."""
    if not ctx.signatory.strip() or not ctx.signatory_title.strip():
        siren = ctx.agency.siren if ctx.agency is not None and ctx.agency.siren else "SIREN"
        command = f'recouvre agency set {siren} --signataire "Nom" --fonction "…"'
        return [Missing(Mention.SIGNATORY, f"aucun signataire enregistré : « {command} »")]
    return [
        Missing(Mention.SIGNATORY, part)
        for part in (ctx.signatory, ctx.signatory_title)
        if not _has(text, part)
    ]
