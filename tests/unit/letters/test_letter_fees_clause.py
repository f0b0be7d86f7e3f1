"""A creditor's courtesy (issue 11, item 6): before the step it names, a reminder asks for the
principal only and says so; the formal notice never drops the L441-10 and D441-5 mentions, it
states them as the creditor's right and says it does not claim them."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.fees_clause import FEES_WORDING
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.mentions import Mention, check, required_mentions
from recouvre.letters.samples import sample_context
from recouvre.letters.view_model import Language, LetterContext, Totals


def _courteous(kind: DocumentKind, **options: object) -> LetterContext:
    ctx = sample_context(kind, **options)  # type: ignore[arg-type]
    principal = Totals(principal=ctx.totals.principal)
    return dataclasses.replace(ctx, totals=principal, statement=(), fees_claimed=False)


def test_a_courtesy_reminder_asks_the_principal_only_and_keeps_the_right() -> None:
    for kind in (DocumentKind.REMINDER_EMAIL, DocumentKind.REMINDER_LETTER):
        ctx = _courteous(kind)
        document = build(kind, ctx)
        text = normalise_spaces(document.text())
        assert check(document, ctx).ok, check(document, ctx).reasons()
        assert normalise_spaces(FEES_WORDING[Language.FR].principal_only) in text
        assert "L441-10" in text and "40,00" not in text and ctx.rate_basis not in text
        assert Mention.PRINCIPAL_ONLY in required_mentions(kind, ctx)
        assert Mention.FIXED_INDEMNITY not in required_mentions(kind, ctx)


def test_a_courtesy_reminder_whose_total_holds_more_than_the_principal_is_refused() -> None:
    ctx = _courteous(DocumentKind.REMINDER_LETTER)
    ctx = dataclasses.replace(ctx, totals=Totals(ctx.totals.principal, indemnities=Decimal(40)))
    verdict = check(build(DocumentKind.REMINDER_LETTER, ctx), ctx)
    assert not verdict.ok
    assert any("principal seul" in r and "dépasse le principal" in r for r in verdict.reasons())


def test_the_formal_notice_states_the_law_and_claims_the_principal_only() -> None:
    ctx = _courteous(DocumentKind.FORMAL_NOTICE)
    document = build(DocumentKind.FORMAL_NOTICE, ctx)
    text = normalise_spaces(document.text())
    assert check(document, ctx).ok, check(document, ctx).reasons()
    required = required_mentions(DocumentKind.FORMAL_NOTICE, ctx)
    assert {Mention.LATE_PENALTIES, Mention.FIXED_INDEMNITY} <= required
    assert "L441-10" in text and ctx.rate_basis in text and "D441-5" in text
    assert "40,00 €" in text  # the indemnity the law gives, stated, not added to the sum
    assert normalise_spaces(FEES_WORDING[Language.FR].notice_reserved) in text
    assert "Pénalités de retard | non réclamées à ce stade" in text  # never a bare 0,00 €
    total = normalise_spaces(f"{ctx.totals.principal:,.2f}".replace(",", " ").replace(".", ","))
    assert f"régler la somme de {total} €" in text


def test_an_english_courtesy_reminder_and_a_consumer_are_said_right() -> None:
    english = _courteous(DocumentKind.REMINDER_LETTER, language=Language.EN)
    document = build(DocumentKind.REMINDER_LETTER, english)
    assert check(document, english).ok, check(document, english).reasons()
    assert "At this stage we ask you for the principal only" in normalise_spaces(document.text())
    consumer = _courteous(DocumentKind.REMINDER_LETTER, professional=False)
    text = normalise_spaces(build(DocumentKind.REMINDER_LETTER, consumer).text())
    assert "L441-10" not in text  # a consumer owes neither: nothing is said about them
    assert Mention.PRINCIPAL_ONLY not in required_mentions(DocumentKind.REMINDER_LETTER, consumer)


def test_an_agency_courtesy_reminder_splits_the_debt_without_a_bare_zero() -> None:
    ctx = _courteous(DocumentKind.REMINDER_LETTER, agency=True)
    document = build(DocumentKind.REMINDER_LETTER, ctx)
    assert check(document, ctx).ok, check(document, ctx).reasons()  # CPCE R124-4 3° still met
    assert "Pénalités de retard | non réclamées à ce stade" in normalise_spaces(document.text())
