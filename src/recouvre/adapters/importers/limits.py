"""The bounds every imported file must keep (docs/import-format.md, « Limites »), on top of those
of every input file (``recouvre.input_limits``: the one amount ceiling and date range).

Why: an input file comes from an export that can be careless (a placeholder due date
31/12/9999, a total pasted as 10^26) or hostile (a 5 MB spreadsheet that unzips to 1.5 GB, a
terminal escape sequence in a debtor's name). Each bound below turns what would be a traceback,
a blow-up of memory or a garbled record into a French error naming the line and the column, and
the whole file is refused (nothing is written). The bounds are far above what a real export
holds:

- amounts: at most ``MAX_AMOUNT`` (9 999 999 999,99 €) per invoice, so that a million of them
  still add up within the 64-bit integer cents of the database;
- dates: from ``MIN_DATE`` to ``MAX_DATE`` (1900-01-01 to 2199-12-31): a year 1 or 9999 is a
  placeholder, never an invoice date, and the late-payment computations stay within
  ``datetime``;
- digits: ASCII only (``0-9``): Arabic-Indic or fullwidth digits are read by Python's ``int``
  and ``Decimal`` but are never how a French export writes a number;
- a cell: at most ``MAX_CELL_CHARS`` characters (Excel's own limit of 32 767); a CSV line at
  most ``MAX_LINE_CHARS``;
- text: no control character (C0 except tab, line feed and carriage return, DEL, C1, which
  includes the ESC of terminal sequences such as ``\\x1b[2J``): refused with line and column;
- spreadsheets: ``MAX_SPREADSHEET_BYTES`` on disk and unzipped, members unzipping more than
  ``MAX_MEMBER_RATIO`` times their size (beyond ``RATIO_FREE_BYTES``) refused, at most
  ``MAX_SHEET_CELLS`` cells spanned by a worksheet (python-calamine allocates the whole
  rectangle: a cell written at XFD1048576 alone asks for 512 GiB);
- a BODACC export: at most ``MAX_BODACC_BYTES`` (it is read whole).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from recouvre.input_limits import EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT

MAX_AMOUNT_FR = "9 999 999 999,99 €"
MAX_AMOUNT_DIGITS = 20  # digits written in an amount cell, leading zeros included
MIN_DATE = EARLIEST_DATE
MAX_DATE = LATEST_DATE
MAX_CELL_CHARS = 32_767
MAX_LINE_CHARS = 1 << 20
MAX_SPREADSHEET_BYTES = 512 << 20
MAX_MEMBER_RATIO = 100
RATIO_FREE_BYTES = 10 << 20
MAX_ZIP_MEMBERS = 10_000
MAX_SHEET_CELLS = 26_000_000  # columns A-Z by rows below 1 000 000
MAX_BODACC_BYTES = 128 << 20

# C0 controls other than tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same, as the bytes of a UTF-8 or Windows-1252 file: C0 and DEL in both; C1 exists only
# in UTF-8 (``\xc2\x80``..``\xc2\x9f``; in Windows-1252 those bytes are printable letters).
# NUL is left out: the encoding check refuses it first.
_C0_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NOT_C0_BYTES = bytes(b for b in range(256) if b not in _C0_BYTES)
CONTROL_C1_UTF8_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


def has_c0_bytes(data: bytes) -> bool:
    """Whether ``data`` holds a C0 control byte (tab, LF, CR and NUL aside) or DEL; ten times
    faster than a regular expression over a chunk of a file."""
    return bool(data.translate(None, _NOT_C0_BYTES))


def shown(text: str) -> str:
    """``text`` safe to print in a message: control characters written as ``\\x1b``."""
    if CONTROL_CHARACTER.search(text) is None:
        return text
    return CONTROL_CHARACTER.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def control_character_error(text: str) -> str | None:
    """Why ``text`` cannot be stored (its first control character), or ``None``."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    code = ord(found.group())
    return (
        f"caractère de contrôle U+{code:04X} interdit (position {found.start() + 1}) : "
        "séquence d'échappement de terminal ou caractère invisible"
    )


def has_foreign_digits(text: str) -> bool:
    """Whether ``text`` holds a digit other than ``0``-``9`` (Arabic-Indic, fullwidth...)."""
    return not text.isascii() and any(c.isdigit() and not c.isascii() for c in text)


def date_range_error(day: date) -> str | None:
    """Why ``day`` is not a plausible date of an invoice or a judgment, or ``None``."""
    if MIN_DATE <= day <= MAX_DATE:
        return None
    return (
        f"date hors limites {day.day:02d}/{day.month:02d}/{day.year:04d} : entre "
        f"{MIN_DATE:%d/%m/%Y} et {MAX_DATE:%d/%m/%Y} attendue (une date fictive comme "
        "31/12/9999 doit être remplacée par la vraie date)"
    )


def amount_range_error(amount: Decimal) -> str | None:
    """Why ``amount`` is out of bounds (above ``MAX_AMOUNT`` either way), or ``None``."""
    if -MAX_AMOUNT <= amount <= MAX_AMOUNT:
        return None
    return f"montant hors limites : au plus {MAX_AMOUNT_FR}"


def cell_size_error(length: int) -> str:
    return f"valeur trop longue ({length} caractères, {MAX_CELL_CHARS} au plus)"


def mib(size: int) -> str:
    """``536870912`` -> ``"512 Mio"``."""
    return f"{size / (1 << 20):.0f} Mio" if size >= 1 << 20 else f"{size} octets"
