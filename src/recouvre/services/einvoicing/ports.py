"""What the e-invoicing use cases need from storage (``uow.invoice_statuses``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.einvoicing import LifecycleStatus
from recouvre.services.daily_run.ports import PlanUnitOfWork


@dataclass(frozen=True, slots=True)
class StatusInvoice:
    """An invoice a status may name, with the parties a status's SIREN is checked against."""

    invoice_id: int
    number: str
    case_id: int | None
    case_reference: str | None
    case_open: bool
    creditor_siren: str
    debtor_siren: str | None
    amount: Decimal
    paid: Decimal
    status: InvoiceStatus

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid


@dataclass(frozen=True, slots=True)
class PaidInvoice:
    """An invoice recouvre has seen paid, for the 212 « Encaissée » sent back to the platform."""

    number: str
    creditor_siren: str
    debtor_siren: str | None
    amount: Decimal
    paid_on: date | None  # the case's latest payment; None when paid before it reached recouvre


class InvoiceStatusStore(Protocol):
    def invoices(self, numbers: Iterable[str]) -> list[StatusInvoice]:
        """Every invoice bearing one of these numbers (of any creditor)."""
        ...

    def known_keys(self, keys: Sequence[str]) -> set[str]: ...

    def add(
        self, status: LifecycleStatus, invoice_id: int, case_id: int | None, imported_at: str
    ) -> None: ...

    def holds(self, case_id: int) -> dict[int, int]:
        """Per invoice of the case, its latest status among 207, 208 and 209."""
        ...

    def set_amount(self, invoice_id: int, amount: Decimal) -> None:
        """The amount claimed on the invoice (its status follows what was paid)."""
        ...

    def cancel(self, invoice_id: int) -> None:
        """The invoice is no longer collected (``cancelled``)."""
        ...

    def owed_count(self, case_id: int) -> int:
        """How many invoices of the case are still owed (``domain.claims.is_owed``)."""
        ...

    def paid_invoices(self, creditor_siren: str | None) -> list[PaidInvoice]:
        """The paid invoices whose 212 the platform did not itself send, by creditor, number."""
        ...


class StatusUnitOfWork(PlanUnitOfWork, Protocol):
    @property
    def invoice_statuses(self) -> InvoiceStatusStore: ...
