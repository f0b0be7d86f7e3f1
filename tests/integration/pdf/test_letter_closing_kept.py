"""A page break never strands the closing: whatever the length of the body (one to many
invoices), the closing formula and the signatory are on the same page, and that page holds
more of the letter than the closing (the agency's reminder once left « Cordialement, » alone on
page 2). Rendered by typst, parsed back by position with pdfplumber."""

from __future__ import annotations

import dataclasses
import io
from datetime import date, timedelta
from decimal import Decimal

import pdfplumber
import pytest

from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.letters.channels import Appearance
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind, Signature
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.samples import sample_context
from recouvre.letters.view_model import InvoiceView, Totals

MM = 72 / 25.4


def many_invoices(count: int) -> tuple[InvoiceView, ...]:
    first = date(2026, 3, 2)
    return tuple(
        InvoiceView(f"FA-2026-{100 + n:04d}", first + timedelta(days=7 * n),
                    first + timedelta(days=7 * n + 30), Decimal("480.00") + n)
        for n in range(count)
    )  # fmt: skip


def words_by_page(pdf: bytes) -> list[list[dict[str, object]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_words(keep_blank_chars=True) for page in document.pages]


def _line_top(pages: list[list[dict[str, object]]], needle: str) -> tuple[int, float]:
    """(page index, top) of the first line of text that contains ``needle``."""
    for index, words in enumerate(pages):
        lines: dict[float, list[str]] = {}
        for w in words:
            lines.setdefault(round(float(w["top"]), 0), []).append(str(w["text"]))  # type: ignore[arg-type]
        for top, parts in sorted(lines.items()):
            if needle in normalise_spaces(" ".join(parts)):
                return index, top
    raise AssertionError(f"« {needle} » absent")


@pytest.mark.parametrize(
    "kind", [DocumentKind.REMINDER_LETTER, DocumentKind.REMINDER_EMAIL, DocumentKind.FORMAL_NOTICE]
)
def test_the_closing_and_the_signatory_are_never_alone_on_a_page(
    renderer: TypstLetterRenderer, kind: DocumentKind
) -> None:
    base = sample_context(kind, agency=True)
    stranded: list[int] = []
    for count in range(1, 31):
        invoices = many_invoices(count)
        totals = Totals(principal=sum((i.outstanding for i in invoices), Decimal(0)))
        ctx = dataclasses.replace(base, invoices=invoices, totals=totals, statement=())
        doc = build(kind, ctx)
        [signature] = [b for b in doc.blocks if isinstance(b, Signature)]
        closing = normalise_spaces(signature.closing).split(",")[0][:30]
        pages = words_by_page(renderer.render(doc, Appearance()))
        closing_page, closing_top = _line_top(pages, closing)
        name_page, _ = _line_top(pages, "Claire Aubert")
        assert name_page == closing_page, f"{count} factures : signataire séparé de la formule"
        title_page, _ = _line_top(pages, "Gérante")
        assert title_page == closing_page, f"{count} factures : fonction séparée de la formule"
        above = [w for w in pages[closing_page] if float(w["bottom"]) < closing_top]  # type: ignore[arg-type]
        if not above:
            stranded.append(count)
    assert not stranded, f"formule de politesse seule en haut de page avec {stranded} factures"
