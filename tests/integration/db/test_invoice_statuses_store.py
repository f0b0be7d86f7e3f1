"""The lifecycle status store (``adapters.db.stores.invoice_statuses``) on both backends: the
invoices a status names with their parties' SIRENs, the known keys, the latest hold of each
invoice, an amount lowered below what was paid, a cancellation, and the paid invoices whose
212 the platform did not send itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from recouvre.adapters.db.stores.invoice_statuses import SqlInvoiceStatusStore
from recouvre.adapters.db.tables import cases, creditors, debtors, invoices, payments
from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.einvoicing import LifecycleStatus

D = date(2026, 10, 6)


def _portfolio(connection: sa.Connection) -> tuple[int, dict[str, int]]:
    creditor = connection.execute(
        creditors.insert().values(name="C", siren="732829320").returning(creditors.c.id)
    ).scalar_one()
    debtor = connection.execute(
        debtors.insert().values(key="siren:552100554", kind="company", name="D",
                                siren="552100554").returning(debtors.c.id)
    ).scalar_one()  # fmt: skip
    case = connection.execute(
        cases.insert().values(creditor_id=creditor, debtor_id=debtor, reference="D-2026-000001",
                              phase="amicable", attitude="unknown", opened_on=D)
        .returning(cases.c.id)
    ).scalar_one()  # fmt: skip
    ids = {}
    for number, amount, paid, status in (("F-1", 120_000, 50_000, "open"),
                                         ("F-2", 30_000, 30_000, "paid"),
                                         ("F-3", 20_000, 20_000, "paid")):  # fmt: skip
        ids[number] = connection.execute(
            invoices.insert().values(
                creditor_id=creditor, debtor_id=debtor, case_id=case, number=number,
                issue_date=D, due_date=D, amount_cents=amount, paid_cents=paid, status=status,
            ).returning(invoices.c.id)
        ).scalar_one()  # fmt: skip
    connection.execute(payments.insert().values(case_id=case, received_on=date(2026, 10, 9),
                                                amount_cents=30_000))  # fmt: skip
    return case, ids


def test_the_store_on_both_backends(db_engine: sa.Engine) -> None:
    with db_engine.begin() as connection:
        case, ids = _portfolio(connection)
        store = SqlInvoiceStatusStore(connection)
        [found] = store.invoices(["F-1", "F-404"])
        assert (found.creditor_siren, found.debtor_siren, found.case_open) == (
            "732829320", "552100554", True)  # fmt: skip
        assert found.outstanding == Decimal("700.00")
        statuses = [
            LifecycleStatus("F-1", None, 207, D, "s.csv", 2),
            LifecycleStatus("F-1", None, 209, date(2026, 10, 8), "s.csv", 3),
            LifecycleStatus("F-2", None, 208, D, "s.csv", 4),
            LifecycleStatus("F-3", None, 212, D, "s.csv", 5),
        ]
        for status in statuses:
            store.add(status, ids[status.invoice_number], case, "2026-10-06T08:00:00Z")
        assert store.known_keys([statuses[0].key, "x"]) == {statuses[0].key}
        assert store.holds(case) == {ids["F-1"]: 209, ids["F-2"]: 208}
        store.set_amount(ids["F-1"], Decimal("400.00"))  # below the 500.00 already paid
        [lowered] = store.invoices(["F-1"])
        assert (lowered.amount, lowered.paid, lowered.status) == (
            Decimal("400.00"), Decimal("400.00"), InvoiceStatus.PAID)  # fmt: skip
        store.cancel(ids["F-2"])
        assert store.owed_count(case) == 0
        [paid] = store.paid_invoices("732829320")  # F-3's 212 came from the platform
        assert (paid.number, paid.amount, paid.paid_on) == ("F-1", Decimal("400.00"),
                                                            date(2026, 10, 9))  # fmt: skip
        assert store.paid_invoices("552100554") == []
