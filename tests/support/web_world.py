"""A small portfolio and its web accounts for the web application's tests.

Two creditors and three cases on a SQLite file, at a fixed clock (2026-03-02):

- ``D-2026-000001``: Menuiserie Durand (732829320) against Boulangerie Schmitt (542065479),
  formal notice, invoices F-1 (1 234,56 €, 100,00 € paid) and F-2 (50,00 €);
- ``D-2026-000002``: Menuiserie Durand against a debtor whose name is HTML (``<script>``), to
  show it is escaped, one invoice H-9 of 400,00 €;
- ``D-2026-000003``: Transports Martin (552100554) against Marie Dupont, amicable, M-77 of
  99,90 €.

Accounts (password ``PASSWORD`` for all): ``admin`` (administrator), ``agent`` (agent assigned
Menuiserie Durand), ``idle`` (agent assigned none), ``martin`` (creditor client of Transports
Martin).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from recouvre.bootstrap import App, build
from recouvre.bootstrap.web import accounts_service
from recouvre.domain.cases import Case, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.services.web_accounts.model import Role
from recouvre.settings import load_settings

PASSWORD = "correct horse battery"
DURAND, MARTIN = "732829320", "552100554"
HOSTILE_NAME = "<script>alert('x')</script> Frères & Cie"


class FixedClock:
    def now(self) -> datetime:
        return datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def today(self) -> date:
        return date(2026, 3, 2)


def environment(folder: Path) -> dict[str, str]:
    return {
        "RECOUVRE_DATA_DIR": str(folder),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{folder / 'recouvre.sqlite3'}",
    }


def _seed(app: App) -> None:
    with app.uow() as uow:
        durand = uow.creditors.add(Creditor(None, "Menuiserie Durand", DURAND))
        martin = uow.creditors.add(Creditor(None, "Transports Martin", MARTIN))
        schmitt = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "57000", "Metz"),
                   emails=("contact@schmitt.example",))
        )  # fmt: skip
        hostile = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, HOSTILE_NAME,
                   address=Address(("1 rue Haute",), "69001", "Lyon"))
        )  # fmt: skip
        dupont = uow.debtors.add(
            Debtor(None, DebtorKind.CONSUMER, "Marie Dupont",
                   address=Address(("8 rue Pasteur",), "97400", "Saint-Denis"))
        )  # fmt: skip
        assert durand.id and martin.id and schmitt.id and hostile.id and dupont.id
        first = uow.cases.add(Case.open(durand.id, schmitt.id, date(2026, 1, 5)))
        second = uow.cases.add(Case.open(durand.id, hostile.id, date(2026, 1, 20)))
        third = uow.cases.add(Case.open(martin.id, dupont.id, date(2026, 2, 1)))
        assert first.id and second.id and third.id
        dec, jan = date(2025, 12, 31), date(2026, 1, 9)
        for creditor, debtor, case, number, issued, due, amount, paid in (
            (durand, schmitt, first, "F-1", date(2025, 12, 1), dec, "1234.56", "100"),
            (durand, schmitt, first, "F-2", date(2025, 11, 1), date(2025, 11, 30), "50.00", "0"),
            (durand, hostile, second, "H-9", date(2025, 12, 10), jan, "400.00", "0"),
            (martin, dupont, third, "M-77", date(2025, 12, 16), date(2026, 1, 15), "99.90", "0"),
        ):  # fmt: skip
            assert creditor.id and debtor.id
            uow.invoices.add(
                Invoice(None, creditor.id, debtor.id, number, issued, due, Decimal(amount),
                        Decimal(paid)), case.id
            )  # fmt: skip
        first.move_to(Phase.FORMAL_NOTICE, date(2026, 2, 1), "relances sans réponse")
        uow.commit()


def build_world(folder: Path, database_url: str | None = None) -> App:
    """The seeded database (a SQLite file in ``folder``, or ``database_url``) and its
    accounts; the returned ``App`` has the fixed clock."""
    env = environment(folder)
    if database_url is not None:
        env["RECOUVRE_DATABASE_URL"] = database_url
    app = build(load_settings(env), clock=FixedClock(), actor="test:web")
    app.init_database()
    _seed(app)
    accounts = accounts_service(app)
    accounts.add("admin", "Alice Admin", Role.ADMINISTRATOR, PASSWORD)
    accounts.add("agent", "Arthur Agent", Role.AGENT, PASSWORD, [DURAND])
    accounts.add("idle", "Ines Idle", Role.AGENT, PASSWORD)
    accounts.add("martin", "Marc Martin", Role.CREDITOR_CLIENT, PASSWORD, [MARTIN])
    return app
