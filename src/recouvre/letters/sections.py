"""Blocks shared by several documents: invoice table, statement, payment block, the agency's
R124-4 mentions and R124-2 guarantee lines, the time-barred invoices' note, the late-payment
clause, the signature.

Each function takes the context and the wording and returns blocks; none decides which
document needs it (``content``, ``agreements`` and ``calls`` do).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.agencies import DEFAULT_ACTIVITY
from recouvre.domain.creditor_reference import compact_reference
from recouvre.domain.money import ZERO
from recouvre.letters.document import (
    Block,
    Document,
    DocumentKind,
    EpcTransfer,
    Paragraph,
    PaymentBlock,
    Quote,
    Signature,
    Table,
)
from recouvre.letters.formatting import days, eur, long_date, rate, short_date
from recouvre.letters.legal_texts import L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3
from recouvre.letters.view_model import (
    InvoiceView,
    Language,
    LegalAction,
    LetterContext,
    PartyView,
    SenderKind,
)
from recouvre.letters.wording import Wording, wording_for


def pay_by(ctx: LetterContext) -> date:
    """The date the reminder asks payment by: the document's date plus the extra delay."""
    return ctx.on + timedelta(days=ctx.grace_days)


def numbers(ctx: LetterContext) -> str:
    return ", ".join(inv.number for inv in ctx.invoices)


def invoices_phrase(ctx: LetterContext, w: Wording) -> str:
    """``facture FA-1`` or ``factures FA-1, FA-2``."""
    template = w.invoice_one if len(ctx.invoices) == 1 else w.invoice_many
    return template.format(numbers=numbers(ctx))


def claimed_invoices(ctx: LetterContext) -> tuple[InvoiceView, ...]:
    """The invoices a short contact (SMS) names: those not time-barred, or all of them when
    every one is (the guard then refuses the contact anyway)."""
    return ctx.enforceable_invoices or ctx.invoices


def announced_actions(ctx: LetterContext) -> tuple[LegalAction, ...]:
    """The judicial steps a document may announce: those the route engine opened
    (``possible_actions``), and none at all when every invoice is time-barred: the action
    would be dismissed, and threatening it is an aggressive practice (C. conso L121-6)."""
    return () if ctx.all_time_barred else ctx.possible_actions


