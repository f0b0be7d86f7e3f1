"""SMS texts and their cost: GSM-7 versus UCS-2 segments, counted before sending.

3GPP TS 23.038: a text made only of the GSM 7-bit default alphabet (plus its extension table,
whose characters cost two septets: ``€ [ ] { } \\ ^ ~ |`` and form feed) fits 160 septets in one
SMS, 153 per part when concatenated (the user-data header takes 7). Any other character (``ç``
lower-case, ``ê``, ``œ``, a no-break space, an emoji) switches the whole message to UCS-2: 70
UTF-16 units in one SMS, 67 per part. A part never splits an escape pair or a surrogate pair.

French amounts from Babel carry U+202F and U+00A0: ``to_gsm7`` replaces such typography with its
GSM-7 look-alike so that a French reminder stays in GSM-7.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from recouvre.letters.document import Document, DocumentKind, Paragraph
from recouvre.letters.formatting import eur, long_date, short_date
from recouvre.letters.provisional import provisional_sms
from recouvre.letters.sections import claimed_invoices, make_document, pay_by
from recouvre.letters.view_model import LetterContext
from recouvre.letters.wording import Wording

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

_TYPOGRAPHY = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2019": "'",
        "\u2018": "'",
        "«": '"',
        "»": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
    }
)


class SmsEncoding(enum.StrEnum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


@dataclass(frozen=True, slots=True)
class SmsSegments:
    """How a text travels: ``units`` are septets (GSM-7) or UTF-16 units (UCS-2)."""

    encoding: SmsEncoding
    units: int
    segments: int


# Units in a single SMS, and in each part of a concatenated one (the user data header takes
# the difference): 3GPP TS 23.038 and 23.040.
_LIMITS: dict[SmsEncoding, tuple[int, int]] = {
    SmsEncoding.GSM7: (160, 153),
    SmsEncoding.UCS2: (70, 67),
}


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def to_gsm7(text: str) -> str:
    """Replace typographic characters (no-break spaces, curly quotes, dashes) by GSM-7 ones.
    Letters are kept: a ``ç`` still makes the message UCS-2, as it should."""
    return text.translate(_TYPOGRAPHY)


def count_segments(text: str) -> SmsSegments:
    """Encoding, size and number of SMS parts of ``text`` (0 parts for an empty text)."""
    if is_gsm7(text):
        sizes = [2 if c in GSM7_EXTENSION else 1 for c in text]
        return SmsSegments(SmsEncoding.GSM7, sum(sizes), _parts(sizes, *_LIMITS[SmsEncoding.GSM7]))
    sizes = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return SmsSegments(SmsEncoding.UCS2, sum(sizes), _parts(sizes, *_LIMITS[SmsEncoding.UCS2]))


def _parts(sizes: list[int], single: int, part: int) -> int:
    """Pack characters (each of 1 or 2 units, never split) into parts of ``part`` units."""
    total = sum(sizes)
    if total == 0:
        return 0
    if total <= single:
        return 1
    parts, used = 1, 0
    for size in sizes:
        if used + size > part:
            parts += 1
            used = 0
        used += size
    return parts


def reminder_sms(ctx: LetterContext, w: Wording) -> Document:
    """A short reminder: sender, invoice, amount, due date, pay-by date, reference; for an
    agency, the first letter's reference and date (CPCE R124-4, last paragraph). Time-barred
    invoices are not named: the amount asked does not include them (``claimed_invoices``)."""
    lang = ctx.language
    named = claimed_invoices(ctx)
    oldest = min((inv.due_date for inv in named), default=ctx.on)
    numbers = ", ".join(inv.number for inv in named)
    text = w.sms_reminder.format(
        sender=ctx.sender.name,
        invoices=(w.invoice_one if len(named) == 1 else w.invoice_many).format(numbers=numbers),
        amount=eur(ctx.totals.total, lang),
        due=short_date(oldest, lang),
        date=short_date(pay_by(ctx), lang),
        ref=ctx.reference,
    )
    text += provisional_sms(ctx)  # never a provisional amount claimed as final
    if ctx.first_letter is not None:
        text += w.sms_first_letter.format(
            ref=ctx.first_letter.reference, date=short_date(ctx.first_letter.sent_on, lang)
        )
    if ctx.contact_line:
        text += w.sms_contact.format(contact=ctx.contact_line)
    subject = long_date(ctx.on, lang)
    return make_document(DocumentKind.SMS, ctx, subject, (Paragraph(to_gsm7(text)),))


def sms_text(document: Document) -> str:
    """The text an SMS gateway sends for an SMS document."""
    return "\n".join(b.text for b in document.blocks if isinstance(b, Paragraph))
