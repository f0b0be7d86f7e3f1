"""Which text encoding a CSV file is in: UTF-8 (with or without BOM) or Windows-1252, else refused.

French spreadsheets export CSV either as "CSV UTF-8" (often with a byte-order mark) or as plain
"CSV" in Windows-1252. Anything else (UTF-16, as "Unicode text" exports write it, or a mix of
encodings) is refused with a French message saying which encoding was seen and how to re-save.

The file is read once, in chunks, in bounded memory: the same pass computes its SHA-256 (the
import batch is journaled with it) and counts its lines (the progress bar's total).
"""

from __future__ import annotations

import codecs
import enum
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from recouvre.adapters.importers.limits import CONTROL_C1_UTF8_BYTES, has_c0_bytes
from recouvre.services.imports.invoices import ImportIssue

CHUNK = 1 << 20

# Bytes that Windows-1252 leaves undefined: a file holding them is in neither accepted encoding.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")

# A multi-byte UTF-8 sequence: in a Windows-1252 file, the mark of a line written in UTF-8
# (« Ã© » for « é »); the line is then decoded to make sure.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MAX_CARRY = 1 << 22  # the part of a line carried to the next chunk, when looking for UTF-8

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)

_RESAVE = "enregistrez-le au format « CSV UTF-8 » ou « CSV (séparateur : point-virgule) »"


