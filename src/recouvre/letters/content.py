"""What each document says: reminders, the formal notice, and the dispatch to the other kinds.

Every reminder states the invoice numbers and dates, the amount claimed, the due dates and the
extra delay granted; between professionals, the late-payment penalties and the fixed indemnity
(C. com. L441-10 II, D441-5). The formal notice adds the heading « MISE EN DEMEURE », the
statement with rates and periods, a demand to pay within a stated number of days, the payment
details, and the consequences only where they are legally possible (C. civ. 1344; C. conso
L121-6). An agency adds the five CPCE R124-4 mentions.

Time-barred invoices (``LetterContext.time_barred``) stay in the invoice table as unpaid, with
the note « Factures prescrites, non réclamées en justice : ... »; the sum demanded, the
statement and any announced legal action concern the other invoices only, and no legal action
is announced when every invoice is time-barred (C. com. L110-4, C. conso L218-2 and L121-6).

``build(kind, ctx)`` returns a ``Document``; ``recouvre.letters.mentions.check`` says whether it
may be sent.

Example::

    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    verdict = check(doc, ctx)     # verdict.ok, verdict.missing (French labels)
"""

from __future__ import annotations

from typing import assert_never

from recouvre.letters import agreements, calls, sms
from recouvre.letters.document import Block, Document, DocumentKind, Heading, Paragraph
from recouvre.letters.fees_clause import fees_clause
from recouvre.letters.formatting import days, eur, long_date
from recouvre.letters.provisional import provisional_note
from recouvre.letters.sections import (
    agency_mentions,
    announced_actions,
    contact,
    enforceable_phrase,
    invoice_table,
    invoices_phrase,
    make_document,
    pay_by_sentence,
    payment_block,
    signature,
    statement_table,
    time_barred_note,
    unpaid_intro,
    upcoming_note,
)
from recouvre.letters.view_model import LetterContext, SenderKind
from recouvre.letters.wording import Wording, wording_for


def build(kind: DocumentKind, ctx: LetterContext) -> Document:
    """The document of ``kind`` for ``ctx``, in ``ctx.language``."""
    w = wording_for(ctx.language)
    match kind:
        case DocumentKind.REMINDER_EMAIL:
            return _reminder_email(ctx, w)
        case DocumentKind.REMINDER_LETTER:
            return _reminder_letter(ctx, w)
        case DocumentKind.SECOND_REMINDER:
            return _second_reminder(ctx, w)
        case DocumentKind.FORMAL_NOTICE:
            return _formal_notice(ctx, w)
        case DocumentKind.PAYMENT_PLAN:
            return agreements.payment_plan(ctx, w)
        case DocumentKind.RECEIPT:
            return agreements.receipt(ctx, w)
        case DocumentKind.SMS:
            return sms.reminder_sms(ctx, w)
        case DocumentKind.CALL_SCRIPT:
            return calls.call_script(ctx)
        case _:
            assert_never(kind)


def _reminder_email(ctx: LetterContext, w: Wording) -> Document:
    subject = w.subject_reminder.format(invoices=invoices_phrase(ctx, w), ref=ctx.reference)
    blocks: tuple[Block, ...] = (
        Paragraph(w.greeting_email),
        unpaid_intro(ctx, w),
        invoice_table(ctx, w),
        *time_barred_note(ctx, w),
        *upcoming_note(ctx, w),
        *provisional_note(ctx),
        *fees_clause(ctx, w),
        pay_by_sentence(ctx, w),
        Paragraph(w.forgot),
        *agency_mentions(ctx, w, full=True),
        payment_block(ctx, w, ctx.totals.total),
        *contact(ctx, w),
        signature(ctx, w.closing_email),
    )
    return make_document(DocumentKind.REMINDER_EMAIL, ctx, subject, blocks)


