"""Paper geometry for window envelopes, in millimetres from the top-left corner of an A4 page.

DL envelope (220 × 110 mm) with a 100 × 45 mm window 20 mm from the side and 15 mm from the
bottom (the usual French window envelope); an A4 sheet folded in three (folds at 99 and
198 mm) sits against the top of the envelope with about 5 mm of play on each side. The address
block is placed 5 mm inside the window on each side so that it stays visible whatever the play.
Correct these figures here if a print-and-post service asks for others; the tests measure the
address against ``WINDOWS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from recouvre.letters.channels import WindowSide

FOLDS = (99.0, 198.0)
FOLD_MARK_LENGTH = 5.0


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def contains(self, left: float, top: float, right: float, bottom: float) -> bool:
        return (
            self.left <= left and right <= self.right and self.top <= top and bottom <= self.bottom
        )


# The window as it falls on the page (sheet centred, pushed to the top of the envelope).
WINDOWS: dict[WindowSide, Box] = {
    WindowSide.LEFT: Box(left=15.0, top=50.0, right=115.0, bottom=95.0),
    WindowSide.RIGHT: Box(left=95.0, top=50.0, right=195.0, bottom=95.0),
}

ADDRESS_WIDTH = 85.0


def address_origin(side: WindowSide) -> tuple[float, float]:
    """Top-left corner of the address block: 5 mm inside the window, 5 mm below its top."""
    window = WINDOWS[side]
    return window.left + 5.0, window.top + 5.0


def sender_origin(side: WindowSide) -> tuple[float, float]:
    """The sender's block sits on the other side, under the logo."""
    match side:
        case WindowSide.RIGHT:
            return 20.0, 32.0
        case WindowSide.LEFT:
            return 115.0, 32.0


# The page footer (7 pt): the sender's legal line, and for an agency its CPCE R124-2 lines. The
# bottom margin grows with the footer so that its last line stays on the sheet: one line fits
# in the base margin; each further line (long ones wrap at about FOOTER_CHARS characters) adds
# FOOTER_LINE millimetres (7 pt type with the template's leading, measured).
FOOTER_MARGIN = 18.0
FOOTER_LINE = 3.0
FOOTER_CHARS = 110


def footer_margin(footer: str) -> float:
    """The bottom margin, in millimetres, that holds ``footer`` (lines split on ``\\n``)."""
    lines = sum(max(1, -(-len(line) // FOOTER_CHARS)) for line in footer.split("\n"))
    return FOOTER_MARGIN + FOOTER_LINE * max(0, lines - 1)
