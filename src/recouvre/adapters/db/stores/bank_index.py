"""The columns the open-invoice index of a statement is chosen from (``services.payments.
open_index``), read without SQLAlchemy's per-row processing: for a million invoices, the full
rows as ``OpenInvoice`` objects took 8 s and 1.4 GB; these narrow columns are plain tuples of
ints and strings, and the full rows are then read for the few cases the lines may match."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.tables import bank_lines, cases, debtors, invoices
from recouvre.adapters.db.tables.einvoices import einvoice_documents as documents
from recouvre.services.imports.einvoice_documents import DocumentKind

_CHUNK = 500
# The e-invoice an invoice was imported from (its payment reference, BT-83), if any.
EINVOICE_OF_INVOICE = sa.and_(
    documents.c.creditor_id == invoices.c.creditor_id,
    documents.c.number == invoices.c.number,
    documents.c.kind == DocumentKind.INVOICE.value,
)
# What an invoice still owes, in cents: open, in a case not closed (``domain.claims.is_owed``).
STILL_OWED = sa.case(
    (
        sa.and_(
            cases.c.phase != "closed",
            invoices.c.status == "open",
            invoices.c.amount_cents > invoices.c.paid_cents,
        ),
        invoices.c.amount_cents - invoices.c.paid_cents,
    ),
    else_=0,
)
"""What is still owed on an invoice, in cents: nothing on a closed case."""


_PART = 50_000  # rows a part: a million are never held at once


def _parts(connection: sa.Connection, query: sa.Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The driver's own rows of ``query`` (its parameters are integers and fixed words,
    written inline), ``_PART`` at a time, on the unit of work's transaction."""
    compiled = query.compile(connection, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled))
        while part := cursor.fetchmany(_PART):
            yield list(part)
    finally:
        cursor.close()


def index_cases(connection: sa.Connection, creditor_ids: Sequence[int]) -> Iterator[list[Any]]:
    """(case, reference, debtor) of every case of the creditors."""
    query = sa.select(cases.c.id, cases.c.reference, cases.c.debtor_id).where(
        cases.c.creditor_id.in_([int(i) for i in creditor_ids])
    )
    return _parts(connection, query)


def index_invoices(connection: sa.Connection, creditor_ids: Sequence[int]) -> Iterator[list[Any]]:
    """(debtor, number, cents still owed, payment reference of its e-invoice or '') of every
    invoice of the creditors' cases."""
    query = (
        sa.select(
            cases.c.debtor_id,
            invoices.c.number,
            STILL_OWED,
            sa.func.coalesce(documents.c.payment_reference, ""),
        )
        .join(cases, cases.c.id == invoices.c.case_id)
        .outerjoin(documents, EINVOICE_OF_INVOICE)
        .where(cases.c.creditor_id.in_([int(i) for i in creditor_ids]))
    )
    return _parts(connection, query)


def index_names(connection: sa.Connection, creditor_ids: Sequence[int]) -> Iterator[list[Any]]:
    """(debtor, name) of every debtor with a case of the creditors."""
    of_creditors = cases.c.creditor_id.in_([int(i) for i in creditor_ids])
    query = sa.select(debtors.c.id, debtors.c.name).where(
        debtors.c.id.in_(sa.select(cases.c.debtor_id).where(of_creditors))
    )
    return _parts(connection, query)


def reversible_cases(
    connection: sa.Connection, account: str, amounts_cents: Iterable[int]
) -> set[int]:
    """The cases of the applied credits of ``account`` of these amounts: a debit of the
    statement may undo one, and what it restores is then owed again."""
    found: set[int] = set()
    for chunk in _chunks(sorted(set(amounts_cents))):
        query = sa.select(bank_lines.c.case_id).distinct().where(
            bank_lines.c.account == account, bank_lines.c.status == "applied",
            bank_lines.c.credit.is_(True), bank_lines.c.amount_cents.in_(chunk),
            bank_lines.c.case_id.is_not(None),
        )  # fmt: skip
        found.update(int(i) for i in connection.execute(query).scalars())
    return found


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]
