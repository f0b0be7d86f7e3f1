"""The stay of individual actions from the opening judgment (C. com. L622-21; L631-14 for a
redressement, L641-3 for a liquidation), on a real database (SQLite and PostgreSQL) and as a
table of which procedure events are stayed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.tables import events, procedure_events, procedures
from recouvre.bootstrap import App, build, collective_proceedings_service, judicial_service
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.law.routes.rules import Evidence, Route
from recouvre.services.judicial.collective_stay import (
    IndividualActionStayed,
    check_event,
    check_start,
    stay_reason,
    stayed_paragraph,
)
from recouvre.services.judicial.records import CollectiveRecord, JudicialFacts
from recouvre.services.judicial.records import ProcedureEventKind as K
from recouvre.settings import load_settings

JUDGMENT = date(2026, 10, 8)


def record(kind: str = "liquidation", judged: date | None = JUDGMENT) -> CollectiveRecord:
    return CollectiveRecord(1, 1, "542065479", "A-1", kind, judged, date(2026, 10, 14),
                            "TJ Metz", "Maître Exemple", None, None)  # fmt: skip


@pytest.mark.parametrize(
    ("route", "kind", "paragraph"),
    [
        (Route.PAYMENT_ORDER, K.EXECUTED, "II"),
        (Route.SUMMONS_ON_MERITS, K.EXECUTED, "II"),
        (Route.ENFORCEMENT, K.FILED, "II"),
        (Route.ENFORCEMENT, K.SERVED, "II"),  # a commandement de payer
        (Route.CONSERVATORY_ATTACHMENT, K.ORDER_RENDERED, "II"),
        (Route.CONSERVATORY_ATTACHMENT, K.EXECUTED, "II"),
        (Route.PAYMENT_ORDER, K.FILED, "I"),
        (Route.PAYMENT_ORDER, K.SERVED, "I"),
        (Route.PAYMENT_ORDER, K.ENFORCEABLE, "I"),
        (Route.SMALL_CLAIMS, K.FILED, "I"),
        (Route.PAYMENT_ORDER, K.ORDER_RENDERED, None),
        (Route.PAYMENT_ORDER, K.OPPOSITION, None),
        (Route.PAYMENT_ORDER, K.ABANDONED, None),
        (Route.ENFORCEMENT, K.PAID, None),
        (Route.CONSERVATORY_ATTACHMENT, K.ORDER_REJECTED, None),
        (Route.CLAIM_DECLARATION, K.FILED, None),
    ],
)
def test_which_events_are_stayed(route: Route, kind: K, paragraph: str | None) -> None:
    assert stayed_paragraph(route, kind) == paragraph


@pytest.mark.parametrize(
    ("kind", "article"),
    [
        ("ouverture_sauvegarde", "(C. com. L622-21 II)"),
        ("ouverture_redressement", "(C. com. L622-21 II, par renvoi de l'art. L631-14)"),
        ("liquidation", "(C. com. L622-21 II, par renvoi de l'art. L641-3)"),
    ],
)
def test_the_refusal_names_the_article_and_the_judgment_from_its_day(
    kind: str, article: str
) -> None:
    opening = record(kind)
    check_event(opening, Route.ENFORCEMENT, K.EXECUTED, date(2026, 10, 7))  # the day before
    check_event(None, Route.ENFORCEMENT, K.EXECUTED, date(2026, 10, 20))
    with pytest.raises(IndividualActionStayed) as refused:
        check_event(opening, Route.ENFORCEMENT, K.EXECUTED, JUDGMENT)
    assert article in str(refused.value) and "du 08/10/2026" in str(refused.value)
    assert "L622-24" in str(refused.value)
    check_start(opening, Route.CLAIM_DECLARATION, date(2026, 10, 20))
    with pytest.raises(IndividualActionStayed, match="L622-21 I"):
        check_start(opening, Route.PAYMENT_ORDER, JUDGMENT)


def test_without_the_judgments_date_the_publication_counts() -> None:
    opening = record(judged=None)
    check_event(opening, Route.ENFORCEMENT, K.EXECUTED, date(2026, 10, 13))
    with pytest.raises(IndividualActionStayed, match="du 14/10/2026"):
        check_event(opening, Route.ENFORCEMENT, K.EXECUTED, date(2026, 10, 14))
    assert "suspendue depuis le jugement d'ouverture" in stay_reason(opening)


@dataclass
class Clock:
    day: date = date(2026, 9, 14)

    def now(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day, 8, 0, tzinfo=UTC)

    def today(self) -> date:
        return self.day


@dataclass(frozen=True)
class Announcement:
    announcement_id: str
    sirens: tuple[str, ...]
    kind: object
    judgment_date: date | None
    publication_date: date
    tribunal: str
    complement: str
    notice_type: str


@dataclass(frozen=True)
class Judgment:
    value: str
    collective_kind: object


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> App:
    env = {"RECOUVRE_DATABASE_URL": db_url, "RECOUVRE_DATA_DIR": str(tmp_path)}
    application = build(load_settings(env), clock=Clock(), actor="test:stay")
    yield application  # type: ignore[misc]
    application.dispose()


def seed(app: App) -> int:
    with app.uow() as uow:
        creditor = uow.creditors.add(Creditor(None, "Menuiserie Durand", "732829320"))
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Société en redressement", siren="901234567",
                   address=Address(("3 place d'Armes",), "69003", "Lyon"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 3, 4)))
        assert case.id
        uow.invoices.add(Invoice(None, creditor.id, debtor.id, "F-1", date(2026, 2, 1),
                                 date(2026, 3, 3), Decimal("8000.00")), case.id)  # fmt: skip
        uow.commit()
        return case.id


def counts(app: App) -> tuple[int, int]:
    with app.engine.connect() as connection:
        return (
            connection.execute(sa.select(sa.func.count()).select_from(procedure_events)).scalar_one(),
            connection.execute(sa.select(sa.func.count()).select_from(events)).scalar_one(),
        )


def test_the_opening_freezes_the_procedures_and_refuses_execution_after_it(app: App) -> None:
    from recouvre.law.routes.rules import CollectiveKind

    case_id = seed(app)
    service = judicial_service(app)
    service.record_facts(str(case_id), JudicialFacts(evidence=Evidence(signed_order=True)),
                         date(2026, 9, 14))  # fmt: skip
    pid = service.start(str(case_id), Route.PAYMENT_ORDER, date(2026, 9, 14)).procedure.id
    assert pid is not None
    service.record_event(pid, K.ORDER_RENDERED, date(2026, 9, 25))
    kind = Judgment("ouverture_redressement", CollectiveKind.RECEIVERSHIP)
    opening = Announcement("A-9", ("901234567",), kind, JUDGMENT, date(2026, 10, 14), "TC Lyon",
                           "Mandataire judiciaire : Maître Exemple.", "annonce")  # fmt: skip
    collective_proceedings_service(app).apply([opening])  # type: ignore[list-item]
    with app.engine.connect() as connection:
        rows = connection.execute(sa.select(procedures.c.route, procedures.c.status))
        statuses = {row.route: row.status for row in rows}
        frozen = connection.execute(
            sa.select(events.c.payload).where(events.c.kind == "procedure_frozen")
        ).scalars().all()  # fmt: skip
    assert statuses == {"payment_order": "frozen", "claim_declaration": "open"}
    assert len(frozen) == 1 and "L631-14" in frozen[0] and "08/10/2026" in frozen[0]
    before = counts(app)
    with pytest.raises(IndividualActionStayed, match=r"L622-21 I, par renvoi de l'art\. L631-14"):
        service.record_event(pid, K.SERVED, date(2026, 10, 9), to_person=True)
    assert counts(app) == before  # nothing written
    late = service.record_event(pid, K.SERVED, date(2026, 10, 1), to_person=True)
    assert late.procedure.status.value == "frozen"
    # The agenda: the frozen procedure's opposition deadline no longer alerts.
    agenda = service.agenda(date(2026, 10, 28))
    mine = [item for _, p, item in agenda if p.id == pid]
    assert [i.kind for i in mine] == ["suspension", "opposition", "execution"]
    assert {i.state.value for i in mine} == {"suspendu"} and all(not i.alerts for i in mine)
    # A procedure started before the judgment but recorded after the opening is known: frozen.
    conservatory = service.start(str(case_id), Route.CONSERVATORY_ATTACHMENT, date(2026, 10, 2),
                                 force=True)  # fmt: skip
    assert conservatory.procedure.status.value == "frozen"
    with pytest.raises(IndividualActionStayed):
        service.start(str(case_id), Route.SUMMONS_ON_MERITS, date(2026, 10, 8), force=True)