def _reminder_letter(ctx: LetterContext, w: Wording) -> Document:
    subject = w.subject_reminder.format(invoices=invoices_phrase(ctx, w), ref=ctx.reference)
    blocks: tuple[Block, ...] = (
        Paragraph(w.greeting_letter),
        unpaid_intro(ctx, w),
        invoice_table(ctx, w),
        *time_barred_note(ctx, w),
        *upcoming_note(ctx, w),
        *provisional_note(ctx),
        *fees_clause(ctx, w),
        pay_by_sentence(ctx, w),
        Paragraph(w.forgot),
        *agency_mentions(ctx, w, full=True),
        *contact(ctx, w),
        payment_block(ctx, w, ctx.totals.total),
        signature(ctx, w.closing_letter),
    )
    return make_document(DocumentKind.REMINDER_LETTER, ctx, subject, blocks)


def _second_reminder(ctx: LetterContext, w: Wording) -> Document:
    subject = w.subject_second.format(invoices=invoices_phrase(ctx, w), ref=ctx.reference)
    intro = (
        w.second_intro_dated.format(date=long_date(ctx.previous_reminder_on, ctx.language))
        if ctx.previous_reminder_on is not None
        else w.second_intro
    )
    blocks: tuple[Block, ...] = (
        Paragraph(w.greeting_letter),
        Paragraph(intro),
        unpaid_intro(ctx, w),
        invoice_table(ctx, w),
        *time_barred_note(ctx, w),
        *upcoming_note(ctx, w),
        *provisional_note(ctx),
        *fees_clause(ctx, w),
        pay_by_sentence(ctx, w),
        Paragraph(w.second_next_step),
        *agency_mentions(ctx, w, full=True),
        *contact(ctx, w),
        payment_block(ctx, w, ctx.totals.total),
        signature(ctx, w.closing_letter),
    )
    return make_document(DocumentKind.SECOND_REMINDER, ctx, subject, blocks)


def _formal_notice(ctx: LetterContext, w: Wording) -> Document:
    lang = ctx.language
    subject = w.subject_notice.format(ref=ctx.reference)
    interest: tuple[Block, ...] = (
        fees_clause(ctx, w, notice=True)
        if ctx.debtor_is_professional
        else (Paragraph(w.legal_interest_clause),)
    )
    blocks: tuple[Block, ...] = (
        Heading(w.heading_notice),
        Paragraph(w.greeting_letter),
        Paragraph(w.notice_intro),
        invoice_table(ctx, w, with_total=False),
        statement_table(ctx, w),
        *time_barred_note(ctx, w),
        *upcoming_note(ctx, w),
        *provisional_note(ctx),
        Paragraph(
            w.notice_demand.format(
                amount=eur(ctx.totals.total, lang), days=days(ctx.notice_days, lang)
            ),
            strong=True,
        ),
        *interest,
        Paragraph(_consequences(ctx, w)),
        Paragraph(w.dispute),
        *agency_mentions(ctx, w, full=True),
        *contact(ctx, w),
        payment_block(ctx, w, ctx.totals.total),
        signature(ctx, w.closing_letter),
    )
    return make_document(DocumentKind.FORMAL_NOTICE, ctx, subject, blocks, registered=True)


def _consequences(ctx: LetterContext, w: Wording) -> str:
    """Only the judicial steps the caller says are open (route engine), never a seizure, never
    on time-barred invoices: none when all are, the others named when some are."""
    possible = announced_actions(ctx)
    if not possible:
        return w.consequence_none
    actions = w.joiner.join(w.actions[a] for a in possible)
    match ctx.sender_kind:
        case SenderKind.AGENCY:
            text = w.consequence_agency.format(creditor=ctx.creditor.name, actions=actions)
        case SenderKind.CREDITOR:
            text = w.consequence_creditor.format(actions=actions)
    if ctx.barred_invoices:
        text += " " + w.consequence_scope.format(invoices=enforceable_phrase(ctx, w))
    return text
