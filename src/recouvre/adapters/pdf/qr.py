"""EPC QR code (European Payments Council « SEPA credit transfer » QR) that a banking app scans
to pre-fill the transfer: beneficiary, IBAN, BIC, amount, reference.

``segno.helpers.make_epc_qr`` is the reference: it builds the payload and enforces the EPC
limits, but does not validate the IBAN (python-stdnum does it first, so a typo in a creditor's
settings is refused with a French message instead of printing a code that pays nobody) and it
tries the eight QR masks, 80 % of its 9 ms (research: snippets/qr_timing.py). The fast path
builds the same payload (UTF-8, charset "1") and fixes the mask: any mask is a valid code; a
unit test checks that both give the same modules when given the same mask.
"""

from __future__ import annotations

import io
from decimal import Decimal

import segno
import segno.helpers

from recouvre.domain.identifiers import validate_bic, validate_iban
from recouvre.letters.document import EpcTransfer

EPC_NAME_MAX = 70
EPC_TEXT_MAX = 140
EPC_MAX_AMOUNT = Decimal("999999999.99")
FAST_MASK = 2


class InvalidTransfer(ValueError):
    """The payment block cannot be encoded as an EPC QR code (French message)."""


def epc_payload(transfer: EpcTransfer) -> str:
    """The text the QR code holds (EPC069-12 v2, UTF-8): what a scanner decodes."""
    iban = validate_iban(transfer.iban)
    bic = validate_bic(transfer.bic) if transfer.bic else ""
    if not Decimal("0.01") <= transfer.amount <= EPC_MAX_AMOUNT:
        raise InvalidTransfer(f"montant hors des limites du QR code EPC : {transfer.amount}")
    amount = f"EUR{transfer.amount:.2f}".rstrip("0").rstrip(".")  # as segno writes it
    name = transfer.beneficiary[:EPC_NAME_MAX]
    if not name:
        raise InvalidTransfer("bénéficiaire vide : QR code EPC impossible")
    lines = ["BCD", "002", "1", "SCT", bic, name, iban, amount, "", ""]
    if transfer.text:
        lines.append(transfer.text[:EPC_TEXT_MAX])
    return "\n".join(lines)


def epc_qr(transfer: EpcTransfer, *, mask: int | None = FAST_MASK) -> segno.QRCode:
    """The QR code; ``mask=None`` lets segno choose the best mask (slower)."""
    data = epc_payload(transfer).encode("utf-8")
    return segno.make_qr(data, error="m", boost_error=False, mask=mask)


def epc_qr_reference(transfer: EpcTransfer) -> segno.QRCode:
    """segno's own helper, for tests: same payload, automatic mask."""
    return segno.helpers.make_epc_qr(
        name=transfer.beneficiary[:EPC_NAME_MAX],
        iban=validate_iban(transfer.iban),
        amount=transfer.amount,
        text=transfer.text[:EPC_TEXT_MAX] or None,
        bic=validate_bic(transfer.bic) if transfer.bic else None,
        encoding="utf-8",
    )


def epc_svg(transfer: EpcTransfer) -> str:
    """The QR code as a standalone SVG document (vector: sharp at any print resolution).

    One path of horizontal runs of dark modules, written here rather than by segno's SVG
    writer: same drawing, a third of the time (it is on the path of every letter)."""
    qr = epc_qr(transfer)
    size = qr.symbol_size(border=0)[0]
    runs: list[str] = []
    for y, row in enumerate(qr.matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size}" height="{size}" shape-rendering="crispEdges">'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def epc_svg_segno(transfer: EpcTransfer) -> str:
    """segno's own SVG of the same code (reference for tests)."""
    out = io.BytesIO()
    epc_qr(transfer).save(out, kind="svg", border=0, xmldecl=True, svgns=True)
    return out.getvalue().decode()
