"""Lifecycle statuses of the French e-invoicing reform (« statuts du cycle de vie »).

From 1 September 2026 invoices between VAT-registered businesses travel through registered
platforms (plateformes agréées; CGI art. 289 bis, ordonnance 2021-1190), which exchange the
invoice's lifecycle statuses (CDAR messages, « flux 6 »). Four are mandatory (Déposée, Rejetée,
Refusée, Encaissée); the others are optional. For collection they say what the buyer thinks of
the invoice, and some must stop the pressure at once: a creditor must not press a debtor on a
contested claim (C. conso L121-6, C. pén. 222-16), nor claim an invoice the platform rejected
(it does not exist as sent) or the buyer refused (a credit note or a new invoice is needed).

``EFFECTS`` is the one table of what each code does to collection (the reference is
docs/einvoicing.md); a code it does not name is only recorded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


class StatusEffect(enum.StrEnum):
    """What a status does to the collection of its invoice."""

    RECORD = "record"  # journaled, nothing changes (200-205)
    PARTIAL = "partial"  # 206: only the approved amount is claimed, a dispute on the rest
    DISPUTE = "dispute"  # 207: a dispute is opened, every contact frozen
    SUSPEND = "suspend"  # 208: collection paused until the buyer's file is complete
    RESUME = "resume"  # 209: collection resumes after 207/208
    STOP = "stop"  # 210, 213: the invoice is no longer collected
    HOLD = "hold"  # 211: the buyer says it paid: reminders held for some days
    PAID = "paid"  # 212: the invoice is settled


@dataclass(frozen=True, slots=True)
class StatusCode:
    code: int
    label: str  # the French name the platforms use
    effect: StatusEffect


_CODES = (
    StatusCode(200, "Déposée", StatusEffect.RECORD),
    StatusCode(201, "Émise", StatusEffect.RECORD),
    StatusCode(202, "Reçue par la plateforme", StatusEffect.RECORD),
    StatusCode(203, "Mise à disposition", StatusEffect.RECORD),
    StatusCode(204, "Prise en charge", StatusEffect.RECORD),
    StatusCode(205, "Approuvée", StatusEffect.RECORD),
    StatusCode(206, "Approuvée partiellement", StatusEffect.PARTIAL),
    StatusCode(207, "En litige", StatusEffect.DISPUTE),
    StatusCode(208, "Suspendue", StatusEffect.SUSPEND),
    StatusCode(209, "Complétée", StatusEffect.RESUME),
    StatusCode(210, "Refusée", StatusEffect.STOP),
    StatusCode(211, "Paiement transmis", StatusEffect.HOLD),
    StatusCode(212, "Encaissée", StatusEffect.PAID),
    StatusCode(213, "Rejetée", StatusEffect.STOP),
)
CODES: dict[int, StatusCode] = {c.code: c for c in _CODES}

PAID_CODE = 212
HOLDING_CODES = frozenset({207, 208})  # the statuses that keep a case waiting for a 209

# 211 « Paiement transmis »: a SEPA credit transfer reaches the payee's bank the next business
# day (C. mon. fin. L133-13); a week also covers a weekend, a public holiday and the time for the
# creditor's statement to be imported into recouvre, after which the payment is matched.
DEFAULT_PAYMENT_SENT_HOLD_DAYS = 7


@dataclass(frozen=True, slots=True)
class LifecycleStatus:
    """One status of one invoice, as a platform gave it (a CDAR message, a CSV or JSON export).

    ``siren`` is either party's SIREN (the seller's in a CDAR message, often the buyer's in an
    export); ``approved`` and ``disputed`` are the amounts of a 206 when the file gives them;
    ``line`` is where the status stands in ``source`` (an XML element's line, a CSV line, a
    JSON entry's rank)."""

    invoice_number: str
    siren: str | None
    code: int
    on: date
    source: str
    line: int
    approved: Decimal | None = None
    disputed: Decimal | None = None
    reason: str = ""
    message_id: str = ""
    where: str = ""  # « ligne 12 », « entrée 3 »: what an error message says

    @property
    def label(self) -> str:
        known = CODES.get(self.code)
        return known.label if known is not None else f"statut {self.code}"

    @property
    def effect(self) -> StatusEffect:
        known = CODES.get(self.code)
        return known.effect if known is not None else StatusEffect.RECORD

    @property
    def key(self) -> str:
        """What makes two statuses the same fact: the same file imported again adds nothing."""
        amounts = f"{self.approved}|{self.disputed}"
        return f"{self.invoice_number}|{self.siren or ''}|{self.code}|{self.on}|{amounts}"
