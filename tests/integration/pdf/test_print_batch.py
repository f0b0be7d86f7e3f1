"""The day's letters merged into one print batch behind a cover sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from recouvre.adapters.pdf.print_batch import BatchLetter, EmptyBatch, build_print_batch
from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer
from recouvre.letters.channels import Appearance
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind
from recouvre.letters.formatting import normalise_spaces
from recouvre.letters.samples import sample_context


@pytest.fixture(scope="module")
def letters(
    tmp_path_factory: pytest.TempPathFactory, renderer: TypstLetterRenderer
) -> list[BatchLetter]:
    folder = tmp_path_factory.mktemp("letters")
    out = []
    for i in range(9):
        kind = DocumentKind.FORMAL_NOTICE if i % 3 == 0 else DocumentKind.REMINDER_LETTER
        agency = i % 3 == 0 and i > 0  # agency notices run to two pages
        doc = build(kind, sample_context(kind, index=i, agency=agency))
        path = folder / f"{i:03d}.pdf"
        path.write_bytes(renderer.render(doc, Appearance()))
        out.append(BatchLetter(path, doc.reference, doc.recipient.name, doc.registered))
    return out


def pages_of(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_batch_cover_counts_and_order(
    letters: list[BatchLetter], tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    out = tmp_path / "lot.pdf"
    batch = build_print_batch(letters, out, on=date(2026, 11, 3), renderer=renderer, chunk=4)
    expected_pages = sum(pages_of(letter.pdf) for letter in letters)
    assert (batch.letters, batch.registered, batch.pages) == (9, 3, expected_pages)
    [volume] = batch.volumes
    assert volume.path == out
    assert pages_of(out) == volume.cover_pages + expected_pages
    with pdfplumber.open(out) as pdf:
        cover = normalise_spaces(pdf.pages[0].extract_text())
        assert "Lot du 3 novembre 2026" in cover
        assert "Lettres 9" in cover
        assert "dont recommandées avec accusé de réception 3" in cover
        assert "Lettres simples 6" in cover
        # Letters follow in order: each first page carries its own reference.
        page = volume.cover_pages
        for letter in letters:
            assert letter.reference in pdf.pages[page].extract_text()
            page += pages_of(letter.pdf)


def test_duplex_starts_every_letter_on_a_new_sheet(
    letters: list[BatchLetter], tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    out = tmp_path / "lot-recto-verso.pdf"
    batch = build_print_batch(
        letters, out, on=date(2026, 11, 3), renderer=renderer, duplex=True, chunk=5
    )
    [volume] = batch.volumes
    assert volume.cover_pages % 2 == 0
    assert batch.pages == sum(p + p % 2 for p in map(pages_of, (x.pdf for x in letters)))
    assert pages_of(out) % 2 == 0


def test_large_day_is_split_into_volumes_with_their_own_cover(
    letters: list[BatchLetter], tmp_path: Path, renderer: TypstLetterRenderer
) -> None:
    batch = build_print_batch(
        letters, tmp_path / "lot.pdf", on=date(2026, 11, 3), renderer=renderer, volume_size=4
    )
    assert [v.path.name for v in batch.volumes] == ["lot-01.pdf", "lot-02.pdf", "lot-03.pdf"]
    assert [v.letters for v in batch.volumes] == [4, 4, 1]
    assert [v.registered for v in batch.volumes] == [2, 1, 0]
    assert batch.letters == 9 and batch.registered == 3
    with pdfplumber.open(batch.volumes[1].path) as pdf:
        cover = normalise_spaces(pdf.pages[0].extract_text())
        assert "Lot d'impression — volume 2 / 3" in cover and "Lettres 4" in cover
        assert letters[4].reference in pdf.pages[batch.volumes[1].cover_pages].extract_text()


def test_empty_batch_is_refused(tmp_path: Path, renderer: TypstLetterRenderer) -> None:
    with pytest.raises(EmptyBatch, match="lot vide"):
        build_print_batch([], tmp_path / "x.pdf", on=date(2026, 11, 3), renderer=renderer)
