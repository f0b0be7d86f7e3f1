"""The paid/open rule of an invoice: paid once covered, cancelled stays cancelled, owed while
open and not wholly paid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from recouvre.domain.claims import Invoice, InvoiceStatus, is_owed, status_after_payment

OPEN, PAID, CANCELLED = InvoiceStatus.OPEN, InvoiceStatus.PAID, InvoiceStatus.CANCELLED


@pytest.mark.parametrize(
    ("amount", "paid", "current", "after"),
    [
        (10_000, 0, OPEN, OPEN),
        (10_000, 9_999, OPEN, OPEN),
        (10_000, 10_000, OPEN, PAID),  # covered to the cent
        (10_000, 9_999, PAID, OPEN),  # a payment taken back reopens it
        (10_000, 10_000, CANCELLED, CANCELLED),
        (10_000, 0, CANCELLED, CANCELLED),
        (Decimal("120.00"), Decimal("120.00"), OPEN, PAID),
        (Decimal("120.00"), Decimal("119.99"), OPEN, OPEN),
    ],
)
def test_status_after_a_payment(
    amount: int, paid: int, current: InvoiceStatus, after: InvoiceStatus
) -> None:
    assert status_after_payment(amount, paid, current) is after


@pytest.mark.parametrize(
    ("status", "amount", "paid", "owed"),
    [
        (OPEN, 10_000, 0, True),
        (OPEN, 10_000, 9_999, True),
        (OPEN, 10_000, 10_000, False),
        (PAID, 10_000, 10_000, False),
        (CANCELLED, 10_000, 0, False),  # nothing to collect on a cancelled invoice
    ],
)
def test_an_invoice_is_owed_while_open_and_not_wholly_paid(
    status: InvoiceStatus, amount: int, paid: int, owed: bool
) -> None:
    assert is_owed(status, amount, paid) is owed


def test_an_invoice_knows_its_status_from_what_was_paid() -> None:
    def invoice(paid: str) -> Invoice:
        return Invoice(
            None, None, None, "F-1", date(2026, 1, 5), date(2026, 2, 4), Decimal("80"),
            Decimal(paid),
        )  # fmt: skip

    assert invoice("0").status is OPEN
    assert invoice("79.99").status is OPEN
    assert invoice("80").status is PAID
