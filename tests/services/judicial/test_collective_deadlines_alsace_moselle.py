"""One claim-declaration deadline for a debtor in Moselle, whoever asks for it.

The BODACC import stores the deadline, the route advice states it and the agenda lists it:
all three read ``recouvre.law.deadlines.collective``. Published Tuesday 2026-02-03, the
declaration's two months (C. com. R622-24) end on Friday 2026-04-03, Good Friday: a public
holiday in Moselle (C. trav. L3134-13), so CPC 642 carries the last day over Saturday,
Sunday and Easter Monday to Tuesday 2026-04-07. With the Paris calendar it would stay on the
Friday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from recouvre.adapters.importers.bodacc import BodaccAnnouncement, JudgmentKind
from recouvre.bootstrap import App, build, collective_proceedings_service, judicial_service
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.settings import load_settings

PUBLISHED = date(2026, 2, 3)
GOOD_FRIDAY = date(2026, 4, 3)
AFTER_EASTER_MONDAY = date(2026, 4, 7)


@dataclass
class Clock:
    day: date = date(2026, 2, 9)

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 8, 0, tzinfo=UTC)

    def today(self) -> date:
        return self.day


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> App:
    env = {"RECOUVRE_DATABASE_URL": db_url, "RECOUVRE_DATA_DIR": str(tmp_path)}
    application = build(load_settings(env), clock=Clock(), actor="test:judicial")
    yield application  # type: ignore[misc]
    application.dispose()


def seed_debtor_in_metz(app: App, siren: str) -> int:
    with app.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Menuiserie Durand", "732829320",
                     address=Address(("1 rue Mercière",), "69002", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Transports de la Seille", siren=siren,
                   address=Address(("3 place d'Armes",), "57000", "Metz"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 1, 5)))
        assert case.id
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, "F-2025-0917", date(2025, 12, 1),
                    date(2026, 1, 2), Decimal("6400.00")), case.id,
        )  # fmt: skip
        uow.commit()
        return case.id


def opening_in_metz(siren: str) -> BodaccAnnouncement:
    return BodaccAnnouncement(
        record=1,
        announcement_id="A202602030042",
        number="42",
        sirens=(siren,),
        kind=JudgmentKind.OPENING_RECEIVERSHIP,
        family="Procédures collectives",
        nature="Jugement d'ouverture d'une procédure de redressement judiciaire",
        complement="mandataire judiciaire Maître Weber, 12 rue Serpenoise, Metz",
        tribunal="TRIBUNAL JUDICIAIRE DE METZ",
        judgment_date=date(2026, 1, 27),
        publication_date=PUBLISHED,
        notice_type="annonce",
        debtor_name="Transports de la Seille",
        departement="57",
    )


def test_the_import_the_advice_and_the_agenda_give_one_deadline_in_moselle(app: App) -> None:
    siren = "552100554"
    case_id = seed_debtor_in_metz(app, siren)
    report = collective_proceedings_service(app).apply([opening_in_metz(siren)])
    (match,) = report.matches
    assert match.case_id == case_id
    assert match.declaration_due_on == AFTER_EASTER_MONDAY != GOOD_FRIDAY

    advice = judicial_service(app).advise(str(case_id), date(2026, 2, 9))
    deadline = advice.routes.claim_declaration_deadline
    assert deadline is not None and deadline.end == match.declaration_due_on
    relief = advice.routes.foreclosure_relief_deadline
    assert relief is not None and relief.end == match.relief_due_on

    agenda = judicial_service(app).agenda(date(2026, 2, 9))
    due = {item.kind: item.due_on for _, _, item in agenda}
    assert due["declaration-creance"] == match.declaration_due_on
    assert due["releve-forclusion"] == match.relief_due_on
