"""Golden text of a formal notice with a time-barred invoice, extracted back from the PDF: the
invoice listed as unpaid, the statement note « Factures prescrites, non réclamées en
justice », the demand and the announced court action for the other invoices only.

Regenerate after a deliberate change with ``RECOUVRE_UPDATE_SNAPSHOTS=1`` (as
``test_letter_snapshots``) and review the diff of ``tests/snapshots/letters/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pdfplumber
import pytest

from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.letters.channels import Appearance
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.mentions import check
from recouvre.letters.samples import sample_context
from support.paths import SNAPSHOTS

GOLDEN = SNAPSHOTS / "letters"


@pytest.mark.parametrize("agency", [False, True], ids=["creditor", "agency"])
def test_formal_notice_time_barred_snapshot(
    agency: bool, tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    ctx = sample_context(agency=agency, time_barred=True)
    document = build(DocumentKind.FORMAL_NOTICE, ctx)
    assert check(document, ctx).ok, check(document, ctx).reasons()
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(renderer.render(document, Appearance()))
    with pdfplumber.open(pdf) as opened:
        pages = [normalise_spaces(p.extract_text() or "") for p in opened.pages]
    actual = "\n\f\n".join(pages) + "\n"
    flat = " ".join(actual.split())
    assert "Factures prescrites, non réclamées en justice : FA-2021-0107 (980,00 €)." in flat
    assert "ne concernerait que les factures FA-2026-0412, FA-2026-0413." in flat
    name = "formal_notice_time_barred" + ("_agency" if agency else "")
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("RECOUVRE_UPDATE_SNAPSHOTS") == "1":
        golden.write_text(actual, encoding="utf-8")
    if not golden.is_file():
        pytest.fail(f"instantané absent : {golden} (RECOUVRE_UPDATE_SNAPSHOTS=1 pour le créer)")
    assert actual == golden.read_text(encoding="utf-8")