def time_barred_note(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    """« Factures prescrites, non réclamées en justice : ... »: the time-barred invoices are
    still shown as unpaid (the invoice table), but said to be outside the sum demanded and
    outside any legal action, with no interest, penalty or indemnity claimed for them."""
    barred = ctx.barred_invoices
    if not barred:
        return ()
    lang = ctx.language
    listed = ", ".join(f"{inv.number} ({eur(inv.outstanding, lang)})" for inv in barred)
    return (Paragraph(w.time_barred_note.format(invoices=listed), strong=True),)


def upcoming_note(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    """« Pour mémoire, à échoir … »: invoices not yet due on the letter's date are not claimed
    (nothing is owed before the due date, C. civ. 1305-2), only named apart."""
    if not ctx.upcoming:
        return ()
    lang = ctx.language
    listed = ", ".join(
        f"{inv.number} ({short_date(inv.due_date, lang)}, {eur(inv.outstanding, lang)})"
        for inv in ctx.upcoming
    )
    return (Paragraph(w.upcoming_note.format(invoices=listed), small=True),)


def enforceable_phrase(ctx: LetterContext, w: Wording) -> str:
    """``la facture FA-1`` / ``les factures FA-1, FA-3``: what a legal action would concern."""
    invoices = ctx.enforceable_invoices
    template = w.the_invoice_one if len(invoices) == 1 else w.the_invoice_many
    return template.format(numbers=", ".join(inv.number for inv in invoices))


def agency_activity(party: PartyView, language: Language, w: Wording) -> str:
    """The activity the agency states (CPCE R124-4 1°): its stored text, else the shipped
    default in the letter's language (the French default stored unchanged reads in English
    as the English default). A final full stop is dropped: the sentence adds its own."""
    stored = (party.activity if party.activity is not None else w.default_activity).strip()
    if stored == DEFAULT_ACTIVITY and language is not Language.FR:
        stored = w.default_activity
    return stored.rstrip(". ")


def guarantee_lines(party: PartyView, w: Wording) -> tuple[str, ...]:
    """The agency's CPCE R124-2 lines (insurance, dedicated funds account, declaration to the
    procureur), each under its label unless the user wrote the label in (a ``:`` in it)."""
    g = party.guarantees
    if g is None:
        return ()
    values = (g.liability_insurance, g.funds_account, g.prosecutor_declaration)
    return tuple(
        value if ":" in value else w.guarantee_line.format(label=label, value=value)
        for label, value in zip(w.guarantee_labels, (v.strip() for v in values), strict=True)
        if value
    )


def one_line(lines: tuple[str, ...]) -> str:
    return ", ".join(line for line in lines if line)


def date_line(ctx: LetterContext, w: Wording) -> str:
    return w.date_line.format(place=ctx.place, date=long_date(ctx.on, ctx.language))


def invoice_table(ctx: LetterContext, w: Wording, *, with_total: bool = True) -> Table:
    """Number, date, due date, amount, paid, balance of each invoice. ``with_total`` False when
    a statement follows and gives the principal."""
    lang = ctx.language
    rows = tuple(
        (
            inv.number,
            short_date(inv.issue_date, lang),
            short_date(inv.due_date, lang),
            eur(inv.amount, lang),
            eur(inv.paid, lang),
            eur(inv.outstanding, lang),
        )
        for inv in ctx.invoices
    )
    if ctx.time_barred:
        enforceable = sum((inv.outstanding for inv in ctx.enforceable_invoices), ZERO)
        total = (w.invoices_total_enforceable, eur(enforceable, lang))
    else:
        total = (w.invoices_total, eur(ctx.outstanding, lang))
    return Table(
        header=w.invoice_header,
        rows=rows,
        numeric=(False, False, False, True, True, True),
        totals=(total,) if with_total else (),
    )


def unpaid_intro(ctx: LetterContext, w: Wording) -> Paragraph:
    return Paragraph(w.unpaid_one if len(ctx.invoices) == 1 else w.unpaid_many)


def penalties_clause(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    """Between professionals: the L441-10 penalties and the D441-5 indemnity, always stated.
    Never to a consumer: L441-10 and D441-5 bind professionals only."""
    if not ctx.debtor_is_professional:
        return ()
    text = w.penalties_clause.format(
        rate_basis=ctx.rate_basis, indemnity=eur(ctx.indemnity_amount, ctx.language)
    )
    return (Paragraph(text),)


def interest_label(ctx: LetterContext, w: Wording) -> str:
    return w.label_penalties if ctx.debtor_is_professional else w.label_legal_interest


NOT_CLAIMED = {Language.FR: "non réclamées à ce stade", Language.EN: "not claimed at this stage"}


def interest_text(ctx: LetterContext) -> str:
    """The interest or penalties line's value: the amount, or « non réclamées à ce stade » when
    the creditor leaves them for a later step (``letters.fees_clause``), never a bare 0,00 €."""
    if ctx.fees_claimed or ctx.totals.interest:
        return eur(ctx.totals.interest, ctx.language)
    return NOT_CLAIMED[ctx.language]


def totals_rows(ctx: LetterContext, w: Wording) -> tuple[tuple[str, str], ...]:
    """Principal, interest, indemnities, other accessories and total, each on its own line
    (CPCE R124-4 3° asks the elements to be distinguished)."""
    lang, t = ctx.language, ctx.totals
    rows = [
        (w.label_principal, eur(t.principal, lang)),
        (interest_label(ctx, w), interest_text(ctx)),
    ]
    if t.indemnities:
        rows.append((w.label_indemnities, eur(t.indemnities, lang)))
    if t.other_accessories:
        rows.append((w.label_other, eur(t.other_accessories, lang)))
    rows.append((w.label_total, eur(t.total, lang)))
    return tuple(rows)


def statement_table(ctx: LetterContext, w: Wording) -> Table:
    lang = ctx.language
    rows = tuple(
        (
            line.invoice_number,
            eur(line.base, lang),
            short_date(line.start, lang),
            short_date(line.end, lang),
            str(line.days),
            rate(line.rate, lang),
            eur(line.amount, lang),
        )
        for line in ctx.statement
    )
    on = ctx.statement_on or ctx.on
    return Table(
        header=w.statement_header,
        rows=rows,
        numeric=(False, True, False, False, True, True, True),
        totals=totals_rows(ctx, w),
        caption=w.statement_caption.format(date=long_date(on, lang)),
    )


def agency_mentions(ctx: LetterContext, w: Wording, *, full: bool) -> tuple[Block, ...]:
    """CPCE R124-4: 1° the agency and its activity, 2° the creditor, 3° basis and amount split
    into principal, interest and accessories, 4° the demand and payment terms, 5° L111-8 al. 2
    and 3 reproduced. ``full`` is False for short contacts (SMS, call) that only identify the
    sender. Later contacts quote the first letter (R124-4, last paragraph)."""
    if ctx.sender_kind is not SenderKind.AGENCY or ctx.agency is None:
        return ()
    lang = ctx.language
    blocks: list[Block] = [
        Paragraph(
            w.agency_identity.format(
                agency=ctx.agency.name,
                agency_address=one_line(ctx.agency.address_lines),
                activity=agency_activity(ctx.agency, lang, w),
                creditor=ctx.creditor.name,
                creditor_address=one_line(ctx.creditor.address_lines),
            )
        )
    ]
    if full:
        blocks.append(
            Table(
                header=w.breakdown_header,
                rows=(),
                numeric=(False, True),
                totals=totals_rows(ctx, w),
                caption=w.breakdown_caption.format(basis=ctx.claim_basis or w.default_basis),
            )
        )
        blocks.append(Paragraph(w.payment_terms.format(ref=ctx.payment.reference)))
        blocks.append(Quote(w.l111_8_title, (L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3)))
    if ctx.first_letter is not None:
        blocks.append(
            Paragraph(
                w.first_letter.format(
                    ref=ctx.first_letter.reference, date=long_date(ctx.first_letter.sent_on, lang)
                ),
                strong=True,
            )
        )
    return tuple(blocks)


# The debtor portal's line, printed only when its address is set (``PaymentDetails.portal_url``).
PORTAL_LINE = {
    Language.FR: "Votre dossier en ligne (payer, contester, demander un échéancier) : {url}",
    Language.EN: "Your case online (pay, dispute an invoice, ask for a payment plan): {url}",
}


def payment_block(ctx: LetterContext, w: Wording, amount: Decimal) -> PaymentBlock:
    lang, p = ctx.language, ctx.payment
    bic = f" — BIC {p.bic}" if p.bic else ""
    portal = (PORTAL_LINE[lang].format(url=p.portal_url),) if p.portal_url else ()
    return PaymentBlock(
        title=w.pay_title.format(amount=eur(amount, lang)),
        lines=(
            w.pay_scan,
            w.pay_account.format(iban=p.iban, bic=bic),
            w.pay_beneficiary.format(name=p.beneficiary),
            w.pay_reference.format(ref=p.reference),
            *portal,
        ),
        portal_url=p.portal_url,
        transfer=EpcTransfer(
            beneficiary=p.beneficiary,
            iban=p.iban,
            bic=p.bic,
            amount=amount,
            text=p.reference,
            structured_reference=compact_reference(p.reference),
        ),
    )


def contact(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    return (Paragraph(w.contact.format(contact=ctx.contact_line)),) if ctx.contact_line else ()


def signature(ctx: LetterContext, closing: str) -> Signature:
    return Signature(closing=closing, name=ctx.signatory, title=ctx.signatory_title)


def pay_by_sentence(ctx: LetterContext, w: Wording) -> Paragraph:
    lang = ctx.language
    return Paragraph(
        w.pay_by.format(
            amount=eur(ctx.totals.total, lang),
            date=long_date(pay_by(ctx), lang),
            days=days(ctx.grace_days, lang),
        )
    )


def footer(ctx: LetterContext) -> str:
    """The sender's legal line; for an agency, its CPCE R124-2 guarantee lines below it (one
    per line: the PDF footer, the email signature)."""
    s = ctx.sender
    parts = [s.name]
    if s.siren:
        parts.append(f"SIREN {s.siren}")
    parts.append(one_line(s.address_lines))
    identity = " — ".join(parts)
    match ctx.sender_kind:
        case SenderKind.AGENCY:
            guarantees = guarantee_lines(s, wording_for(ctx.language))
        case SenderKind.CREDITOR:
            guarantees = ()
    return "\n".join((identity, *guarantees))


def make_document(
    kind: DocumentKind,
    ctx: LetterContext,
    subject: str,
    blocks: tuple[Block, ...],
    *,
    registered: bool = False,
) -> Document:
    """Wrap blocks with the letterhead, the recipient and the footer of ``ctx``."""
    return Document(
        kind=kind,
        language=ctx.language,
        issued_on=ctx.on,
        reference=ctx.reference,
        subject=subject,
        date_line=date_line(ctx, wording_for(ctx.language)),
        sender=ctx.sender,
        recipient=ctx.debtor,
        blocks=blocks,
        registered=registered,
        footer=footer(ctx),
        sender_note=_sender_note(ctx),
    )


def _sender_note(ctx: LetterContext) -> str:
    """Under the agency's name on the letterhead: whom it acts for."""
    match ctx.sender_kind:
        case SenderKind.AGENCY:
            prefix = {"fr": "pour le compte de ", "en": "on behalf of "}[ctx.language]
            return prefix + ctx.creditor.name
        case SenderKind.CREDITOR:
            return ""
