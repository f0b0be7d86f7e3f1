"""The SQL form of the invoice rule (``adapters.db.invoice_status``) gives, in the database, what
``domain.claims`` gives in Python, on every combination of status and amounts."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from recouvre.adapters.db import invoice_status
from recouvre.adapters.db.tables import creditors, debtors, invoices
from recouvre.domain.claims import InvoiceStatus, is_owed, status_after_payment

AMOUNTS = (1, 10_000)
PAID = (0, 1, 9_999, 10_000)


def test_the_sql_rule_is_the_domain_rule(db_engine: sa.Engine) -> None:
    combos = list(itertools.product(InvoiceStatus, AMOUNTS, PAID))
    with db_engine.begin() as connection:
        creditor = connection.execute(
            creditors.insert().values(name="C", siren="732829320").returning(creditors.c.id)
        ).scalar_one()
        debtor = connection.execute(
            debtors.insert()
            .values(key="siren:552100554", kind="company", name="D")
            .returning(debtors.c.id)
        ).scalar_one()
        for number, (status, amount, paid) in enumerate(combos):
            connection.execute(
                invoices.insert().values(
                    creditor_id=creditor, debtor_id=debtor, number=str(number),
                    issue_date=sa.func.current_date(), due_date=sa.func.current_date(),
                    amount_cents=amount, paid_cents=0, status=status.value,
                )
            )  # fmt: skip
            if paid > amount:
                continue
            connection.execute(  # the repository's set_paid statement
                invoices.update()
                .where(invoices.c.number == str(number))
                .values(paid_cents=paid, status=invoice_status.status_after_payment(paid))
            )
        rows = connection.execute(
            sa.select(
                invoices.c.number,
                invoices.c.status,
                invoices.c.amount_cents,
                invoices.c.paid_cents,
                invoice_status.OWED.label("owed"),
                invoice_status.OUTSTANDING_CENTS.label("left"),
            )
        ).all()
    for row in rows:
        status, amount, paid = combos[int(row.number)]
        if paid > amount:
            continue
        assert row.status == status_after_payment(amount, paid, status).value
        assert bool(row.owed) is is_owed(InvoiceStatus(row.status), amount, paid)
        assert row.left == amount - paid
