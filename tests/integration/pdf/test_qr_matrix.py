"""The fast QR matrix is segno's, module for module (mask 2, level M, byte mode)."""

from __future__ import annotations

import random

import pytest
import segno

from recouvre.adapters.pdf.qr import epc_payload
from recouvre.adapters.pdf.qr_matrix import MASK, PayloadTooLong, qr_modules
from recouvre.letters.content import build
from recouvre.letters.document import DocumentKind, PaymentBlock
from recouvre.letters.samples import sample_context


def segno_rows(data: bytes) -> tuple[bytes, ...]:
    code = segno.make_qr(data, error="m", boost_error=False, mask=MASK, mode="byte")
    return tuple(bytes(row) for row in code.matrix)


def test_same_matrix_as_segno_for_every_length_and_version() -> None:
    rnd = random.Random(20261123)
    lengths = [*range(0, 320), *(rnd.randint(320, 2331) for _ in range(12)), 2331]
    versions = set()
    for n in lengths:
        data = bytes(rnd.randrange(256) for _ in range(n))
        rows = qr_modules(data)
        assert rows == segno_rows(data), n
        versions.add(len(rows))
    assert len(versions) >= 20  # small and large symbols, with and without version info


def test_same_matrix_as_segno_for_epc_payloads() -> None:
    kind = DocumentKind.FORMAL_NOTICE
    for index in range(1, 25):
        for agency in (False, True):
            doc = build(kind, sample_context(kind, index=index, agency=agency))
            for block in doc.blocks:
                if isinstance(block, PaymentBlock) and block.transfer is not None:
                    data = epc_payload(block.transfer).encode("utf-8")
                    assert qr_modules(data) == tuple(
                        bytes(row)
                        for row in segno.make_qr(
                            data, error="m", mask=MASK, boost_error=False
                        ).matrix
                    )


def test_too_long_payload_is_refused() -> None:
    with pytest.raises(PayloadTooLong, match="trop longues"):
        qr_modules(b"x" * 2332)
    with pytest.raises(segno.DataOverflowError):
        segno_rows(b"x" * 2332)
