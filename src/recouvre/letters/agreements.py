"""Documents that record an agreement or a payment: the payment-plan agreement and the receipt.

The payment plan states the amount acknowledged, the invoices, the schedule, what happens
when an instalment is missed and how the debtor accepts it (a signed copy back); it is an
acknowledgement of debt, which interrupts prescription (C. civ. 2240). The same document is the
plan the daily run proposes (its schedule computed within the creditor's rules,
``law.payment_plan.propose``) and the agreement of a schedule the debtor proposed
(``services.cases.payment_plans``). The receipt (quittance) is due for every payment an agency
receives (CPCE R124-6) and is useful from a creditor too.
"""

from __future__ import annotations

from recouvre.domain.money import ZERO
from recouvre.letters.document import (
    Block,
    Document,
    DocumentKind,
    Heading,
    Paragraph,
    Signature,
    Table,
)
from recouvre.letters.formatting import days, eur, long_date, short_date
from recouvre.letters.sections import (
    agency_activity,
    agency_mentions,
    contact,
    invoice_table,
    invoices_phrase,
    make_document,
    one_line,
    payment_block,
    signature,
)
from recouvre.letters.view_model import LetterContext, SenderKind
from recouvre.letters.wording import Wording


def payment_plan(ctx: LetterContext, w: Wording) -> Document:
    lang = ctx.language
    subject = w.subject_plan.format(ref=ctx.reference)
    parties_args = {
        "creditor": ctx.creditor.name,
        "creditor_address": one_line(ctx.creditor.address_lines),
        "debtor": ctx.debtor.name,
        "debtor_address": one_line(ctx.debtor.address_lines),
    }
    match ctx.sender_kind:
        case SenderKind.AGENCY:
            assert ctx.agency is not None
            parties = w.plan_parties_agency.format(
                agency=ctx.agency.name,
                agency_address=one_line(ctx.agency.address_lines),
                activity=agency_activity(ctx.agency, lang, w),
                **parties_args,
            )
        case SenderKind.CREDITOR:
            parties = w.plan_parties.format(**parties_args)
    schedule = Table(
        header=w.plan_header,
        rows=tuple(
            (str(i), short_date(inst.due_on, lang), eur(inst.amount, lang))
            for i, inst in enumerate(ctx.instalments, start=1)
        ),
        numeric=(False, False, True),
        totals=((w.label_total, eur(sum((i.amount for i in ctx.instalments), ZERO), lang)),),
    )
    first = ctx.instalments[0].amount if ctx.instalments else ctx.totals.total
    blocks: tuple[Block, ...] = (
        Heading(w.heading_plan),
        Paragraph(parties),
        Paragraph(w.plan_ack.format(amount=eur(ctx.totals.total, lang))),
        invoice_table(ctx, w),
        schedule,
        Paragraph(w.plan_default.format(days=days(ctx.grace_days, lang))),
        Paragraph(w.plan_acknowledgement),
        *_return_note(ctx, w),
        *_first_letter_only(ctx, w),
        payment_block(ctx, w, first),
        Paragraph(w.plan_made.format(place=ctx.place, date=long_date(ctx.on, lang))),
        Signature(closing=w.plan_sign_creditor, name=ctx.signatory, title=ctx.signatory_title),
        Signature(closing=w.plan_sign_debtor, name=ctx.debtor.name, title=""),
    )
    return make_document(DocumentKind.PAYMENT_PLAN, ctx, subject, blocks)


def _return_note(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    """How the debtor accepts the plan (a signed copy back) and when the first instalment is
    due: the same for a plan recouvre proposes and one agreed on the phone, both still to be
    signed."""
    if not ctx.instalments:
        return ()
    first = long_date(ctx.instalments[0].due_on, ctx.language)
    return (Paragraph(w.plan_return.format(date=first)),)


def receipt(ctx: LetterContext, w: Wording) -> Document:
    lang = ctx.language
    received = ctx.received
    assert received is not None, "une quittance porte sur un paiement reçu"
    subject = w.subject_receipt.format(number=received.receipt_number, ref=ctx.reference)
    args = {
        "sender": ctx.sender.name,
        "debtor": ctx.debtor.name,
        "amount": eur(received.amount, lang),
        "date": long_date(received.received_on, lang),
        "method": received.method,
        "ref": ctx.reference,
        "invoices": invoices_phrase(ctx, w),
    }
    match ctx.sender_kind:
        case SenderKind.AGENCY:
            body = w.receipt_body_agency.format(creditor=ctx.creditor.name, **args)
        case SenderKind.CREDITOR:
            body = w.receipt_body.format(**args)
    balance = (
        w.receipt_remaining.format(amount=eur(received.remaining, lang))
        if received.remaining > 0
        else w.receipt_settled
    )
    blocks: tuple[Block, ...] = (
        Heading(w.heading_receipt),
        Paragraph(body, strong=True),
        Paragraph(balance),
        *_first_letter_only(ctx, w),
        *contact(ctx, w),
        signature(ctx, w.closing_letter),
    )
    return make_document(DocumentKind.RECEIPT, ctx, subject, blocks)


def _first_letter_only(ctx: LetterContext, w: Wording) -> tuple[Block, ...]:
    """The agency's identity and the first letter's reference, without the demand blocks."""
    return agency_mentions(ctx, w, full=False)
