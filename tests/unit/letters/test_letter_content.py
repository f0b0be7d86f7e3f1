"""What each document says, read as domain text."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from recouvre.domain.creditor_reference import payment_reference
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind, Heading, PaymentBlock, Quote, Table
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.legal_texts import L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3
from recouvre.letters.mentions import check
from recouvre.letters.samples import sample_context
from recouvre.letters.view_model import Language, LegalAction


def text_of(kind: DocumentKind, **options: object) -> str:
    ctx = sample_context(kind, **options)  # type: ignore[arg-type]
    return normalise_spaces(build(kind, ctx).text())


@pytest.mark.parametrize("kind", list(DocumentKind))
@pytest.mark.parametrize("agency", [False, True])
@pytest.mark.parametrize("professional", [True, False])
@pytest.mark.parametrize("language", list(Language))
def test_every_sample_document_carries_its_mentions(
    kind: DocumentKind, agency: bool, professional: bool, language: Language
) -> None:
    ctx = sample_context(kind, agency=agency, professional=professional, language=language)
    verdict = check(build(kind, ctx), ctx)
    assert verdict.ok, verdict.reasons()


def test_formal_notice_between_professionals() -> None:
    text = text_of(DocumentKind.FORMAL_NOTICE)
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context())
    assert doc.registered
    assert isinstance(doc.blocks[0], Heading) and doc.blocks[0].text == "MISE EN DEMEURE"
    assert "FA-2026-0412 | 4 860,00 € | 03/07/2026 | 03/11/2026 | 124 | 12,40 % | 204,73 €" in text
    assert "FA-2026-0413 | 1 034,56 € | 21/07/2026 | 03/11/2026 | 106 | 12,40 % | 37,26 €" in text
    assert "Principal restant dû | 5 894,56 €" in text
    assert "Pénalités de retard | 241,99 €" in text
    assert "Indemnités forfaitaires pour frais de recouvrement | 80,00 €" in text
    assert "Total réclamé | 6 216,55 €" in text
    assert (
        "nous vous mettons en demeure de régler la somme de 6 216,55 € dans un délai de 8 jours"
        in text
    )
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in text
    assert "injonction de payer" in text
    assert f"Référence à indiquer : {payment_reference('D-2026-00017')}" in text


def test_formal_notice_to_a_consumer_claims_no_indemnity_and_starts_legal_interest() -> None:
    text = text_of(DocumentKind.FORMAL_NOTICE, professional=False)
    assert "indemnité forfaitaire" not in text
    assert "L441-10" not in text
    assert "fait courir les intérêts au taux légal" in text
    assert "Total réclamé | 5 894,56 €" in text


def test_consequences_only_when_legally_possible() -> None:
    ctx = dataclasses.replace(sample_context(), possible_actions=())
    text = build(DocumentKind.FORMAL_NOTICE, ctx).text()
    assert "injonction de payer" not in text
    assert "nous examinerons les suites à donner" in text
    both = dataclasses.replace(
        ctx, possible_actions=(LegalAction.PAYMENT_ORDER, LegalAction.SUMMONS_ON_MERITS)
    )
    text = build(DocumentKind.FORMAL_NOTICE, both).text()
    assert "requête en injonction de payer" in text and " ou d'engager une action" in text


def test_agency_letter_carries_r124_4_and_l111_8_verbatim() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER, agency=True)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    text = normalise_spaces(doc.text())
    assert doc.sender.name == "Cabinet Aubert Recouvrement SARL"
    identity = (
        "Cabinet Aubert Recouvrement SARL, 8 place Bellecour, 69002 Lyon, exerce l'activité "
        "suivante : Recouvrement amiable de créances pour le compte de tiers."
    )
    assert identity in text
    creditor = "pour le compte de votre créancier, Menuiseries Durand SAS, 12 rue de la République"
    assert creditor in text
    quotes = [b for b in doc.blocks if isinstance(b, Quote)]
    assert quotes and quotes[0].paragraphs == (L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3)
    assert ctx.first_letter is None  # the first letter quotes no earlier one
    assert "premier courrier" not in text


def test_later_agency_contacts_quote_the_first_letter() -> None:
    for kind in (DocumentKind.SECOND_REMINDER, DocumentKind.SMS, DocumentKind.CALL_SCRIPT):
        text = text_of(kind, agency=True)
        assert "AUB-D-2026-00017" in text, kind
        assert "6 octobre 2026" in text or "06/10/2026" in text, kind


def test_reminders_state_the_extra_delay() -> None:
    text = text_of(DocumentKind.REMINDER_LETTER)
    assert "au plus tard le 11 novembre 2026, soit un délai supplémentaire de 8 jours" in text
    assert "Relance : factures FA-2026-0412, FA-2026-0413 — dossier D-2026-00017" in text


def test_second_reminder_recalls_the_first() -> None:
    text = text_of(DocumentKind.SECOND_REMINDER)
    assert "Notre relance du 6 octobre 2026 est restée sans suite" in text
    assert "nous vous adresserons une mise en demeure" in text


def test_payment_plan_schedule_adds_up() -> None:
    ctx = sample_context(DocumentKind.PAYMENT_PLAN)
    doc = build(DocumentKind.PAYMENT_PLAN, ctx)
    schedule = next(b for b in doc.blocks if isinstance(b, Table) and b.header[0] == "Échéance")
    assert [r[1] for r in schedule.rows] == ["15/11/2026", "15/12/2026", "15/01/2027"]
    assert normalise_spaces(schedule.totals[0][1]) == "6 216,55 €"
    assert "reconnaissance de dette (article 2240 du Code civil)" in doc.text()
    [payment] = [b for b in doc.blocks if isinstance(b, PaymentBlock)]
    assert payment.transfer is not None and payment.transfer.amount == Decimal("2072.18")


def test_receipt() -> None:
    text = text_of(DocumentKind.RECEIPT, agency=True)
    assert (
        "Cabinet Aubert Recouvrement SARL reconnaît avoir reçu de SARL Boulangerie Émile Ménard, "
        "pour le compte de Menuiseries Durand SAS, la somme de 1 000,00 € le 2 novembre 2026"
    ) in text
    assert "Solde restant dû après ce paiement : 5 216,55 €." in text
    settled = dataclasses.replace(
        sample_context(DocumentKind.RECEIPT),
        received=dataclasses.replace(sample_context().received, remaining=Decimal("0.00")),  # type: ignore[arg-type]
    )
    assert "plus aucune somme n'est due" in build(DocumentKind.RECEIPT, settled).text()


def test_call_script_answers_the_usual_replies() -> None:
    text = text_of(DocumentKind.CALL_SCRIPT)
    for reply in (
        "« J'ai oublié »",
        "« J'ai des difficultés de trésorerie »",
        "« Je conteste la facture »",
        "« J'ai déjà payé »",
        "« J'ai besoin de temps »",
    ):
        assert reply in text
    assert "ne rien dire de la dette" in text


def test_english_variant() -> None:
    text = text_of(DocumentKind.FORMAL_NOTICE, language=Language.EN)
    assert "MISE EN DEMEURE" in text
    assert "We hereby give you formal notice to pay €6,216.55 within 8 days" in text
    assert "3 November 2026" in text


def test_first_day_of_month_is_an_ordinal_in_french() -> None:
    ctx = dataclasses.replace(sample_context(DocumentKind.REMINDER_LETTER), on=date(2026, 10, 24))
    assert "au plus tard le 1er novembre 2026" in normalise_spaces(
        build(DocumentKind.REMINDER_LETTER, ctx).text()
    )
