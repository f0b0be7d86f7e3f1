"""The agency's identity as stored (CPCE R124-4 1°) and its R124-2 guarantee lines in the
letters; the checker verifies 1° by structure (name, address, an activity stating debt
collection), not by one sentence."""

from __future__ import annotations

import dataclasses

import pytest

from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind, Paragraph
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.mentions import Mention, check
from recouvre.letters.samples import AGENCY, sample_context
from recouvre.letters.sections import guarantee_lines
from recouvre.letters.view_model import AgencyGuarantees, Language, LetterContext, PartyView
from recouvre.letters.wording import FRENCH


def with_agency(ctx: LetterContext, **changes: object) -> LetterContext:
    assert ctx.agency is not None
    return dataclasses.replace(ctx, agency=dataclasses.replace(ctx.agency, **changes))  # type: ignore[arg-type]


def identity_missing(kind: DocumentKind, ctx: LetterContext) -> list[str]:
    verdict = check(build(kind, ctx), ctx)
    return [m.detail for m in verdict.missing if m.mention is Mention.AGENCY_IDENTITY]


@pytest.mark.parametrize(
    "kind", [DocumentKind.REMINDER_LETTER, DocumentKind.FORMAL_NOTICE, DocumentKind.RECEIPT]
)
def test_the_stored_activity_is_printed_and_accepted(kind: DocumentKind) -> None:
    activity = "Recouvrement amiable de créances commerciales et de loyers"
    ctx = with_agency(sample_context(kind, agency=True), activity=activity)
    doc = build(kind, ctx)
    text = normalise_spaces(doc.text())
    assert f"69002 Lyon, exerce l'activité suivante : {activity}. Nous intervenons" in text
    assert "pour le compte de tiers" not in text
    assert check(doc, ctx).ok, check(doc, ctx).reasons()


def test_no_stored_activity_falls_back_to_the_shipped_default() -> None:
    fr = with_agency(sample_context(agency=True), activity=None)
    assert "activité suivante : Recouvrement amiable de créances pour le compte de tiers." in (
        normalise_spaces(build(DocumentKind.FORMAL_NOTICE, fr).text())
    )
    en = with_agency(sample_context(agency=True, language=Language.EN), activity=None)
    doc = build(DocumentKind.FORMAL_NOTICE, en)
    assert (
        "carries on the following activity: Amicable collection of debts on behalf of third "
        "parties." in normalise_spaces(doc.text())
    )
    assert check(doc, en).ok, check(doc, en).reasons()


def test_an_agency_letter_without_an_activity_is_refused() -> None:
    ctx = with_agency(sample_context(DocumentKind.REMINDER_LETTER, agency=True), activity="  ")
    assert identity_missing(DocumentKind.REMINDER_LETTER, ctx) == ["activité non renseignée"]


def test_an_activity_that_does_not_state_debt_collection_is_refused() -> None:
    ctx = with_agency(sample_context(agency=True), activity="Conseil aux entreprises")
    [detail] = identity_missing(DocumentKind.FORMAL_NOTICE, ctx)
    assert "n'indique pas le recouvrement" in detail


def test_a_letter_whose_identity_paragraph_was_dropped_is_refused() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER, agency=True)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    stripped = dataclasses.replace(
        doc,
        blocks=tuple(
            b for b in doc.blocks if not (isinstance(b, Paragraph) and "activité" in b.text)
        ),
    )
    missing = {m.mention: m.detail for m in check(stripped, ctx).missing}
    assert Mention.AGENCY_IDENTITY in missing
    assert (
        "Recouvrement amiable de créances pour le compte de tiers"
        in missing[Mention.AGENCY_IDENTITY]
    )


def test_an_adapted_sentence_with_name_address_and_activity_passes() -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER, agency=True)
    doc = build(DocumentKind.REMINDER_LETTER, ctx)
    own = (
        "Le Cabinet Aubert Recouvrement SARL (8 place Bellecour, 69002 Lyon) — Recouvrement "
        "amiable de créances pour le compte de tiers — vous écrit pour le compte de Menuiseries "
        "Durand SAS, 12 rue de la République, 69002 Lyon."
    )
    adapted = dataclasses.replace(
        doc,
        blocks=tuple(
            Paragraph(own) if isinstance(b, Paragraph) and "activité" in b.text else b
            for b in doc.blocks
        ),
    )
    assert "exerce" not in normalise_spaces(adapted.text().split("Le Cabinet")[1][:120])
    assert check(adapted, ctx).ok, check(adapted, ctx).reasons()


def test_the_footer_carries_the_guarantee_lines_of_an_agency_only() -> None:
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context(agency=True))
    lines = doc.footer.split("\n")
    assert lines[0].startswith("Cabinet Aubert Recouvrement SARL — SIREN 843 123 456")
    assert lines[1:] == [
        "Assurance de responsabilité civile professionnelle : Mutuelle d'Assurances Exemple, "
        "police RC-2026-0042",
        "Compte de cantonnement (exclusivement affecté aux fonds reçus pour les créanciers) : "
        "Crédit Mutuel, compte n° FR08 1027 8073 0000 0204 9810 152",
        "Déclaration au procureur de la République : tribunal judiciaire de Lyon, déclaration "
        "du 2 janvier 2026",
    ]
    creditor = build(DocumentKind.FORMAL_NOTICE, sample_context())
    assert "\n" not in creditor.footer and "cantonnement" not in creditor.text()


def test_guarantee_lines_keep_a_users_own_label_and_skip_empty_ones() -> None:
    party = dataclasses.replace(
        AGENCY,
        guarantees=AgencyGuarantees(
            liability_insurance="RC pro : Exemple Assurances, police 42",
            funds_account="",
            prosecutor_declaration="TJ de Lyon, 2 janvier 2026",
        ),
    )
    assert guarantee_lines(party, FRENCH) == (
        "RC pro : Exemple Assurances, police 42",
        "Déclaration au procureur de la République : TJ de Lyon, 2 janvier 2026",
    )
    assert guarantee_lines(PartyView("X", ()), FRENCH) == ()


def test_english_guarantee_lines_use_english_labels_and_punctuation() -> None:
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context(agency=True, language=Language.EN))
    assert doc.footer.split("\n")[1] == (
        "Professional civil-liability insurance: Mutuelle d'Assurances Exemple, police RC-2026-0042"
    )
