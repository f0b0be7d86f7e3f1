"""The mentions checker refuses incomplete or misleading documents, and says why in French."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from recouvre.letters.content import build
from recouvre.letters.document import (
    Document,
    DocumentKind,
    Heading,
    Paragraph,
    PaymentBlock,
    Quote,
    Table,
)
from recouvre.letters.mentions import (
    DocumentRefused,
    Mention,
    check,
    ensure_sendable,
    required_mentions,
)
from recouvre.letters.samples import sample_context
from recouvre.letters.view_model import Instalment, LegalAction, Totals


def without(doc: Document, predicate) -> Document:  # type: ignore[no-untyped-def]
    return dataclasses.replace(doc, blocks=tuple(b for b in doc.blocks if not predicate(b)))


def missing_of(doc: Document, ctx) -> set[Mention]:  # type: ignore[no-untyped-def]
    return {m.mention for m in check(doc, ctx).missing}


def test_required_mentions_depend_on_kind_sender_and_debtor() -> None:
    b2b = sample_context(DocumentKind.REMINDER_LETTER)
    b2c = sample_context(DocumentKind.REMINDER_LETTER, professional=False)
    agency = sample_context(DocumentKind.SECOND_REMINDER, agency=True)
    assert {Mention.LATE_PENALTIES, Mention.FIXED_INDEMNITY} <= required_mentions(
        DocumentKind.REMINDER_LETTER, b2b
    )
    assert Mention.FIXED_INDEMNITY not in required_mentions(DocumentKind.REMINDER_LETTER, b2c)
    notice = required_mentions(DocumentKind.FORMAL_NOTICE, b2b)
    assert {
        Mention.FORMAL_NOTICE_HEADING,
        Mention.STATEMENT,
        Mention.DEMAND_WITHIN_DAYS,
        Mention.PAYMENT_DETAILS,
    } <= notice
    assert {
        Mention.AGENCY_IDENTITY,
        Mention.CREDITOR_IDENTITY,
        Mention.DEBT_BREAKDOWN,
        Mention.DEMAND_AND_TERMS,
        Mention.L111_8_REPRODUCTION,
        Mention.FIRST_LETTER_REFERENCE,
    } <= required_mentions(DocumentKind.SECOND_REMINDER, agency)
    assert Mention.AGENCY_IDENTITY not in notice


def test_formal_notice_without_heading_statement_or_payment_is_refused() -> None:
    ctx = sample_context()
    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    stripped = without(
        doc, lambda b: isinstance(b, Heading | PaymentBlock) or (isinstance(b, Table) and b.caption)
    )
    assert missing_of(stripped, ctx) >= {
        Mention.FORMAL_NOTICE_HEADING,
        Mention.PAYMENT_DETAILS,
        Mention.STATEMENT,
    }
    with pytest.raises(DocumentRefused) as refused:
        ensure_sendable(stripped, ctx)
    message = str(refused.value)
    assert message.startswith("document « formal_notice » refusé : mention manquante")
    assert "intitulé « MISE EN DEMEURE »" in message
    assert "coordonnées de paiement (IBAN et référence)" in message


def test_statement_slice_missing_is_named() -> None:
    ctx = sample_context()
    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    line = ctx.statement[0]
    wrong = dataclasses.replace(ctx, statement=(dataclasses.replace(line, rate=Decimal("11.00")),))
    missing = check(doc, wrong).missing
    assert [str(m) for m in missing] == [
        "décompte avec taux et périodes (FA-2026-0412 du 03/07/2026)"
    ]


def test_reminder_without_penalty_clause_between_professionals_is_refused() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    stripped = without(doc, lambda b: isinstance(b, Paragraph) and "L441-10" in b.text)
    assert missing_of(stripped, ctx) == {Mention.LATE_PENALTIES, Mention.FIXED_INDEMNITY}


def test_an_invoice_left_out_is_named() -> None:
    ctx = sample_context(DocumentKind.REMINDER_EMAIL)
    doc = build(DocumentKind.REMINDER_EMAIL, dataclasses.replace(ctx, invoices=ctx.invoices[:1]))
    reasons = check(doc, ctx).reasons()
    assert "mention manquante : numéro de facture (FA-2026-0413)" in reasons
    assert "mention manquante : date d'échéance (FA-2026-0413)" in reasons


def test_agency_letter_without_l111_8_is_refused() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER, agency=True)
    doc = without(build(DocumentKind.REMINDER_LETTER, ctx), lambda b: isinstance(b, Quote))
    assert missing_of(doc, ctx) == {Mention.L111_8_REPRODUCTION}


def test_agency_later_contact_without_first_letter_is_refused() -> None:
    ctx = sample_context(DocumentKind.SMS, agency=True)
    doc = build(DocumentKind.SMS, dataclasses.replace(ctx, first_letter=None))
    assert missing_of(doc, ctx) == {Mention.FIRST_LETTER_REFERENCE}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("RÉPUBLIQUE FRANÇAISE — AU NOM DU PEUPLE FRANÇAIS", "imite un acte judiciaire"),
        ("Commandement de payer", "imite un acte judiciaire"),
        ("Dernier avis avant saisie", "imite un acte judiciaire"),
        ("Nous procéderons à la saisie sur salaire", "mesure impossible sans titre"),
    ],
)
def test_imitation_and_impossible_threats_are_refused(text: str, reason: str) -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    doc = dataclasses.replace(doc, blocks=(*doc.blocks, Paragraph(text)))
    verdict = check(doc, ctx)
    assert not verdict.ok and verdict.missing == ()
    assert any(reason in r for r in verdict.reasons())


def test_court_like_heading_or_sender_is_refused() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    heading = dataclasses.replace(doc, blocks=(Heading("Service de l'huissier"), *doc.blocks))
    assert any("« huissier » dans l'en-tête" in r for r in check(heading, ctx).refused)
    sender = dataclasses.replace(doc.sender, name="Tribunal du recouvrement")
    refused = check(dataclasses.replace(doc, sender=sender), ctx).refused
    assert any("« tribunal »" in r for r in refused)


def test_announcing_an_action_that_is_not_open_is_refused() -> None:
    ctx = sample_context()
    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    closed = dataclasses.replace(ctx, possible_actions=(LegalAction.SUMMONS_ON_MERITS,))
    assert check(doc, closed).refused == (
        "action « payment_order » annoncée alors qu'elle n'est pas ouverte (C. conso L121-6)",
    )


def test_indemnity_or_costs_claimed_from_a_consumer_are_refused() -> None:
    ctx = sample_context(professional=False)
    wrong = dataclasses.replace(
        ctx,
        totals=Totals(
            principal=ctx.totals.principal,
            indemnities=Decimal("40.00"),
            other_accessories=Decimal("150.00"),
        ),
    )
    refused = check(build(DocumentKind.FORMAL_NOTICE, wrong), wrong).refused
    assert "indemnité forfaitaire réclamée à un consommateur (C. com. L441-10)" in refused
    assert "frais de recouvrement mis à la charge d'un consommateur (CPCE L111-8)" in refused


def test_payment_plan_that_does_not_add_up_is_refused() -> None:
    ctx = sample_context(DocumentKind.PAYMENT_PLAN)
    short = dataclasses.replace(ctx, instalments=ctx.instalments[:2])
    reasons = check(build(DocumentKind.PAYMENT_PLAN, short), short).reasons()
    assert reasons == (
        "mention manquante : échéancier (dates et montants) "
        "(la somme des échéances diffère du total)",
    )
    none = dataclasses.replace(ctx, instalments=(Instalment(ctx.on, ctx.totals.total),))
    assert check(build(DocumentKind.PAYMENT_PLAN, none), none).ok


def test_receipt_without_balance_is_refused() -> None:
    ctx = sample_context(DocumentKind.RECEIPT)
    doc = without(
        build(DocumentKind.RECEIPT, ctx), lambda b: isinstance(b, Paragraph) and "Solde" in b.text
    )
    assert missing_of(doc, ctx) == {Mention.REMAINING_BALANCE}


def test_sms_is_checked_on_what_travels() -> None:
    ctx = sample_context(DocumentKind.SMS)
    doc = build(DocumentKind.SMS, ctx)
    # The amount is in the text message, not in the letterhead an SMS does not carry.
    emptied = dataclasses.replace(doc, blocks=(Paragraph("Merci de régler votre facture."),))
    assert missing_of(emptied, ctx) == {
        Mention.INVOICE_NUMBER,
        Mention.AMOUNT_CLAIMED,
        Mention.DUE_DATE,
        Mention.EXTRA_DELAY,
    }
