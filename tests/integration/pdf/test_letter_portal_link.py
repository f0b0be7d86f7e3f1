"""The debtor portal's link in the payment block, only when its address is set: the PDF of a
formal notice rendered with a link prints it (read back from the PDF) beside its own QR code
(decoded with zbarimg when installed), the email says it as a link, and the same letter without
a link is the golden snapshot (``test_letter_snapshots``: unchanged when the setting is unset)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from recouvre.adapters.mail.compose import html_body, text_body
from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.letters.channels import Appearance
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind, PaymentBlock
from recouvre.letters.mentions import check
from recouvre.letters.samples import sample_context

LINK = "https://paiement.example.fr/portal/WyJELTIwMjYtMDAwMDAxIiw3Mzk2Nzdd.abcDEF123"


def _flat(pdf: Path) -> str:
    with pdfplumber.open(pdf) as opened:
        return " ".join(" ".join(p.extract_text() or "" for p in opened.pages).split())


def test_formal_notice_prints_the_portal_link(
    tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    plain = sample_context()
    ctx = replace(plain, payment=replace(plain.payment, portal_url=LINK))
    document = build(DocumentKind.FORMAL_NOTICE, ctx)
    assert check(document, ctx).ok, check(document, ctx).reasons()
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(renderer.render(document, Appearance()))
    flat = _flat(pdf)
    assert "Votre dossier en ligne" in flat
    assert LINK.replace("/", "") in flat.replace("/", "").replace(" ", "")

    without = tmp_path / "plain.pdf"
    without.write_bytes(renderer.render(build(DocumentKind.FORMAL_NOTICE, plain), Appearance()))
    assert "Votre dossier en ligne" not in _flat(without)
    assert "portal" not in _flat(without)

    block = next(b for b in document.blocks if isinstance(b, PaymentBlock))
    assert block.portal_url == LINK
    assert f'<a href="{LINK}">{LINK}</a>' in html_body(document)
    assert LINK in text_body(document)

    if shutil.which("zbarimg") and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "p")], check=True)
        found = subprocess.run(
            ["zbarimg", "-q", "--raw", *sorted(str(p) for p in tmp_path.glob("p-*.png"))],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert LINK in found.stdout.splitlines()


@pytest.mark.parametrize("kind", [DocumentKind.REMINDER_EMAIL, DocumentKind.REMINDER_LETTER])
def test_reminders_carry_the_link_only_when_set(kind: DocumentKind) -> None:
    plain = sample_context()
    linked = replace(plain, payment=replace(plain.payment, portal_url=LINK))
    assert LINK in build(kind, linked).text()
    assert "Votre dossier en ligne" not in build(kind, plain).text()
