"""Rendered letters parsed back: text, embedded fonts, the address in the envelope window, the
EPC QR code decoded, page numbers, amounts kept whole, deterministic bytes."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
import segno
import segno.helpers
from PIL import Image

from recouvre.adapters.pdf.geometry import WINDOWS
from recouvre.adapters.pdf.qr import EPC_NAME_MAX, EPC_TEXT_MAX, epc_payload, epc_qr
from recouvre.adapters.pdf.typst_renderer import (
    SHIPPED_TEMPLATES,
    TemplateNotFound,
    TypstLetterRenderer,
    column_widths,
)
from recouvre.domain.creditor_reference import creditor_reference, payment_reference
from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.identifiers import validate_bic, validate_iban
from recouvre.letters.channels import Appearance, WindowSide
from recouvre.letters.content import build
from recouvre.letters.document import Document, DocumentKind, EpcTransfer, PaymentBlock, Table
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.samples import sample_context

MM = 72 / 25.4
PRINTABLE = [k for k in DocumentKind if k.is_printable]


def segno_epc_qr(transfer: EpcTransfer) -> segno.QRCode:
    """segno's own EPC helper, the reference for the fast code: same payload, automatic mask."""
    return segno.helpers.make_epc_qr(
        name=transfer.beneficiary[:EPC_NAME_MAX],
        iban=validate_iban(transfer.iban),
        amount=transfer.amount,
        text=None if transfer.structured_reference else transfer.text[:EPC_TEXT_MAX] or None,
        reference=transfer.structured_reference or None,
        bic=validate_bic(transfer.bic) if transfer.bic else None,
        encoding="utf-8",
    )


def render_to(tmp: Path, renderer: TypstLetterRenderer, doc: Document, **style: object) -> Path:
    path = tmp / f"{doc.kind.value}.pdf"
    path.write_bytes(renderer.render(doc, Appearance(**style)))  # type: ignore[arg-type]
    return path


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [normalise_spaces(p.extract_text() or "") for p in pdf.pages]


def address_box_mm(path: Path, doc: Document) -> tuple[float, float, float, float]:
    """Bounding box, in mm, of the recipient's address lines found on page one."""
    boxes = []
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        for line in doc.recipient.postal_lines:
            found = page.search(re.escape(line), regex=True)
            assert found, f"ligne d'adresse absente : {line}"
            boxes.append(found[0])
    return (
        min(b["x0"] for b in boxes) / MM,
        min(b["top"] for b in boxes) / MM,
        max(b["x1"] for b in boxes) / MM,
        max(b["bottom"] for b in boxes) / MM,
    )


def fonts_of(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font used on every page."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _, font in page.resources.get("/Font", {}).items():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                out.append((str(font.BaseFont), embedded))
    return out


@pytest.mark.parametrize("kind", PRINTABLE)
@pytest.mark.parametrize("agency", [False, True])
def test_printable_documents_parse_back(
    kind: DocumentKind,
    agency: bool,
    tmp_path: Path,
    renderer: TypstLetterRenderer,
    qr_decoder: Callable[[Path, int], list[str]],
) -> None:
    ctx = sample_context(kind, agency=agency)
    doc = build(kind, ctx)
    path = render_to(tmp_path, renderer, doc)
    texts = page_texts(path)
    whole = "\n".join(texts)

    # Selectable text: the subject, every invoice, the total claimed.
    assert normalise_spaces(doc.subject) in whole
    for invoice in ctx.invoices:
        assert invoice.number in whole
    # Page numbers on every page.
    for n, text in enumerate(texts, start=1):
        assert f"Page {n} / {len(texts)}" in text
    # Every amount of every table stays on one line (no-break spaces are not break points).
    lines = {line for text in texts for line in text.splitlines()}
    for block in doc.blocks:
        if isinstance(block, Table):
            for cell in [c for row in block.rows for c in row] + [v for _, v in block.totals]:
                if "€" in cell:
                    assert any(normalise_spaces(cell) in line for line in lines), cell
    # Fonts: only the shipped Liberation Sans, embedded as subsets.
    fonts = fonts_of(path)
    assert fonts and all(embedded for _, embedded in fonts)
    assert all(re.fullmatch(r"/[A-Z]{6}\+LiberationSans(-\w+)?", name) for name, _ in fonts)
    # The address sits inside the DL window (right by default).
    left, top, right, bottom = address_box_mm(path, doc)
    assert WINDOWS[WindowSide.RIGHT].contains(left, top, right, bottom), (left, top, right, bottom)
    # The EPC QR code decodes to the payment block's transfer.
    [payment] = [b for b in doc.blocks if isinstance(b, PaymentBlock)] or [None]
    if payment is not None:
        assert payment.transfer is not None
        pages_with_qr = [
            p for p in range(1, len(texts) + 1) if "Payer par virement" in texts[p - 1]
        ]
        assert qr_decoder(path, pages_with_qr[0]) == [epc_payload(payment.transfer)]


def test_left_window(tmp_path: Path, renderer: TypstLetterRenderer) -> None:
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context())
    path = render_to(tmp_path, renderer, doc, window=WindowSide.LEFT)
    box = address_box_mm(path, doc)
    assert WINDOWS[WindowSide.LEFT].contains(*box), box
    assert not WINDOWS[WindowSide.RIGHT].contains(*box)


