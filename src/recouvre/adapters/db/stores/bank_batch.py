"""Bank statement lines written in bulk (``BankLineStore.add_many``): a statement of 100 000
lines stored as one ``executemany`` of plain tuples, each line with its outcome already known,
instead of an ``INSERT`` then an ``UPDATE`` per line through SQLAlchemy Core (about 1 ms a
line: 100 s for such a statement).

The rows are the very rows ``SqlBankLineStore.add`` then ``set_outcome`` write, in the same
order, so they get the same ids; the property test
``tests/services/payments/test_statement_import_batch.py`` holds both paths equal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.stores.bulk import insert_rows
from recouvre.adapters.db.tables import bank_lines
from recouvre.services.payments.ports import LineOutcome, NewBankLine

COLUMNS = (
    "line_key", "account", "creditor_id", "agency_id", "value_on", "booked_on",
    "amount_cents", "credit", "reversal", "currency", "remittance", "refs", "payer_name",
    "payer_iban", "bank_reference", "source_file", "source_line", "imported_at", "status",
    "case_id", "applied_cents", "surplus_cents", "confidence", "reason", "allocations",
)  # fmt: skip


def add_lines(
    connection: sa.Connection, lines: Sequence[tuple[NewBankLine, LineOutcome]]
) -> None:
    """Insert ``lines`` with their outcomes, in order (the ids follow that order)."""
    sqlite = connection.dialect.name == "sqlite"

    def day(value: date | None) -> date | str | None:
        return value.isoformat() if sqlite and value is not None else value

    rows: list[tuple[Any, ...]] = []
    for new, outcome in lines:
        x = new.line
        rows.append((
            x.key, new.account, new.creditor_id, new.agency_id, day(x.value_on),
            day(x.booked_on), new.amount_cents, x.credit, x.reversal, x.currency,
            x.remittance[:4000], json.dumps(list(x.references)) if x.references else "[]",
            x.payer_name[:200],
            x.payer_iban[:34], x.bank_reference[:200], new.source_file[:500], x.source_line,
            new.imported_at, outcome.status, outcome.case_id, outcome.applied_cents,
            outcome.surplus_cents, outcome.confidence, outcome.reason,
            json.dumps(dict(outcome.allocations)) if outcome.allocations else "",
        ))  # fmt: skip
    insert_rows(connection, bank_lines, COLUMNS, rows)
