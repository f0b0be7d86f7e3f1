"""Blocks shared by several documents: invoice table, statement, payment block, the agency's
R124-4 mentions, the late-payment clause, the signature.

Each function takes the context and the wording and returns blocks; none decides which
document needs it (``content``, ``agreements`` and ``calls`` do).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recouvre.letters.context import LetterContext, SenderKind
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
    return Table(
        header=w.invoice_header,
        rows=rows,
        numeric=(False, False, False, True, True, True),
        totals=((w.invoices_total, eur(ctx.outstanding, lang)),) if with_total else (),
    )


def unpaid_intro(ctx: LetterContext, w: Wording) -> Paragraph:
    return Paragraph(w.unpaid_one if len(ctx.invoices) == 1 else w.unpaid_many)


def penalties_clause(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    """Between professionals: the L441-10 penalties and the D441-5 indemnity, always stated.
    Never to a consumer (no L441-10 regime, §4.1)."""
    if not ctx.debtor_is_professional:
        return ()
    text = w.penalties_clause.format(
        rate_basis=ctx.rate_basis, indemnity=eur(ctx.indemnity_amount, ctx.language)
    )
    return (Paragraph(text),)


def interest_label(ctx: LetterContext, w: Wording) -> str:
    return w.label_penalties if ctx.debtor_is_professional else w.label_legal_interest


def totals_rows(ctx: LetterContext, w: Wording) -> tuple[tuple[str, str], ...]:
    """Principal, interest, indemnities, other accessories and total, each on its own line
    (CPCE R124-4 3° asks the elements to be distinguished)."""
    lang, t = ctx.language, ctx.totals
    rows = [
        (w.label_principal, eur(t.principal, lang)),
        (interest_label(ctx, w), eur(t.interest, lang)),
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


def payment_block(ctx: LetterContext, w: Wording, amount: Decimal) -> PaymentBlock:
    lang, p = ctx.language, ctx.payment
    bic = f" — BIC {p.bic}" if p.bic else ""
    return PaymentBlock(
        title=w.pay_title.format(amount=eur(amount, lang)),
        lines=(
            w.pay_scan,
            w.pay_account.format(iban=p.iban, bic=bic),
            w.pay_beneficiary.format(name=p.beneficiary),
            w.pay_reference.format(ref=p.reference),
        ),
        transfer=EpcTransfer(
            beneficiary=p.beneficiary,
            iban=p.iban,
            bic=p.bic,
            amount=amount,
            text=p.reference,
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
    s = ctx.sender
    parts = [s.name]
    if s.siren:
        parts.append(f"SIREN {s.siren}")
    parts.append(one_line(s.address_lines))
    return " — ".join(parts)


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
