"""What importing again keeps (``services.imports.recorded``), as a table: the file's row, what
recouvre recorded, what is written. Pure: no database (the store's use of it is tested end to
end in tests/e2e/test_cli_reimport.py)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recouvre.domain.parties import DebtorKind
from recouvre.services.imports.recorded import owed_after_credits, reconcile
from recouvre.services.imports.rows import DebtorRecord, InvoiceRecord

DEBTOR = DebtorRecord("siren:552100554", DebtorKind.COMPANY, "Métallerie Lorraine", "552100554",
                      None, "", "57000", "Metz", "FR", "57", "", "")  # fmt: skip


def row(number: str, amount: int, paid: int) -> InvoiceRecord:
    return InvoiceRecord(2, number, date(2026, 9, 1), date(2026, 9, 30), amount, paid, None, None,
                         DEBTOR)  # fmt: skip


# file amount, file paid, recorded paid (None: a new invoice), credited -> amount, paid, kept
CASES = [
    (120_000, 0, None, 0, 120_000, 0, False),  # new, nothing known
    (120_000, 0, None, 20_000, 100_000, 0, False),  # new, its credit note kept before it
    (120_000, 0, 0, 20_000, 100_000, 0, False),  # imported again after its credit note
    (120_000, 0, 50_000, 0, 120_000, 50_000, True),  # a payment recouvre applied is kept
    (120_000, 80_000, 50_000, 0, 120_000, 80_000, False),  # the accounting knows more: taken
    (120_000, 50_000, 50_000, 0, 120_000, 50_000, False),  # both agree
    (10_000, 0, 0, 30_000, 0, 0, False),  # credited beyond the amount: nothing owed, not less
    (120_000, 0, 120_000, 20_000, 100_000, 120_000, True),  # paid, then credited: overpaid
]


@pytest.mark.parametrize(("amount", "paid", "recorded", "credited", "out_amount", "out_paid",
                          "kept"), CASES)  # fmt: skip
def test_each_row_reconciled(
    amount: int, paid: int, recorded: int | None, credited: int, out_amount: int, out_paid: int,
    kept: bool,
) -> None:  # fmt: skip
    known = {} if recorded is None else {"F-1": recorded}
    done = reconcile([row("F-1", amount, paid)], known, {"F-1": credited} if credited else {})
    [record] = done.records
    assert (record.amount_cents, record.paid_cents) == (out_amount, out_paid)
    assert done.paid_kept == (["F-1"] if kept else [])


def test_a_batch_with_nothing_known_is_handed_back_as_it_is() -> None:
    batch = [row("F-1", 100, 0), row("F-2", 200, 50)]
    assert reconcile(batch, {}, {}).records is batch


@given(
    amount=st.integers(1, 10**12), paid=st.integers(0, 10**12),
    recorded=st.none() | st.integers(0, 10**12), credited=st.integers(0, 10**12),
)  # fmt: skip
def test_never_less_paid_than_recorded_nor_more_owed_than_the_file_less_its_credits(
    amount: int, paid: int, recorded: int | None, credited: int
) -> None:
    known = {} if recorded is None else {"F-1": recorded}
    [record] = reconcile([row("F-1", amount, paid)], known, {"F-1": credited}).records
    assert record.paid_cents == max(paid, recorded or 0)
    assert record.amount_cents == owed_after_credits(amount, credited) >= 0
