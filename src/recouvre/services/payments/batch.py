"""How the statement import writes its lines: one by one on a small statement (the reference
path: ``add`` then ``set_outcome``, as a person reads it), in one bulk insert from
``BULK_FROM`` new lines (``BankLineStore.add_many``: the same rows, in the same order, with the
same ids). Only three kinds of line need the stored lines or their own id while the statement
is read: a debit (it may undo a stored payment), a payment that teaches its debtor's IBAN (kept
with the line it came from) and a payment a waiting reversal may undo; those flush what is
pending and are written at once (``now``). The keys already seen are kept in memory, so writing
the other lines at the statement's end changes nothing but the time: 100 000 lines take a
second instead of about 100.

``tests/services/payments/test_statement_import_batch.py`` holds both paths to the same final
state (lines and their outcomes, invoices paid, cases, journal) on random statements.
"""

from __future__ import annotations

from collections.abc import Callable

from recouvre.services.payments.ports import BankLineStore, LineOutcome, NewBankLine

BULK_FROM = 200  # new lines in a statement: from this many, they are written in one go
PROGRESS_EVERY = 500  # lines between two advances of a progress bar

Progress = Callable[[int], None]


class LineWriter:
    """Stores each new line with its outcome, now (reference path) or at ``flush``."""

    def __init__(self, store: BankLineStore, bulk: bool) -> None:
        self.store = store
        self.bulk = bulk
        self.pending: list[tuple[NewBankLine, LineOutcome]] = []

    def write(self, line: NewBankLine, outcome: LineOutcome) -> None:
        if self.bulk:
            self.pending.append((line, outcome))
            return
        line_id = self.store.add(line)
        self.store.set_outcome(line_id, outcome)

    def now(self, line: NewBankLine) -> int:
        """Store ``line`` at once, after the lines before it (its outcome set by the caller):
        for a line that needs its id, or the stored lines, while the statement is read."""
        self.flush()
        return self.store.add(line)

    def flush(self) -> None:
        if self.pending:
            self.store.add_many(self.pending)
            self.pending = []
