"""One creditor, one professional debtor with no e-mail (the shipped « sans courriel » scenario
writes to it) and one case: invoice F-2026-7 of 1 000 € due Monday 2 February 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from recouvre.bootstrap import build
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.settings import load_settings

SIREN = "732829320"


def seed_letter_case(env: dict[str, str]) -> None:
    application = build(load_settings(env), actor="test:seed")
    application.init_database()
    with application.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Menuiserie Durand", SIREN, iban="FR7630006000011234567890189",
                     bic="AGRIFRPP", address=Address(("12 rue des Lilas",), "69003", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(  # no email: the shipped « sans courriel » scenario writes
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "57000", "Metz"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 1, 5)))
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, "F-2026-7", date(2026, 1, 2), date(2026, 2, 2),
                    Decimal("1000.00")),
            case.id,
        )  # fmt: skip
        uow.commit()
    application.dispose()
