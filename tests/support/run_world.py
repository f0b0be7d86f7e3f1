"""A creditor with ``cases`` cases of one professional debtor each (an e-mail, a Paris address,
one invoice due from 5 to 24 January 2026), written straight through the repositories: the
portfolio the operations tests (concurrent runs, backups during a run) run a day on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from recouvre.bootstrap import build
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.settings import load_settings


class Clock:
    """Today 2 March 2026, the machine's instant otherwise (the sender stamps its sendings)."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date(2026, 3, 2)


def seed_cases(env: dict[str, str], cases: int, amount: Decimal) -> None:
    application = build(load_settings(env), clock=Clock(), actor="test:seed")
    application.init_database()
    with application.uow() as uow:
        creditor = uow.creditors.add(Creditor(None, "Menuiserie Durand", "732829320"))
        assert creditor.id is not None
        for n in range(cases):
            debtor = uow.debtors.add(
                Debtor(None, DebtorKind.COMPANY, f"Client {n}",
                       address=Address(("2 rue Haute",), "75010", "Paris"),
                       emails=(f"c{n}@exemple.fr",))
            )  # fmt: skip
            assert debtor.id is not None
            case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 1, 1)))
            due = date(2026, 1, 5) + timedelta(days=n % 20)
            invoice = Invoice(None, creditor.id, debtor.id, f"F{n}", date(2026, 1, 1), due, amount)
            uow.invoices.add(invoice, case.id)
        uow.commit()
    application.dispose()
