"""The day's paper letters merged into one PDF for a print-and-post service or an office printer.

A cover sheet comes first: the number of letters, of registered letters (LRAR, which need their
own forms), of pages and sheets, then one line per letter in print order. With ``duplex`` every
letter starts on a new sheet (a blank page follows a letter with an odd number of pages).

Bounded memory: pikepdf copies pages lazily and needs its sources open until the output is
saved, so letters are merged ``chunk`` at a time into temporary files (at most ``chunk`` letters
open at once), and a volume is assembled from its chunks. Assembling still holds the page
objects of the whole volume, so a large day is split into volumes of ``volume_size`` letters,
each with its own cover. Measured here (1000 formal notices, 37 MB of PDF, process peak RSS
including the typst renderer's 71 MB): one volume 361 MB, volumes of 500 252 MB, of 250
198 MB. pikepdf bundles qpdf: no system package.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

import pikepdf

from recouvre.adapters.errors import AdapterError
from recouvre.adapters.pdf.typst_renderer import SHIPPED_TEMPLATES, TypstLetterRenderer
from recouvre.letters.formatting import long_date
from recouvre.letters.view_model import Language

A4_POINTS = (595.276, 841.89)


@dataclass(frozen=True, slots=True)
class BatchLetter:
    pdf: Path
    reference: str
    recipient: str
    registered: bool


@dataclass(frozen=True, slots=True)
class PrintVolume:
    path: Path
    letters: int
    registered: int
    pages: int  # letters' pages, blanks included, cover excluded
    cover_pages: int  # blank page included in duplex


@dataclass(frozen=True, slots=True)
class PrintBatch:
    volumes: tuple[PrintVolume, ...]

    @property
    def letters(self) -> int:
        return sum(v.letters for v in self.volumes)

    @property
    def registered(self) -> int:
        return sum(v.registered for v in self.volumes)

    @property
    def pages(self) -> int:
        return sum(v.pages for v in self.volumes)


class EmptyBatch(AdapterError):
    def __init__(self) -> None:
        super().__init__("aucune lettre à imprimer : lot vide")


def build_print_batch(
    letters: Sequence[BatchLetter],
    out: Path,
    *,
    on: date,
    renderer: TypstLetterRenderer,
    duplex: bool = False,
    chunk: int = 100,
    volume_size: int = 500,
) -> PrintBatch:
    """Merge ``letters`` (in order) behind a cover sheet into ``out``; beyond ``volume_size``
    letters, into numbered volumes ``out-01.pdf``, ``out-02.pdf``… each with its own cover
    (memory grows with the size of one volume, not of the day)."""
    if not letters:
        raise EmptyBatch()
    groups = [letters[i : i + volume_size] for i in range(0, len(letters), volume_size)]
    volumes = []
    for n, group in enumerate(groups, start=1):
        path = out if len(groups) == 1 else out.with_name(f"{out.stem}-{n:02d}{out.suffix}")
        title = "Lot d'impression" + (f" — volume {n} / {len(groups)}" if len(groups) > 1 else "")
        volumes.append(_volume(group, path, title, on, renderer, duplex, chunk))
    return PrintBatch(tuple(volumes))


def _volume(
    letters: Sequence[BatchLetter],
    out: Path,
    title: str,
    on: date,
    renderer: TypstLetterRenderer,
    duplex: bool,
    chunk: int,
) -> PrintVolume:
    rows: list[tuple[BatchLetter, int]] = []
    with tempfile.TemporaryDirectory(prefix="recouvre-batch-") as tmp:
        parts: list[Path] = []
        for n, group in enumerate(_chunks(letters, chunk)):
            part = Path(tmp) / f"part-{n:05d}.pdf"
            rows += _merge_chunk(group, part, duplex)
            parts.append(part)
        cover = renderer.compile(
            SHIPPED_TEMPLATES / "cover.typ", SHIPPED_TEMPLATES, _cover_data(rows, title, on), on
        )
        with ExitStack() as stack:
            final = stack.enter_context(pikepdf.open(io.BytesIO(cover)))
            if duplex and len(final.pages) % 2:
                final.add_blank_page(page_size=A4_POINTS)
            cover_pages = len(final.pages)
            for part in parts:
                src = stack.enter_context(pikepdf.open(part))
                final.pages.extend(src.pages)
            final.save(out)
    return PrintVolume(
        path=out,
        letters=len(rows),
        registered=sum(1 for letter, _ in rows if letter.registered),
        pages=sum(pages for _, pages in rows),
        cover_pages=cover_pages,
    )


def _chunks(letters: Sequence[BatchLetter], size: int) -> Iterator[list[BatchLetter]]:
    it = iter(letters)
    while group := list(islice(it, size)):
        yield group


def _merge_chunk(
    group: Sequence[BatchLetter], part: Path, duplex: bool
) -> list[tuple[BatchLetter, int]]:
    rows: list[tuple[BatchLetter, int]] = []
    with ExitStack() as stack:
        dst = stack.enter_context(pikepdf.new())
        for letter in group:
            src = stack.enter_context(pikepdf.open(letter.pdf))
            pages = len(src.pages)
            dst.pages.extend(src.pages)
            if duplex and pages % 2:
                dst.add_blank_page(page_size=A4_POINTS)
                pages += 1
            rows.append((letter, pages))
        dst.save(part)
    return rows


def _cover_data(rows: list[tuple[BatchLetter, int]], title: str, on: date) -> dict[str, Any]:
    registered = sum(1 for letter, _ in rows if letter.registered)
    pages = sum(p for _, p in rows)
    return {
        "title": title,
        "date_line": "Lot du " + long_date(on, Language.FR),
        "counts": [
            ["Lettres", str(len(rows))],
            ["dont recommandées avec accusé de réception", str(registered)],
            ["Lettres simples", str(len(rows) - registered)],
            ["Pages (hors page de garde)", str(pages)],
        ],
        "header": ["N°", "Destinataire", "Référence", "Pages", "LRAR"],
        "rows": [
            [str(i), letter.recipient, letter.reference, str(p), "oui" if letter.registered else ""]
            for i, (letter, p) in enumerate(rows, start=1)
        ],
    }