class TextEncoding(enum.StrEnum):
    """The encodings accepted, by their Python codec name."""

    UTF8 = "utf-8"
    UTF8_BOM = "utf-8-sig"
    CP1252 = "cp1252"

    @property
    def label(self) -> str:
        match self:
            case TextEncoding.UTF8:
                return "UTF-8"
            case TextEncoding.UTF8_BOM:
                return "UTF-8 avec BOM"
            case TextEncoding.CP1252:
                return "Windows-1252"


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What one pass over the bytes tells: encoding (or why refused), digest, size, lines."""

    encoding: TextEncoding | None
    sha256: str
    size: int
    lines: int
    refusal: ImportIssue | None = None
    control_characters: bool = False  # somewhere in the file: the rows are checked cell by cell


def utf8_line(region: bytes, first_line: int) -> int | None:
    """The number of the first line of ``region`` (which starts at line ``first_line``) that is
    valid UTF-8 and not plain ASCII, or ``None``."""
    position = 0
    while (found := _UTF8_SEQUENCE.search(region, position)) is not None:
        start = region.rfind(b"\n", 0, found.start()) + 1
        end = region.find(b"\n", found.end())
        end = len(region) if end < 0 else end
        try:
            region[start:end].decode("utf-8")
        except UnicodeDecodeError:
            position = end + 1
            continue
        return first_line + region.count(b"\n", 0, start)
    return None


class _Scan:
    """What the chunks of a file told so far (``inspect_file``): the UTF-8 decoding and where it
    broke, the first undefined Windows-1252 byte, NUL bytes, control characters, in a file not
    in UTF-8 the first line that is, the digest, size and line count."""

    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        self.utf8_ok = True
        self.non_ascii_utf8 = False  # whole lines in UTF-8 with other letters than ASCII
        self.utf8_bad_line: int | None = None
        self.cp1252_bad: tuple[int, int] | None = None  # (line, byte)
        self.nul_line: int | None = None
        self.utf8_from: int | None = None  # in a file not in UTF-8, the first line that is
        self.c0 = self.c1 = False  # control characters seen (C1 only counts in UTF-8)
        self.carry = b""  # the end of the last chunk, after its last line feed
        self.lines = self.size = 0

    def count(self, chunk: bytes) -> None:
        self.digest.update(chunk)
        self.size += len(chunk)

    def feed(self, chunk: bytes) -> None:
        self.count(chunk)
        lines = self.lines
        if self.nul_line is None and b"\x00" in chunk:
            self.nul_line = lines + chunk.count(b"\n", 0, chunk.index(b"\x00")) + 1
        if self.utf8_ok:
            try:
                text = self.utf8.decode(chunk)
                self.non_ascii_utf8 = self.non_ascii_utf8 or not text.isascii()
            except UnicodeDecodeError as exc:
                self.utf8_ok = False
                bad = max(exc.start, 0)
                # Only whole lines before the bad one count: a Windows-1252 line may hold a
                # pair of letters that happen to be UTF-8 (« É¹ »).
                line_start = chunk.rfind(b"\n", 0, bad) + 1
                self.non_ascii_utf8 = self.non_ascii_utf8 or not chunk[:line_start].isascii()
                self.utf8_bad_line = lines + chunk.count(b"\n", 0, bad) + 1
        if self.cp1252_bad is None and (found := _CP1252_UNDEFINED.search(chunk)) is not None:
            i = found.start()
            self.cp1252_bad = (lines + chunk.count(b"\n", 0, i) + 1, chunk[i])
        self.c0 = self.c0 or has_c0_bytes(chunk)
        self.c1 = self.c1 or CONTROL_C1_UTF8_BYTES.search(chunk) is not None
        cut = chunk.rfind(b"\n") + 1
        if not self.utf8_ok and self.utf8_from is None:  # Windows-1252 so far: a UTF-8 line?
            self.utf8_from = utf8_line(self.carry + chunk[:cut], lines + 1)
        self.carry = chunk[cut:] if cut else self.carry + chunk
        if len(self.carry) > _MAX_CARRY:
            self.carry = b""
        self.lines += chunk.count(b"\n")

    def finish(self) -> None:
        if self.utf8_ok:
            try:
                self.utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8_ok = False
                self.utf8_bad_line = self.lines + 1
        if not self.utf8_ok and self.utf8_from is None and self.carry:
            self.utf8_from = utf8_line(self.carry, self.lines + 1)


def inspect_file(path: Path) -> FileFacts:
    """Detect the encoding of ``path`` and compute its SHA-256 and line count in one pass."""
    scan = _Scan()
    bom: str | None = None
    with path.open("rb") as stream:
        chunk = stream.read(CHUNK)
        bom = next((name for mark, name in _BOMS if chunk.startswith(mark)), None)
        if bom is not None:  # refused: only the digest of the file is still wanted
            while chunk:
                scan.count(chunk)
                chunk = stream.read(CHUNK)
        else:
            while chunk:
                scan.feed(chunk)
                chunk = stream.read(CHUNK)
            scan.finish()
    sha, size, lines = scan.digest.hexdigest(), scan.size, scan.lines

    def refused(line: int | None, message: str) -> FileFacts:
        return FileFacts(None, sha, size, lines, ImportIssue(line, None, message))

    if bom is not None:
        return refused(None, f"encodage {bom} non accepté : {_RESAVE}")
    if scan.nul_line is not None:
        return refused(
            scan.nul_line,
            "encodage non reconnu (octets nuls : UTF-16 sans BOM ou fichier binaire ?) : "
            + _RESAVE,
        )
    if scan.utf8_ok:
        with path.open("rb") as stream:
            has_bom = stream.read(3) == codecs.BOM_UTF8
        encoding = TextEncoding.UTF8_BOM if has_bom else TextEncoding.UTF8
        return FileFacts(encoding, sha, size, lines, None, scan.c0 or scan.c1)
    if scan.non_ascii_utf8:
        return refused(
            scan.utf8_bad_line,
            "encodage mixte : le fichier commence en UTF-8 puis contient des octets qui n'en "
            f"sont pas ; {_RESAVE}",
        )
    if scan.cp1252_bad is not None:
        line, byte = scan.cp1252_bad
        return refused(
            line,
            f"encodage non reconnu : ni UTF-8 ni Windows-1252 (octet 0x{byte:02X}) ; {_RESAVE}",
        )
    if scan.utf8_from is not None:
        return refused(
            scan.utf8_from,
            "encodage mixte : le fichier est en Windows-1252 jusqu'ici, cette ligne est en UTF-8 ; "
            + _RESAVE,
        )
    return FileFacts(TextEncoding.CP1252, sha, size, lines, None, scan.c0)
