"""Wiring of the letter previews (``recouvre letter preview``): the typst renderer."""

from __future__ import annotations

from pathlib import Path

from recouvre.adapters.pdf.images import image_problem
from recouvre.adapters.pdf.typst_renderer import (
    RenderingFailed,
    TemplateNotFound,
    TypstLetterRenderer,
)

__all__ = ["RenderingFailed", "TemplateNotFound", "image_problem", "letter_renderer"]


def letter_renderer(templates: Path | None = None) -> TypstLetterRenderer:
    """The typst renderer, with the creditor's own templates folder when given."""
    return TypstLetterRenderer(templates)
