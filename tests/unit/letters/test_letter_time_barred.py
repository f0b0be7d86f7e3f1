"""Time-barred invoices in the letters (reference §6, §7.3, §8): listed as unpaid, never in the
sum demanded nor under an announced legal action; the checker refuses a document that
announces legal action when every invoice is time-barred, or claims a time-barred one."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from recouvre.letters.content import build
from recouvre.letters.document import Document, DocumentKind, Paragraph
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.mentions import Mention, check, required_mentions
from recouvre.letters.samples import BARRED_INVOICE, sample_context
from recouvre.letters.sms import sms_text
from recouvre.letters.view_model import LegalAction, StatementLine, Totals

NOTE = "Factures prescrites, non réclamées en justice : FA-2021-0107 (980,00 €)."


def text(doc: Document) -> str:
    return normalise_spaces(doc.text())


def test_formal_notice_announces_court_action_for_the_other_invoices_only() -> None:
    ctx = sample_context(time_barred=True)
    assert ctx.time_barred == ("FA-2021-0107",)
    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    words = text(doc)
    # The time-barred invoice is still listed as unpaid, in the invoice table.
    assert "FA-2021-0107 | 10/05/2021 | 09/06/2021 | 980,00 € | 0,00 € | 980,00 €" in words
    # The statement note names it as not claimed in court.
    assert NOTE in words
    # The legal action concerns the two others, named.
    assert "requête en injonction de payer" in words
    assert "Cette démarche ne concernerait que les factures FA-2026-0412, FA-2026-0413." in words
    # The sum demanded leaves it out: principal 4 860,00 + 1 034,56, no indemnity for it.
    assert ctx.totals.principal == Decimal("5894.56")
    assert ctx.totals.indemnities == Decimal("80.00")
    assert "Principal restant dû | 5 894,56 €" in words
    verdict = check(doc, ctx)
    assert verdict.ok, verdict.reasons()


def test_without_time_barred_invoices_nothing_changes() -> None:
    words = text(build(DocumentKind.FORMAL_NOTICE, sample_context()))
    assert "prescrite" not in words and "ne concernerait" not in words


def test_all_invoices_time_barred_no_action_is_announced_and_the_letter_is_refused() -> None:
    ctx = dataclasses.replace(
        sample_context(),
        invoices=(BARRED_INVOICE,),
        time_barred=(BARRED_INVOICE.number,),
        statement=(),
        totals=Totals(principal=Decimal("0.00")),
    )
    assert ctx.all_time_barred
    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    words = text(doc)
    assert "injonction de payer" not in words
    assert "nous examinerons les suites à donner" in words
    reasons = check(doc, ctx).reasons()
    assert any("toutes les factures sont prescrites : plus rien" in r for r in reasons), reasons


def test_checker_refuses_legal_action_announced_while_every_invoice_is_time_barred() -> None:
    # A letter written as if nothing were time-barred (an adapted template, a stale payload).
    announcing = sample_context(time_barred=True)
    doc = build(DocumentKind.FORMAL_NOTICE, dataclasses.replace(announcing, time_barred=()))
    assert "requête en injonction de payer" in text(doc)
    all_barred = dataclasses.replace(
        announcing, time_barred=tuple(i.number for i in announcing.invoices)
    )
    reasons = check(doc, all_barred).reasons()
    assert any(
        "action en justice annoncée alors que toutes les factures sont prescrites" in r
        and "C. conso L121-6" in r
        for r in reasons
    ), reasons
    # The same letter is fine when nothing is time-barred and the route engine opened the IP.
    plain = dataclasses.replace(announcing, time_barred=())
    assert check(doc, plain).ok, check(doc, plain).reasons()


def test_some_time_barred_a_letter_without_the_note_is_refused() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER, time_barred=True)
    assert Mention.TIME_BARRED_NOTE in required_mentions(DocumentKind.REMINDER_LETTER, ctx)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    assert check(doc, ctx).ok, check(doc, ctx).reasons()
    stripped = dataclasses.replace(
        doc,
        blocks=tuple(
            b for b in doc.blocks if not (isinstance(b, Paragraph) and "prescrites" in b.text)
        ),
    )
    assert {m.mention for m in check(stripped, ctx).missing} == {Mention.TIME_BARRED_NOTE}


def test_a_time_barred_invoice_claimed_as_enforceable_is_refused() -> None:
    ctx = sample_context(time_barred=True)
    barred_slice = StatementLine(
        BARRED_INVOICE.number,
        BARRED_INVOICE.outstanding,
        BARRED_INVOICE.due_date,
        ctx.on,
        1973,
        Decimal("12.40"),
        Decimal("656.97"),
    )
    t = ctx.totals
    claiming = dataclasses.replace(
        ctx,
        statement=(*ctx.statement, barred_slice),
        totals=Totals(
            principal=t.principal + BARRED_INVOICE.outstanding,
            interest=t.interest + barred_slice.amount,
            indemnities=t.indemnities + ctx.indemnity_amount,
        ),
    )
    reasons = [
        normalise_spaces(r)
        for r in check(build(DocumentKind.FORMAL_NOTICE, claiming), claiming).reasons()
    ]
    assert any("pénalités réclamés sur la facture prescrite FA-2021-0107" in r for r in reasons)
    assert any("principal réclamé (6 874,56 €) supérieur" in r for r in reasons), reasons
    assert any(
        "indemnités forfaitaires réclamées pour des factures prescrites" in r for r in reasons
    )


def test_english_letter_states_the_time_barred_invoices_too() -> None:
    from recouvre.letters.view_model import Language

    ctx = sample_context(language=Language.EN, time_barred=True)
    words = text(build(DocumentKind.FORMAL_NOTICE, ctx))
    assert "Time-barred invoices, not claimed in court: FA-2021-0107 (€980.00)." in words
    assert "Such a step would concern invoices FA-2026-0412, FA-2026-0413 only." in words


def test_sms_names_only_the_invoices_it_claims() -> None:
    ctx = sample_context(DocumentKind.SMS, time_barred=True)
    doc = build(DocumentKind.SMS, ctx)
    sms = sms_text(doc)
    assert "FA-2021-0107" not in sms and "FA-2026-0412" in sms
    assert "02/07/2026" in sms  # the oldest due date of the claimed invoices
    assert check(doc, ctx).ok, check(doc, ctx).reasons()


def test_reminder_table_total_excludes_time_barred_invoices() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER, time_barred=True)
    words = text(build(DocumentKind.REMINDER_LETTER, ctx))
    assert "Total restant dû hors factures prescrites | 5 894,56 €" in words
    assert LegalAction.PAYMENT_ORDER in ctx.possible_actions
