"""What recouvre already knows of an invoice, which importing a file again must not undo.

A creditor's export (CSV, XLSX, FEC) or an e-invoice says what the invoice is. recouvre may know
two things more that the file does not: the credit notes imported as e-invoices (BT-3 381, kept
in ``einvoice_documents`` with the invoice they reference, BT-25), and the payments it applied
(a bank statement line, ``recouvre event payment``: recorded in ``payments`` and added to
``invoices.paid_cents``). Before a batch is written, each record is reconciled with both, the
same way for every import (the invoice store calls ``reconcile`` once per batch; the e-invoice
import keeps the amount ``owed_after_credits`` gives):

- **amount**: the file's amount less the credit notes kept for that invoice number, never below
  zero (importing the invoice again must not give back what a credit note took off);
- **paid**: the higher of the file's and the recorded one. A higher file value is a payment the
  creditor's accounting saw and recouvre did not: it is taken. A lower one is never taken: it
  would make a debtor owe again money already received, and a reminder for a debt already
  settled is the pressure the law forbids (C. conso L121-6, C. pén. 222-16 for its repetition).
  The recorded one is kept and the invoice named in the import report (``paid_kept``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from recouvre.services.imports.rows import InvoiceRecord


def owed_after_credits(amount_cents: int, credited_cents: int) -> int:
    """What an invoice of ``amount_cents`` owes once the credit notes kept for it are deducted."""
    return max(amount_cents - credited_cents, 0)


@dataclass(slots=True)
class Reconciled:
    """A batch once reconciled: the records to write and the invoices whose recorded paid was
    kept over the file's lower one (in the batch's order)."""

    records: Sequence[InvoiceRecord]
    paid_kept: list[str] = field(default_factory=list)


def reconcile(
    records: Sequence[InvoiceRecord],
    recorded_paid: Mapping[str, int],
    credited: Mapping[str, int],
) -> Reconciled:
    """The records of one batch with the credit notes deducted and no paid lowered.

    ``recorded_paid``: what is recorded paid on each stored invoice of the batch (by number);
    ``credited``: the sum of the credit notes kept for each number. A batch of new invoices of a
    creditor without credit notes (the bulk first import) is handed back as it is."""
    if not recorded_paid and not credited:
        return Reconciled(records)
    out: list[InvoiceRecord] = []
    kept: list[str] = []
    for record in records:
        number = record.number
        amount = record.amount_cents
        credit = credited.get(number)
        if credit:
            amount = owed_after_credits(amount, credit)
        paid = record.paid_cents
        recorded = recorded_paid.get(number)
        if recorded is not None and recorded > paid:
            paid = recorded
            kept.append(number)
        if amount != record.amount_cents or paid != record.paid_cents:
            record = record._replace(amount_cents=amount, paid_cents=paid)
        out.append(record)
    return Reconciled(out, kept)
