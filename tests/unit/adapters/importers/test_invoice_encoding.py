"""Encodings of CSV invoice files: UTF-8 (with or without BOM) and Windows-1252 are read; any
other encoding is refused with a French message naming it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from recouvre.adapters.importers.encoding import TextEncoding, inspect_file

TEXT = "N° facture;Raison sociale;Montant TTC\nF-1;Société Générale d'Épicerie;1 234,56\n"


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "factures.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), TextEncoding.UTF8),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TextEncoding.UTF8_BOM),
        (TEXT.encode("cp1252"), TextEncoding.CP1252),
        (b"a;b\n1;2\n", TextEncoding.UTF8),
    ],
)
def test_accepted_encodings_are_detected(
    tmp_path: Path, data: bytes, encoding: TextEncoding
) -> None:
    facts = inspect_file(write(tmp_path, data))
    assert facts.encoding is encoding
    assert facts.refusal is None
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
    assert facts.lines == data.count(b"\n")
    assert write(tmp_path, data).read_bytes().decode(encoding.value).endswith("\n")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_refused_and_named(tmp_path: Path, codec: str) -> None:
    facts = inspect_file(write(tmp_path, TEXT.encode(codec)))
    assert facts.encoding is None
    assert facts.refusal is not None
    message = facts.refusal.message
    assert "UTF-16" in message or "UTF-32" in message or "octets nuls" in message
    assert "CSV UTF-8" in message


def test_bytes_undefined_in_windows_1252_are_refused_with_their_line(tmp_path: Path) -> None:
    data = b"a;b\n1;2\n3;\x81\x8d\n"  # neither valid UTF-8 nor defined in Windows-1252
    facts = inspect_file(write(tmp_path, data))
    assert facts.encoding is None and facts.refusal is not None
    assert facts.refusal.line == 3
    assert "ni UTF-8 ni Windows-1252" in facts.refusal.message
    assert "0x81" in facts.refusal.message


def test_a_file_mixing_utf8_and_another_encoding_is_refused(tmp_path: Path) -> None:
    data = "é;b\n".encode() + "è;c\n".encode("cp1252")
    facts = inspect_file(write(tmp_path, data))
    assert facts.encoding is None and facts.refusal is not None
    assert "encodage mixte" in facts.refusal.message
    assert facts.refusal.line == 2


def test_a_windows_1252_line_then_a_utf8_line_is_refused_naming_the_utf8_line(
    tmp_path: Path,
) -> None:
    data = (
        "N° facture;Raison sociale\n".encode("cp1252")
        + "F-1;Société Été\n".encode("cp1252")
        + b"F-2;Dupont\n"
        + "F-3;Société Été\n".encode()
    )
    facts = inspect_file(write(tmp_path, data))
    assert facts.encoding is None and facts.refusal is not None
    assert facts.refusal.line == 4
    assert "encodage mixte" in facts.refusal.message


def test_a_utf8_line_in_a_big_windows_1252_file_is_found_across_chunks(tmp_path: Path) -> None:
    filler = "F-1;Société Générale;1 234,56\n".encode("cp1252") * 100_000  # > one chunk
    data = filler + "F-2;Société Été\n".encode()
    facts = inspect_file(write(tmp_path, data))
    assert facts.refusal is not None and facts.refusal.line == 100_001
    assert "encodage mixte" in facts.refusal.message


def test_windows_1252_letters_that_look_like_utf8_bytes_on_a_line_with_others_are_kept(
    tmp_path: Path,
) -> None:
    # « É » then « ¹ » is the UTF-8 of « ɹ », but the line's « é » is not UTF-8: one encoding.
    data = "F-1;SOCIÉ¹TÉ;été\n".encode("cp1252")
    facts = inspect_file(write(tmp_path, data))
    assert facts.encoding is TextEncoding.CP1252, facts.refusal


@pytest.mark.parametrize(
    ("data", "flagged"),
    [
        (b"F-1;Dupont\x1b[2J\n", True),
        ("F-1;Dupont\x85\n".encode(), True),  # C1 in UTF-8
        ("F-1;Â…;été\n".encode("cp1252"), False),  # C2 85 is « Â… » in Windows-1252
        (b"F-1;Du\tpont\r\n", False),
    ],
)
def test_control_characters_are_flagged_for_a_check_cell_by_cell(
    tmp_path: Path, data: bytes, flagged: bool
) -> None:
    assert inspect_file(write(tmp_path, data)).control_characters is flagged