def test_qr_payload_is_the_epc_transfer(tmp_path: Path, renderer: TypstLetterRenderer) -> None:
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context())
    [payment] = [b for b in doc.blocks if isinstance(b, PaymentBlock)]
    assert payment.transfer is not None
    payload = epc_payload(payment.transfer).split("\n")
    assert payload == [
        "BCD", "002", "1", "SCT", "AGRIFRPPXXX", "Menuiseries Durand SAS",
        "FR7630006000011234567890189", "EUR6216.55", "", creditor_reference("D-2026-00017"),
    ]  # fmt: skip
    # The structured field holds the case's ISO 11649 reference, the one the letter prints.
    assert payment.lines[-1] == f"Référence à indiquer : {payment_reference('D-2026-00017')}"
    # The fast code (fixed mask) holds exactly segno's EPC helper payload.
    reference = segno_epc_qr(payment.transfer)
    assert epc_qr(payment.transfer, mask=reference.mask).matrix == reference.matrix


def test_bad_iban_is_refused_before_printing(renderer: TypstLetterRenderer) -> None:
    ctx = sample_context()
    wrong = dataclasses.replace(
        ctx, payment=dataclasses.replace(ctx.payment, iban="FR76 3000 6000 0112 3456 7890 188")
    )
    with pytest.raises(InvalidIdentifier, match="IBAN invalide"):
        renderer.render(build(DocumentKind.FORMAL_NOTICE, wrong), Appearance())


def test_same_input_same_bytes(renderer: TypstLetterRenderer) -> None:
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context())
    assert renderer.render(doc, Appearance()) == renderer.render(doc, Appearance())


def test_debtor_strings_stay_text(tmp_path: Path, renderer: TypstLetterRenderer) -> None:
    ctx = sample_context(DocumentKind.REMINDER_LETTER)
    name = 'SARL *Gras* _ital_ #set text(red) $x$ "Q" <b>&'
    ctx = dataclasses.replace(ctx, debtor=dataclasses.replace(ctx.debtor, name=name))
    path = render_to(tmp_path, renderer, build(DocumentKind.REMINDER_LETTER, ctx))
    assert name in page_texts(path)[0]


def test_user_template_folder_wins(tmp_path: Path) -> None:
    folder = tmp_path / "modeles"
    folder.mkdir()
    shipped = (SHIPPED_TEMPLATES / "letter.typ").read_text()
    (folder / "letter.typ").write_text(
        shipped + '\n#place(bottom + center, dy: -30mm, text("MODÈLE DE LA MENUISERIE"))\n'
    )
    custom = TypstLetterRenderer(folder)
    assert custom.template_path("letter") == (folder / "letter.typ").resolve()
    doc = build(DocumentKind.RECEIPT, sample_context(DocumentKind.RECEIPT))
    path = render_to(tmp_path, custom, doc)
    assert "MODÈLE DE LA MENUISERIE" in page_texts(path)[-1]
    with pytest.raises(TemplateNotFound, match=r"modèle de lettre « autre\.typ » introuvable"):
        custom.render(doc, Appearance(template="autre"))


