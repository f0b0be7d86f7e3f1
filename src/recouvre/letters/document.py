"""A document as structured blocks: what it says, in order, with no layout.

The PDF renderer (``recouvre.adapters.pdf``), the email adapter (text and HTML parts) and the
SMS gateway all consume the same ``Document``; the mentions checker reads ``Document.text()``,
so what is checked is exactly what is sent.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.letters.view_model import Language, PartyView


class DocumentKind(enum.StrEnum):
    """Every kind of document the amicable phase produces (docs/glossary.md)."""

    REMINDER_EMAIL = "reminder_email"  # relance courtoise par courriel
    REMINDER_LETTER = "reminder_letter"  # lettre de relance
    SECOND_REMINDER = "second_reminder"  # deuxième relance
    FORMAL_NOTICE = "formal_notice"  # mise en demeure (LRAR)
    PAYMENT_PLAN = "payment_plan"  # accord d'échéancier
    RECEIPT = "receipt"  # quittance (CPCE R124-6)
    SMS = "sms"
    CALL_SCRIPT = "call_script"  # script d'appel pour l'agent

    @property
    def is_reminder(self) -> bool:
        """Documents that ask for payment of invoices (the L441-10 mentions apply)."""
        return self in _REMINDERS

    @property
    def is_printable(self) -> bool:
        """Documents rendered as a PDF (posted or attached)."""
        return self not in (DocumentKind.SMS, DocumentKind.CALL_SCRIPT)


_REMINDERS = frozenset(
    {
        DocumentKind.REMINDER_EMAIL,
        DocumentKind.REMINDER_LETTER,
        DocumentKind.SECOND_REMINDER,
        DocumentKind.FORMAL_NOTICE,
    }
)


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    strong: bool = False
    small: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row, body rows and closing total rows (label, value)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns (amounts, rates, days)
    totals: tuple[tuple[str, str], ...] = ()
    caption: str = ""


@dataclass(frozen=True, slots=True)
class EpcTransfer:
    """The data of an EPC (SEPA credit transfer) QR code: what the banking app pre-fills."""

    beneficiary: str
    iban: str
    bic: str | None
    amount: Decimal
    text: str
    # An ISO 11649 creditor reference goes in the structured field instead of ``text``.
    structured_reference: str = ""


@dataclass(frozen=True, slots=True)
class PaymentBlock:
    title: str
    lines: tuple[str, ...]
    transfer: EpcTransfer | None
    portal_url: str = ""  # the debtor portal's link, printed with its own QR code


@dataclass(frozen=True, slots=True)
class Quote:
    """A text reproduced verbatim (CPCE R124-4 5°: L111-8 al. 2 and 3)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Signature:
    closing: str
    name: str
    title: str


Block = Heading | Paragraph | Table | PaymentBlock | Quote | Signature


@dataclass(frozen=True, slots=True)
class Document:
    """One document ready to render or send. ``registered`` marks a registered letter with
    acknowledgement of receipt (LRAR); ``footer`` is the sender's legal line."""

    kind: DocumentKind
    language: Language
    issued_on: date
    reference: str
    subject: str
    date_line: str
    sender: PartyView
    recipient: PartyView
    blocks: tuple[Block, ...]
    registered: bool = False
    footer: str = ""
    sender_note: str = ""

    def text(self) -> str:
        """All the words the recipient gets, in reading order, one block per line (an SMS is
        its blocks only: no letterhead travels with it)."""
        if self.kind is DocumentKind.SMS:
            return "\n".join(block_text(b) for b in self.blocks)
        parts = [self.subject, self.date_line, *self.sender.postal_lines, self.sender_note]
        parts += list(self.recipient.postal_lines)
        parts += [block_text(b) for b in self.blocks]
        parts.append(self.footer)
        return "\n".join(p for p in parts if p)


def block_text(block: Block) -> str:
    """The words of one block, cells separated by `` | `` so that tables stay searchable."""
    match block:
        case Heading(text=text):
            return text
        case Paragraph(text=text):
            return text
        case Table():
            lines = [block.caption, " | ".join(block.header)]
            lines += [" | ".join(r) for r in block.rows]
            lines += [f"{label} | {value}" for label, value in block.totals]
            return "\n".join(line for line in lines if line)
        case PaymentBlock():
            return "\n".join((block.title, *block.lines))
        case Quote():
            return "\n".join((block.title, *block.paragraphs))
        case Signature():
            return "\n".join(p for p in (block.closing, block.name, block.title) if p)
