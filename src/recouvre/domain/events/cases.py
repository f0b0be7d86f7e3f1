"""Domain events: facts in the past tense, recorded by aggregates and kept in the journal.

Each event is a frozen dataclass with a stable ``kind`` (the journal's vocabulary, see
docs/glossary.md) and a ``payload()`` of JSON-ready scalars for the canonical serialisation.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

# Values ``asdict`` would return unchanged (or as an equal copy): no deep copy needed.
_SCALARS = (str, int, float, type(None), date, Decimal, enum.Enum)


@dataclass(frozen=True, slots=True)
class Event:
    kind: ClassVar[str] = "event"
    case_id: int | None
    on: date

    def payload(self) -> dict[str, Any]:
        """JSON-ready fields (dates ISO, amounts as two-decimal strings), case and date excluded.

        A shallow walk of the fields: ``asdict`` deep-copies every value, which costs when a
        whole import is journaled. A field holding something else than a scalar (a nested
        dataclass, a list...) still goes through ``asdict``, so the output is the same."""
        out: dict[str, Any] = {}
        deep: dict[str, Any] | None = None
        for f in fields(self):
            key = f.name
            if key == "case_id" or key == "on":
                continue
            value = getattr(self, key)
            if not isinstance(value, _SCALARS):
                if deep is None:
                    deep = asdict(self)
                value = deep[key]
            if isinstance(value, date):
                out[key] = value.isoformat()
            elif isinstance(value, Decimal):
                out[key] = f"{value:.2f}"
            elif hasattr(value, "value"):
                out[key] = value.value
            else:
                out[key] = value
        return out


@dataclass(frozen=True, slots=True)
class CaseOpened(Event):
    kind: ClassVar[str] = "case_opened"
    creditor_id: int
    debtor_id: int


@dataclass(frozen=True, slots=True)
class PhaseChanged(Event):
    kind: ClassVar[str] = "phase_changed"
    from_phase: str
    to_phase: str
    reason: str


@dataclass(frozen=True, slots=True)
class AttitudeChanged(Event):
    kind: ClassVar[str] = "attitude_changed"
    from_attitude: str
    to_attitude: str
    reason: str


@dataclass(frozen=True, slots=True)
class CaseClosed(Event):
    kind: ClassVar[str] = "case_closed"
    closure: str
    reason: str


@dataclass(frozen=True, slots=True)
class InvoiceImported(Event):
    kind: ClassVar[str] = "invoice_imported"
    invoice_number: str
    amount: Decimal
    due_date: date


@dataclass(frozen=True, slots=True)
class InvoiceAmountChanged(Event):
    kind: ClassVar[str] = "invoice_amount_changed"
    invoice_number: str
    old_amount: Decimal
    new_amount: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class PaymentRecorded(Event):
    kind: ClassVar[str] = "payment_recorded"
    amount: Decimal
    designated_invoice: str | None
