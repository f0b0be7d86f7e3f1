"""A spreadsheet checked before python-calamine opens it: sizes, compression ratios, the extent
of each worksheet (bounds in ``importers.limits``).

Why: XLSX, XLSM, XLSB and ODS files are zip archives, and python-calamine unzips and parses a
whole sheet into memory. A 5.8 MB file holding 1.5 GB of sheet XML took more than 4 GB; a 1 KB
sheet with one cell written at XFD1048576 makes calamine ask for a 16 384 × 1 048 576
rectangle (512 GiB) and abort the process from native code, which no ``except`` catches. So the
archive's central directory is read first (``zipfile``: the sizes it declares; calamine's zip
reader refuses a member that unzips to more than its declared size), then the cell references
of each XLSX worksheet are scanned, streamed, for the rectangle they span.

The scan is cheap in the usual case: one regular-expression search over the sheet tells whether
any reference has two letters or more, or a row number of seven digits or more; only then are
the references read one by one to find the exact extent (about 1 s for 1.4 million cells).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from recouvre.adapters.importers.limits import (
    MAX_MEMBER_RATIO,
    MAX_SHEET_CELLS,
    MAX_SPREADSHEET_BYTES,
    MAX_ZIP_MEMBERS,
    RATIO_FREE_BYTES,
    mib,
)

CHUNK = 1 << 20
WORKSHEETS = re.compile(r"xl/worksheets/[^/]+\.xml")
# Row numbers below 1 000 000 in one-letter columns span at most 26 million cells.
_WIDE_OR_LONG = re.compile(rb' r="(?:[A-Z]{2,}[0-9]|[A-Z]{0,3}[0-9]{7})')
_REFERENCE = re.compile(rb' r="([A-Z]{0,3})([0-9]{1,9})"')
_TOO_BIG = "le classeur dépasse les limites d'import"
_ADVICE = "enregistrez la feuille au format « CSV UTF-8 », lu sans limite de taille"


def archive_error(path: Path) -> str | None:
    """Why the spreadsheet at ``path`` cannot be read safely (French), or ``None``."""
    size = path.stat().st_size
    if size > MAX_SPREADSHEET_BYTES:
        limit = mib(MAX_SPREADSHEET_BYTES)
        return f"{_TOO_BIG} : fichier de {mib(size)} ({limit} au plus) ; {_ADVICE}"
    if not zipfile.is_zipfile(path):
        return None  # XLS (OLE2) or not a workbook at all: calamine says which
    try:
        with zipfile.ZipFile(path) as archive:
            return _members_error(archive) or _extent_error(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        return f"classeur illisible : archive zip endommagée ({exc})"


def _members_error(archive: zipfile.ZipFile) -> str | None:
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        return f"{_TOO_BIG} : {len(members)} éléments dans l'archive ({MAX_ZIP_MEMBERS} au plus)"
    total = sum(m.file_size for m in members)
    if total > MAX_SPREADSHEET_BYTES:
        return (
            f"{_TOO_BIG} : {mib(total)} une fois décompressé ({mib(MAX_SPREADSHEET_BYTES)} au "
            f"plus) ; {_ADVICE}"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FREE_BYTES and ratio > MAX_MEMBER_RATIO:
            return (
                f"{_TOO_BIG} : « {member.filename} » se décompresse {ratio:.0f} fois "
                f"({mib(member.compress_size)} → {mib(member.file_size)} ; {MAX_MEMBER_RATIO} "
                "fois au plus) : bombe de décompression ?"
            )
    return None


def _extent_error(archive: zipfile.ZipFile) -> str | None:
    for name in archive.namelist():
        if WORKSHEETS.fullmatch(name) is None:
            continue
        if _spans_few_cells(archive, name):
            continue
        rows, columns = sheet_extent(archive, name)
        if rows * columns > MAX_SHEET_CELLS:
            return (
                f"{_TOO_BIG} : la feuille « {name} » s'étend sur {rows} lignes × {columns} "
                f"colonnes ({MAX_SHEET_CELLS} cellules au plus : une cellule isolée très loin, "
                "comme XFD1048576, suffit à l'étendre)"
            )
    return None


def _spans_few_cells(archive: zipfile.ZipFile, name: str) -> bool:
    """Whether every reference of the sheet is in columns A-Z and rows below 1 000 000."""
    carry = b""
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            data = carry + chunk
            if _WIDE_OR_LONG.search(data) is not None:
                return False
            carry = data[-32:]
    return True


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"Z"`` -> 26, ``b"AA"`` -> 27, ``b"XFD"`` -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def sheet_extent(archive: zipfile.ZipFile, name: str) -> tuple[int, int]:
    """The highest row and column numbers referenced in a worksheet (streamed)."""
    rows = columns = 1
    carry = b""
    with archive.open(name) as stream:
        while chunk := stream.read(CHUNK):
            data = carry + chunk
            cut = data.rfind(b">") + 1
            letters: set[bytes] = set()
            numbers: set[bytes] = set()
            for found in _REFERENCE.finditer(data, 0, cut):
                letters.add(found.group(1))
                numbers.add(found.group(2))
            carry = data[cut:]
            if numbers:
                rows = max(rows, *map(int, numbers))
            if letters:
                columns = max(columns, *map(column_number, letters))
    return rows, columns
