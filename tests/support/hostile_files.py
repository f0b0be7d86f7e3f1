"""Hostile spreadsheets built at run time (never committed as binaries): a workbook whose sheet
XML is rewritten or inflated after openpyxl wrote it, a zip whose directory lies about sizes."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
HEADER = ["N° facture", "Date de facture", "Échéance", "Montant TTC", "Raison sociale", "SIREN"]
ROW = ["F-1", date(2024, 3, 15), date(2024, 4, 14), 10.0, "Dupont", "732829320"]


def workbook(path: Path, rows: list[list[object]] | None = None) -> Path:
    """A small valid invoice workbook."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows if rows is not None else [ROW]:
        sheet.append(row)
    book.save(path)
    return path


def rewrite_member(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one member of a zip archive (the sheet XML, usually) in place."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return path


def inflated(path: Path, megabytes: int, *, distinct: bool = False) -> Path:
    """A workbook whose sheet holds ``megabytes`` MiB of row XML (a zip bomb: it compresses
    about 400 times when the rows repeat); written streamed, never held in memory."""
    base = workbook(path.with_suffix(".base.xlsx"))
    with zipfile.ZipFile(base) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    head, tail = dict(members)[SHEET].split(b"</sheetData>")
    cell = b'<c t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name, data in members:
            if name != SHEET:
                target.writestr(name, data)
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(head)
            row = 3
            for _ in range(megabytes):
                block = []
                for _ in range(1000):
                    number = str(row).encode() if distinct else b"3"
                    block.append(b'<row r="' + number + b'">' + cell + b"</row>")
                    row += 1
                sheet.write(b"".join(block))
            sheet.write(b"</sheetData>" + tail)
    base.unlink()
    return path


def lying_sizes(path: Path, name: str, declared: int) -> Path:
    """Patch the central directory so that member ``name`` declares ``declared`` bytes."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name.encode():
            struct.pack_into("<I", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def far_cell(path: Path, reference: str = "XFD1048576") -> Path:
    """A tiny workbook with one more cell at ``reference``: python-calamine allocates the whole
    rectangle up to it (32 bytes a cell: 512 GiB for XFD1048576) and aborts the process."""
    row = "".join(c for c in reference if c.isdigit())
    extra = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'
    return rewrite_member(
        workbook(path),
        SHEET,
        lambda xml: xml.replace(b"</sheetData>", extra.encode() + b"</sheetData>"),
    )


def with_entities(path: Path) -> Path:
    """A workbook whose sheet declares XML entities (a « billion laughs » in miniature)."""
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "AAAAAAAAAA">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )

    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return doctype + body.replace(b"Dupont", b"&b;")

    return rewrite_member(workbook(path), SHEET, change)
