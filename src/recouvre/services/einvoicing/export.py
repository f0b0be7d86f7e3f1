"""``recouvre export statuses``: a 212 « Encaissée » for every invoice recouvre has seen paid.

The seller's platform must be told when an invoice is cashed (« Encaissée » is one of the four
mandatory statuses of the reform; for services, the VAT on receipts is due on that date, CGI
art. 269-2-c): recouvre knows it as soon as a bank statement, a person or a platform settled
the invoice. An invoice whose 212 came from the platform itself is left out (it knows).
The date is the case's latest payment, or the day of the export when the invoice was already
paid when it reached recouvre.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.einvoicing import CODES, PAID_CODE
from recouvre.services.einvoicing.ports import StatusUnitOfWork
from recouvre.services.errors import StatusImportError


@dataclass(frozen=True, slots=True)
class CashedStatus:
    """One 212 « Encaissée » to send to the creditor's platform."""

    invoice_number: str
    siren: str  # the seller's (the creditor's): how its platform names the invoice
    on: date
    amount: Decimal
    code: int = PAID_CODE

    @property
    def label(self) -> str:
        return CODES[self.code].label


def cashed_statuses(
    uow_factory: Callable[[], StatusUnitOfWork], creditor_siren: str | None, today: date
) -> list[CashedStatus]:
    with uow_factory() as uow:
        if creditor_siren is not None and uow.creditors.by_siren(creditor_siren) is None:
            raise StatusImportError(f"créancier de SIREN {creditor_siren} inconnu")
        paid = uow.invoice_statuses.paid_invoices(creditor_siren)
    return [
        CashedStatus(p.number, p.creditor_siren, p.paid_on or today, p.amount) for p in paid
    ]