def test_logo_signature_and_colour_from_the_creditor(
    tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    assets = tmp_path / "creditor-12"
    assets.mkdir()
    Image.new("RGB", (300, 100), (200, 30, 30)).save(assets / "logo.png")
    Image.new("RGB", (200, 80), (10, 10, 120)).save(assets / "signature.png")
    doc = build(DocumentKind.REMINDER_LETTER, sample_context(DocumentKind.REMINDER_LETTER))
    path = render_to(
        tmp_path,
        renderer,
        doc,
        logo_path=str(assets / "logo.png"),
        signature_path=str(assets / "signature.png"),
        colour="#aa3300",
    )
    with pdfplumber.open(path) as pdf:
        images = [img for page in pdf.pages for img in page.images]
        qr_codes = [i for i in images if is_qr_image(i)]
        assert len(qr_codes) == 1  # the reminder's payment block
        images = [i for i in images if not is_qr_image(i)]
        logo = [i for i in images if i["top"] / MM < 30]
        assert len(images) == 2 and len(logo) == 1
        assert abs(logo[0]["x0"] / MM - 20) < 1


def is_qr_image(image: dict[str, Any]) -> bool:
    """The QR code is drawn as a square image of one pixel per module, 28 mm wide."""
    width, height = image["srcsize"]
    return bool(width == height and abs(float(image["width"]) / MM - 28) < 0.5)


def test_qr_code_is_printed_sharp(tmp_path: Path, renderer: TypstLetterRenderer) -> None:
    """One pixel per module and no interpolation: each module prints as a sharp square."""
    ctx = sample_context(DocumentKind.FORMAL_NOTICE)
    doc = build(DocumentKind.FORMAL_NOTICE, ctx)
    [payment] = [b for b in doc.blocks if isinstance(b, PaymentBlock)]
    assert payment.transfer is not None
    matrix = epc_qr(payment.transfer).matrix  # segno's modules for the mask letters use
    path = render_to(tmp_path, renderer, doc)
    with pikepdf.open(path) as pdf:
        [image] = [im for page in pdf.pages for im in page.images.values()]
        assert (int(image.Width), int(image.Height)) == (len(matrix), len(matrix))
        assert not bool(image.get("/Interpolate", False))
        pixels = pikepdf.PdfImage(image).as_pil_image().convert("L")
    assert list(pixels.getdata()) == [0 if m else 255 for row in matrix for m in row]


def test_template_is_shipped_with_its_fonts_and_licence() -> None:
    fonts = SHIPPED_TEMPLATES.parent / "fonts"
    assert (fonts / "LiberationSans-Regular.ttf").is_file()
    assert "SIL Open Font License" in (fonts / "LICENSE-LiberationSans.txt").read_text()
    assert shutil.which("pdftoppm") and shutil.which("zbarimg"), "poppler-utils, zbar-tools"


def test_table_too_wide_for_fixed_columns_falls_back_to_typst_table(
    tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    """Fixed-width rows need every column estimated; when they do not fit, typst's ``table``
    with ``auto`` columns lays the table out, and nothing is lost."""
    doc = build(DocumentKind.FORMAL_NOTICE, sample_context(DocumentKind.FORMAL_NOTICE))
    i, table = next((i, b) for i, b in enumerate(doc.blocks) if isinstance(b, Table))
    note = "Observation portée au dossier"
    wide = dataclasses.replace(
        table,
        header=(*table.header, "Observations", "Suite"),
        rows=tuple((*row, note, note) for row in table.rows),
        numeric=(*table.numeric, False, False),
    )
    assert column_widths(table) is not None and column_widths(wide) is None
    blocks = (*doc.blocks[:i], wide, *doc.blocks[i + 1 :])
    path = render_to(tmp_path, renderer, dataclasses.replace(doc, blocks=blocks))
    whole = "\n".join(page_texts(path))
    for row in wide.rows:
        assert row[0] in whole
        for cell in row[3:6]:  # the amounts, each kept whole
            assert normalise_spaces(cell) in whole
    assert whole.count("Observation") >= len(wide.rows)
