"""QR code modules for a byte payload, error level M, mask 2: segno's exact output, faster.

Why: ``segno.make_qr(data, error="m", boost_error=False, mask=2)`` spends about 4 ms per
code on a loaded core (pure Python, bit by bit: Reed-Solomon 45 %, codeword placement 25 %,
masking 20 %), a sixth of the cost of a formal notice. Everything in a QR symbol except the
codewords depends only on the version, so it is computed once per version with segno's own
functions and cached (the function patterns, the format and version information, the order
in which data modules are filled and the mask over them); per code only the codewords are
computed: the bit stream as one integer, Reed-Solomon with one table lookup per byte.

The result is the same matrix, module for module, as segno's (ISO/IEC 18004:2015 §7.4-7.10,
including segno's choice of the smallest version and its padding); a unit test compares both
on many payloads, and the letters' tests decode the printed code with zbarimg.
"""

from __future__ import annotations

from functools import cache
from itertools import zip_longest
from typing import Any

import segno.consts
import segno.encoder

from recouvre.adapters.errors import AdapterError

# segno is untyped; only its tables and its per-version builders are used here.
consts: Any = segno.consts
_segno: Any = segno.encoder

ERROR_LEVEL = consts.ERROR_LEVEL_M
MASK = 2
_MODE_BYTE_INDICATOR = 0b0100
_PAD_CODEWORDS = (0xEC, 0x11)


class PayloadTooLong(AdapterError):
    """The payload does not fit in a QR code (version 40, level M)."""


def qr_modules(data: bytes) -> tuple[bytes, ...]:
    """The rows of the symbol (1 dark, 0 light, no quiet zone) encoding ``data`` in byte mode."""
    version = _version_for(len(data))
    codewords = _data_codewords(data, version)
    stream = _with_error_correction(codewords, version)
    size, template, positions, mask = _layout(version)
    bits = int.from_bytes(stream, "big") << (len(positions) - 8 * len(stream))
    flat = bytearray(template)
    for position, bit in zip(positions, format(bits ^ mask, f"0{len(positions)}b"), strict=True):
        if bit == "1":
            flat[position] = 1
    return tuple(bytes(flat[row : row + size]) for row in range(0, size * size, size))


def _version_for(length: int) -> int:
    """The smallest version whose level-M capacity holds the byte segment (as segno does)."""
    for version in range(1, 41):
        needed = 4 + _count_bits(version) + 8 * length
        if consts.SYMBOL_CAPACITY[version][ERROR_LEVEL] >= needed:
            return version
    raise PayloadTooLong(f"données trop longues pour un QR code ({length} octets)")


def _count_bits(version: int) -> int:
    return int(consts.CHAR_COUNT_INDICATOR_LENGTH[consts.MODE_BYTE][_segno.version_range(version)])


def _data_codewords(data: bytes, version: int) -> bytes:
    """Mode, count, data, terminator, zero bits to the byte, pad codewords (§7.4.9-7.4.10).

    Like segno, a whole zero byte is added when the stream already ends on a byte boundary;
    anything beyond the capacity is cut."""
    capacity = int(consts.SYMBOL_CAPACITY[version][ERROR_LEVEL])
    count_bits = _count_bits(version)
    value = (_MODE_BYTE_INDICATOR << count_bits | len(data)) << 8 * len(data)
    value |= int.from_bytes(data, "big")
    length = 4 + count_bits + 8 * len(data)
    terminator = min(capacity - length, 4)
    length += terminator
    padding = 8 - length % 8
    length += padding
    stream = (value << (terminator + padding)).to_bytes(length // 8, "big")
    pads = bytes(_PAD_CODEWORDS[i % 2] for i in range(max(capacity // 8 - length // 8, 0)))
    return (stream + pads)[: capacity // 8]


def _with_error_correction(codewords: bytes, version: int) -> bytes:
    """Split into blocks, add each block's Reed-Solomon codewords, interleave (§7.5-7.6)."""
    data_blocks: list[bytes] = []
    error_blocks: list[bytes] = []
    start = 0
    for info in consts.ECC[version][ERROR_LEVEL]:
        ec_length = info.num_total - info.num_data
        for _ in range(info.num_blocks):
            block = codewords[start : start + info.num_data]
            start += info.num_data
            data_blocks.append(block)
            error_blocks.append(_reed_solomon(block, ec_length))
    out = bytearray()
    for column in zip_longest(*data_blocks):
        out.extend(b for b in column if b is not None)
    for column in zip_longest(*error_blocks):
        out.extend(b for b in column if b is not None)
    return bytes(out)


def _reed_solomon(block: bytes, ec_length: int) -> bytes:
    """Remainder of the block by the generator polynomial, as a shift register over an int."""
    table = _generator_table(ec_length)
    shift = 8 * (ec_length - 1)
    keep = (1 << 8 * ec_length) - 1
    remainder = 0
    for byte in block:
        factor = byte ^ (remainder >> shift)
        remainder = ((remainder << 8) & keep) ^ table[factor]
    return remainder.to_bytes(ec_length, "big")


@cache
def _generator_table(ec_length: int) -> tuple[int, ...]:
    """For each byte f, the generator polynomial times f in GF(256), packed in an int."""
    gen = consts.GEN_POLY[ec_length]
    log, exp = consts.GALIOS_LOG, consts.GALIOS_EXP
    rows = [0]
    for factor in range(1, 256):
        products = bytes(exp[log[factor] + g] for g in gen)
        rows.append(int.from_bytes(products, "big"))
    return tuple(rows)


@cache
def _layout(version: int) -> tuple[int, bytes, tuple[int, ...], int]:
    """Per version: size, the matrix without data (flat, row-major), the data modules' flat
    positions in filling order (§7.7.3) and mask 2 over them as an int (first module = MSB)."""
    size = int(_segno.calc_matrix_size(version))
    matrix = _segno.make_matrix(size, size)
    _segno.add_finder_patterns(matrix, size, size)
    _segno.add_alignment_patterns(matrix, size, size)
    mask_function = _segno.get_data_mask_functions(False)[MASK]
    positions: list[int] = []
    mask = 0
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1  # the vertical timing pattern
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = size - 1 - vertical if upwards else vertical
                if matrix[i][j] == 0x2:
                    matrix[i][j] = 0
                    positions.append(i * size + j)
                    mask = mask << 1 | (1 if mask_function(i, j) else 0)
    _segno.add_format_info(matrix, version, ERROR_LEVEL, MASK)
    _segno.add_version_info(matrix, version)
    template = b"".join(bytes(row) for row in matrix)
    return size, template, tuple(positions), mask
