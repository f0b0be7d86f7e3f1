"""``PaperRenderer`` on typst and pikepdf: papers, and the numbered, stamped exhibits bundle.

Why: CPC 1407 has the requête « accompagnée » of the documents listed in its bordereau; in
practice each exhibit carries its number on every page so that the judge, the commissaire de
justice and the debtor refer to the same « pièce n° 3 ». Exhibits recouvre writes itself
(invoice statements, reminders with their proof of receipt, the journal extract) are laid out
with ``templates/paper.typ``; files the user gives (a scanned signed order, the terms) are
taken as they are. Every page of every exhibit then receives the stamp (``templates/
stamp.typ``) as a pikepdf overlay in its top right corner, and the exhibits are merged in
their numbered order. The SHA-256 of each exhibit (before stamping, so that it can be checked
against the original) is returned with its page count.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer, block_data
from recouvre.letters.judicial.exhibits import ExhibitContent
from recouvre.letters.judicial.paper import Paper
from recouvre.services.judicial.ports import ExhibitRecord, RenderedBundle

TEMPLATES = Path(__file__).resolve().parent / "templates"
MM = 72 / 25.4
STAMP_WIDTH = 52 * MM
STAMP_HEIGHT = 14 * MM
STAMP_MARGIN = 6 * MM


class AttachmentUnreadable(AdapterError):
    """A file given as an exhibit is not a readable PDF."""


class TypstPaperRenderer:
    def __init__(self, templates_dir: Path | None = None) -> None:
        # Plain PDF: the bundle mixes in the user's files, which PDF/A could not vouch for.
        self._typst = TypstLetterRenderer(templates_dir, pdf_standard="")
        self._templates_dir = templates_dir

    def _template(self, name: str) -> Path:
        if self._templates_dir is not None:
            candidate = self._templates_dir / f"{name}.typ"
            if candidate.is_file():
                return candidate.resolve()
        return TEMPLATES / f"{name}.typ"

    def _page_data(
        self, title: str, subtitle: str, reference: str, header_right: str, blocks: Any
    ) -> dict[str, Any]:
        return {
            "title": title,
            "subtitle": subtitle,
            "author": "recouvre",
            "reference": reference,
            "header_right": header_right,
            "blocks": [block_data(b) for b in blocks],
        }

    def render_paper(self, paper: Paper) -> bytes:
        template = self._template("paper")
        data = self._page_data(
            paper.title, "", f"Dossier {paper.reference}", paper.addressee, paper.blocks
        )
        return self._typst.compile(template, template.parent, data, paper.issued_on)

    def _stamp(self, text: str, on: date) -> bytes:
        template = self._template("stamp")
        return self._typst.compile(template, template.parent, {"stamp": text}, on)

    def _exhibit_pdf(
        self, exhibit: ExhibitContent, attachments: dict[int, Path], on: date, reference: str
    ) -> bytes:
        if exhibit.number in attachments:
            path = attachments[exhibit.number]
            try:
                return path.read_bytes()
            except OSError as exc:
                raise AttachmentUnreadable(
                    f"pièce n° {exhibit.number} : lecture impossible de {path} ({exc})"
                ) from exc
        template = self._template("paper")
        data = self._page_data(exhibit.stamp, exhibit.title, reference, "", exhibit.blocks)
        sheet = self._typst.compile(template, template.parent, data, on)
        if not exhibit.enclosed:
            return sheet
        return _concatenate(exhibit, sheet, exhibit.enclosed)

    def render_bundle(
        self,
        exhibits: Sequence[ExhibitContent],
        attachments: dict[int, Path],
        on: date,
        reference: str = "",
    ) -> RenderedBundle:
        bundle = pikepdf.new()
        records: list[ExhibitRecord] = []
        for exhibit in exhibits:
            raw = self._exhibit_pdf(exhibit, attachments, on, reference)
            try:
                source = pikepdf.open(io.BytesIO(raw))
            except pikepdf.PdfError as exc:
                raise AttachmentUnreadable(
                    f"pièce n° {exhibit.number} ({exhibit.title}) : PDF illisible ({exc})"
                ) from exc
            stamp_pdf = pikepdf.open(io.BytesIO(self._stamp(exhibit.stamp, on)))
            stamp = bundle.copy_foreign(stamp_pdf.pages[0].as_form_xobject())
            first_page = len(bundle.pages)
            bundle.pages.extend(source.pages)
            for page in bundle.pages[first_page:]:
                box = page.mediabox
                x1, y1 = float(box[2]), float(box[3])
                rect = pikepdf.Rectangle(
                    x1 - STAMP_MARGIN - STAMP_WIDTH,
                    y1 - STAMP_MARGIN - STAMP_HEIGHT,
                    x1 - STAMP_MARGIN,
                    y1 - STAMP_MARGIN,
                )
                page.add_overlay(stamp, rect)
            records.append(
                ExhibitRecord(
                    exhibit.number,
                    exhibit.kind.value,
                    exhibit.title,
                    len(source.pages),
                    hashlib.sha256(raw).hexdigest(),
                )
            )
        out = io.BytesIO()
        bundle.save(out, deterministic_id=True)
        return RenderedBundle(out.getvalue(), tuple(records))


def _concatenate(exhibit: ExhibitContent, sheet: bytes, enclosed: Sequence[bytes]) -> bytes:
    """The exhibit's sheet followed by the copies as sent (the letter's own pages, the scan of
    its signed acknowledgement)."""
    merged = pikepdf.open(io.BytesIO(sheet))
    for content in enclosed:
        try:
            copy = pikepdf.open(io.BytesIO(content))
        except pikepdf.PdfError as exc:
            raise AttachmentUnreadable(
                f"pièce n° {exhibit.number} ({exhibit.title}) : copie PDF illisible ({exc})"
            ) from exc
        merged.pages.extend(copy.pages)
    out = io.BytesIO()
    merged.save(out, deterministic_id=True)
    return out.getvalue()
