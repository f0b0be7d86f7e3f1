"""Which image files a letter can carry (a creditor's or an agency's logo and signature).

The letters are compiled by typst, which embeds PNG, JPEG, GIF and SVG images; any other file
(``/etc/passwd`` given as a logo) would make every letter of that creditor fail at rendering
time, long after the setting was made. ``image_problem`` is checked when the setting is made:
it reads the file's first bytes (the format by content, never by name) and its size.
"""

from __future__ import annotations

from pathlib import Path

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a logo or a signature, embedded in every letter

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


def image_kind(head: bytes) -> str | None:
    """The image format of a file whose first bytes are ``head``; ``None`` if none typst embeds."""
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if (text.startswith(b"<?xml") or text.startswith(b"<svg")) and b"<svg" in head:
        return "SVG"
    return None


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a letter's image (French), or ``None`` when it can."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        return f"fichier illisible ({error.strerror or error})"
    if size > MAX_IMAGE_BYTES:
        return f"image trop lourde ({size // 1024} Kio ; au plus {MAX_IMAGE_BYTES // 1024} Kio)"
    if image_kind(head) is None:
        return "ce fichier n'est pas une image PNG, JPEG, GIF ou SVG"
    return None
