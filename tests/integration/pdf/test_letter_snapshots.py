"""Golden text snapshots of each document kind, extracted back from the rendered PDFs.

A wording or layout change shows up here as a readable diff. After a deliberate change,
regenerate with ``RECOUVRE_UPDATE_SNAPSHOTS=1 pytest tests/integration/pdf`` and review the
diff of ``tests/snapshots/letters/`` before committing. A missing snapshot fails.
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
from recouvre.letters.samples import sample_context
from recouvre.letters.sms import sms_text
from recouvre.letters.view_model import Language
from support.paths import SNAPSHOTS

SNAPSHOTS = SNAPSHOTS / "letters"
UPDATE = os.environ.get("RECOUVRE_UPDATE_SNAPSHOTS") == "1"

CASES: dict[str, tuple[DocumentKind, dict[str, object]]] = {
    "reminder_email": (DocumentKind.REMINDER_EMAIL, {}),
    "reminder_letter": (DocumentKind.REMINDER_LETTER, {}),
    "second_reminder": (DocumentKind.SECOND_REMINDER, {}),
    "formal_notice": (DocumentKind.FORMAL_NOTICE, {}),
    "formal_notice_agency": (DocumentKind.FORMAL_NOTICE, {"agency": True}),
    "formal_notice_consumer": (DocumentKind.FORMAL_NOTICE, {"professional": False}),
    "formal_notice_en": (DocumentKind.FORMAL_NOTICE, {"language": Language.EN}),
    "payment_plan": (DocumentKind.PAYMENT_PLAN, {}),
    "receipt_agency": (DocumentKind.RECEIPT, {"agency": True}),
    "call_script": (DocumentKind.CALL_SCRIPT, {}),
    "sms_agency": (DocumentKind.SMS, {"agency": True}),
}


def extracted(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        pages = [normalise_spaces(p.extract_text() or "") for p in pdf.pages]
    return "\n\f\n".join(pages) + "\n"


@pytest.mark.parametrize("name", list(CASES))
def test_snapshot(name: str, tmp_path: Path, renderer: TypstLetterRenderer) -> None:
    kind, options = CASES[name]
    document = build(kind, sample_context(kind, **options))  # type: ignore[arg-type]
    if kind is DocumentKind.SMS:
        actual = sms_text(document) + "\n"
    else:
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(renderer.render(document, Appearance()))
        actual = extracted(pdf)
    golden = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    if not golden.is_file():
        pytest.fail(f"instantané absent : {golden} (RECOUVRE_UPDATE_SNAPSHOTS=1 pour le créer)")
    assert actual == golden.read_text(encoding="utf-8")
