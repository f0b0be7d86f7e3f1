"""Repositories and the unit of work on SQLite and PostgreSQL: what goes in comes back out,
case events reach the events table and the journal on commit, and only on commit."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.mappers import debtor_key
from recouvre.adapters.db.queries.cases import SqlCaseQueries
from recouvre.adapters.db.tables import cases, events, journal_entries
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.domain.cases import Attitude, Case, Closure, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.events.delivery import ActionSent, MovedAction
from recouvre.domain.events.judicial import AmicableScenarioClosed
from recouvre.domain.parties import (
    Address,
    Channel,
    ContactPreferences,
    Creditor,
    Debtor,
    DebtorKind,
)
from recouvre.domain.payments import Payment
from recouvre.services.ports import joined


class FixedClock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment

    def today(self) -> date:
        return self.moment.date()


CREDITOR = Creditor(
    None,
    "Menuiserie Durand SARL",
    "732829320",
    siret="73282932000074",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPP",
    address=Address(("12 rue des Artisans",), "69003", "Lyon"),
    email="compta@durand.example",
)
COMPANY = Debtor(
    None,
    DebtorKind.COMPANY,
    "Boulangerie Schmitt",
    siren="552100554",
    address=Address(("3 place d'Armes", "Bâtiment B"), "57000", "Metz"),
    emails=("contact@schmitt.example", "gerant@schmitt.example"),
    phones=("+33387000000",),
    preferences=ContactPreferences(only_channel=Channel.EMAIL),
)
CONSUMER = Debtor(
    None,
    DebtorKind.CONSUMER,
    "  Marie   Dupont ",
    address=Address((), "97400", "Saint-Denis"),
    preferences=ContactPreferences(do_not_contact=True, language="fr"),
)


def uow(engine: sa.Engine, actor: str = "test") -> SqlUnitOfWork:
    return SqlUnitOfWork(engine, FixedClock(), actor)


def test_parties_round_trip(db_engine: sa.Engine) -> None:
    with uow(db_engine) as work:
        creditor = work.creditors.add(CREDITOR)
        company = work.debtors.add(COMPANY)
        consumer = work.debtors.add(CONSUMER)
        work.commit()
    with uow(db_engine) as work:
        assert work.creditors.get(creditor.id or 0) == creditor
        assert work.creditors.by_siren("732829320") == creditor
        assert work.creditors.list() == [creditor]
        assert work.debtors.get(company.id or 0) == company
        assert work.debtors.by_key("siren:552100554") == company
        assert work.debtors.by_key("consumer:marie dupont|97400") == consumer
        assert debtor_key(consumer) == "consumer:marie dupont|97400"
        assert work.debtors.get(consumer.id or 0) == consumer


def test_invoices_and_payments_round_trip_to_the_cent(db_engine: sa.Engine) -> None:
    with uow(db_engine) as work:
        c = work.creditors.add(CREDITOR)
        d = work.debtors.add(COMPANY)
        assert c.id is not None and d.id is not None
        case = work.cases.add(Case.open(c.id, d.id, date(2026, 1, 5)))
        assert case.id is not None
        invoice = work.invoices.add(
            Invoice(
                None, c.id, d.id, "FA-2025-0042", date(2025, 11, 3), date(2025, 12, 3),
                Decimal("98765432.10"), Decimal("0.01"), contractual_rate=Decimal("12.40"),
                completed_on=date(2025, 10, 30),
            ),
            case.id,
        )  # fmt: skip
        payment = work.payments.add(
            Payment(None, case.id, date(2026, 1, 20), Decimal("0.99"), "FA-2025-0042", "VIR 1")
        )
        work.commit()
    with uow(db_engine) as work:
        assert invoice.id is not None
        assert work.invoices.get(invoice.id) == invoice
        assert work.invoices.by_number(c.id, "FA-2025-0042") == invoice
        assert work.invoices.for_case(case.id) == [invoice]
        assert work.payments.for_case(case.id) == [payment]
        work.invoices.set_paid(invoice.id, Decimal("98765432.10"))
        assert work.invoices.for_case(case.id, open_only=True) == []
        work.commit()


def test_case_events_are_stored_and_journaled_on_commit(db_engine: sa.Engine) -> None:
    with uow(db_engine, "cli:alice") as work:
        c, d = work.creditors.add(CREDITOR), work.debtors.add(COMPANY)
        assert c.id is not None and d.id is not None
        case = work.cases.add(Case.open(c.id, d.id, date(2026, 1, 5)))
        case.move_to(Phase.FORMAL_NOTICE, date(2026, 2, 1), "relances sans réponse")
        moved = MovedAction(1, "k", "letter", "mise_en_demeure", 1)
        sent = ActionSent(case.id, date(2026, 2, 1), moved, {"provider_ref": "p"})
        work.journal.record(sent, document_sha256="ab" * 32)
        work.commit()
    assert case.reference == f"D-2026-{case.id:06d}"
    with db_engine.connect() as connection:
        kinds = connection.execute(
            sa.select(events.c.kind, events.c.case_id, events.c.actor).order_by(events.c.id)
        ).all()
        journal = connection.execute(
            sa.select(journal_entries.c.stream, journal_entries.c.seq, journal_entries.c.kind,
                      journal_entries.c.document_sha256)
            .order_by(journal_entries.c.id)
        ).all()  # fmt: skip
        phase = connection.execute(sa.select(cases.c.phase)).scalar_one()
    assert kinds == [
        ("case_opened", case.id, "cli:alice"),
        ("phase_changed", case.id, "cli:alice"),
        ("action_sent", case.id, "cli:alice"),
    ]
    stream = f"case:{case.id}"
    assert journal == [
        (stream, 1, "case_opened", None),
        (stream, 2, "phase_changed", None),
        (stream, 3, "action_sent", "ab" * 32),
    ]
    assert phase == "formal_notice"


def test_nothing_is_saved_or_journaled_without_commit(db_engine: sa.Engine) -> None:
    with uow(db_engine) as work:
        c, d = work.creditors.add(CREDITOR), work.debtors.add(COMPANY)
        assert c.id is not None and d.id is not None
        case = work.cases.add(Case.open(c.id, d.id, date(2026, 1, 5)))
        work.commit()
    with uow(db_engine) as work:
        loaded = work.cases.get(case.id or 0)
        assert loaded is not None
        loaded.close(Closure.PAID, date(2026, 3, 1), "soldé")
        work.journal.record(AmicableScenarioClosed(loaded.id, date(2026, 3, 1), "x"))
    with pytest.raises(RuntimeError), uow(db_engine) as work:
        loaded = work.cases.get(case.id or 0)
        assert loaded is not None
        loaded.set_attitude(Attitude.BAD_FAITH, date(2026, 3, 1), "promesse non tenue")
        raise RuntimeError("the service failed")
    with uow(db_engine) as work:
        again = work.cases.get(case.id or 0)
        assert again is not None and again.phase is Phase.AMICABLE
        assert again.attitude is Attitude.UNKNOWN
    with db_engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(events)).scalar() == 1


def test_one_object_per_case_and_lookups(db_engine: sa.Engine) -> None:
    with uow(db_engine) as work:
        c, d = work.creditors.add(CREDITOR), work.debtors.add(COMPANY)
        consumer = work.debtors.add(CONSUMER)
        assert c.id and d.id and consumer.id
        first, other = work.cases.add_many(
            [
                Case.open(c.id, d.id, date(2025, 6, 1)),
                Case.open(c.id, consumer.id, date(2026, 1, 2)),
            ]
        )
        assert (first.reference, other.reference) == (
            f"D-2025-{first.id:06d}",
            f"D-2026-{other.id:06d}",
        )
        first.close(Closure.WITHDRAWN, date(2025, 7, 1), "retiré")
        work.commit()
    with uow(db_engine) as work:
        assert work.cases.open_for(c.id, d.id) is None  # closed cases do not count
        second = work.cases.add(Case.open(c.id, d.id, date(2026, 1, 2)))
        work.commit()
    with uow(db_engine) as work:
        by_ref = work.cases.by_reference(f"d-2025-{first.id:06d}")
        assert by_ref is not None and by_ref.id == first.id
        assert by_ref.phase is Phase.CLOSED and by_ref.closure is Closure.WITHDRAWN
        assert work.cases.get(first.id or 0) is by_ref
        open_case = work.cases.open_for(c.id, d.id)
        assert open_case is not None and open_case.id == second.id
        work.cases.set_plan(second.id or 0, "b2b-standard", date(2026, 3, 1))
        assert work.cases.due_for_action(date(2026, 2, 28)) == []
        assert work.cases.due_for_action(date(2026, 3, 1)) == [second.id]
        work.commit()


def test_the_open_case_per_pair_is_unique(db_engine: sa.Engine) -> None:
    with uow(db_engine) as work:
        c, d = work.creditors.add(CREDITOR), work.debtors.add(COMPANY)
        assert c.id is not None and d.id is not None
        work.cases.add(Case.open(c.id, d.id, date(2026, 1, 5)))
        with pytest.raises(sa.exc.IntegrityError):
            work.cases.add(Case.open(c.id, d.id, date(2026, 1, 6)))


def test_case_queries_list_and_detail(db_engine: sa.Engine) -> None:
    with uow(db_engine) as work:
        c, d = work.creditors.add(CREDITOR), work.debtors.add(COMPANY)
        consumer = work.debtors.add(CONSUMER)
        assert c.id and d.id and consumer.id
        case = work.cases.add(Case.open(c.id, d.id, date(2026, 1, 5)))
        empty = work.cases.add(Case.open(c.id, consumer.id, date(2026, 1, 6)))
        assert case.id and empty.id
        for number, due, amount, paid in (
            ("F-1", date(2025, 12, 31), "1234.56", "100.00"),
            ("F-2", date(2025, 11, 30), "50.00", "0.00"),
            ("F-3", date(2025, 10, 31), "70.00", "70.00"),  # settled: not outstanding
        ):
            work.invoices.add(
                Invoice(None, c.id, d.id, number, due - timedelta(days=30), due,
                        Decimal(amount), Decimal(paid)),
                case.id,
            )  # fmt: skip
        work.payments.add(Payment(None, case.id, date(2026, 2, 10), Decimal("10.00")))
        case.set_attitude(Attitude.FORGETFUL, date(2026, 2, 1), "a répondu")
        work.commit()
    queries = SqlCaseQueries(db_engine)
    listed = queries.list_cases()
    assert [(s.reference, s.invoices, s.outstanding, s.oldest_due_date) for s in listed] == [
        (case.reference, 3, Decimal("1184.56"), date(2025, 11, 30)),
        (empty.reference, 0, Decimal("0.00"), None),
    ]
    assert listed[0].as_json()["outstanding"] == "1184.56"
    assert listed[0].attitude is Attitude.FORGETFUL
    assert [s.id for s in queries.list_cases(creditor_siren="552100554")] == []
    assert [s.id for s in queries.list_cases(phase=Phase.AMICABLE, limit=1)] == [case.id]
    assert queries.list_cases(phase=Phase.JUDICIAL) == []
    detail = queries.case_detail(str(case.id))
    assert detail is not None and queries.case_detail(case.reference or "") == detail
    assert queries.case_detail("D-1999-999999") is None
    assert [line.number for line in detail.invoices] == ["F-3", "F-2", "F-1"]
    assert detail.outstanding == Decimal("1184.56")
    assert [e.kind for e in detail.events] == ["case_opened", "attitude_changed"]
    shape = detail.as_json()
    assert json.loads(json.dumps(shape)) == shape
    assert shape["invoices"][2]["outstanding"] == "1134.56"
    assert shape["payments"][0]["amount"] == "10.00"
    assert shape["debtor"]["address"]["lines"] == ["3 place d'Armes", "Bâtiment B"]


def test_a_lent_unit_of_work_commits_with_its_lender_and_a_flush_is_not_a_commit(
    db_engine: sa.Engine,
) -> None:
    with uow(db_engine) as work:
        c = work.creditors.add(CREDITOR)
        d = work.debtors.add(COMPANY)
        assert c.id is not None and d.id is not None
        case = work.cases.add(Case.open(c.id, d.id, date(2026, 1, 5)))
        work.commit()
    assert case.id is not None
    with uow(db_engine) as work:
        tracked = work.cases.get(case.id)
        assert tracked is not None
        tracked.set_attitude(Attitude.UNREACHABLE, date(2026, 2, 2), "courrier retourné")
        work.flush()  # written in the transaction, visible to its set-based reads
        seen = work.connection.execute(
            sa.select(cases.c.attitude).where(cases.c.id == case.id)
        ).scalar_one()
        assert seen == "unreachable"
        with joined(work) as lent:  # another use case on the same transaction
            assert lent.cases.get(case.id) is tracked
            lent.journal.record(AmicableScenarioClosed(case.id, date(2026, 2, 2), "vu"))
            lent.commit()  # does nothing: the lender commits
        # leaving without commit: nothing of it stays
    with db_engine.connect() as connection:
        attitude = connection.execute(
            sa.select(cases.c.attitude).where(cases.c.id == case.id)
        ).scalar_one()
        kinds = list(
            connection.execute(sa.select(events.c.kind).where(events.c.case_id == case.id))
        )
    assert attitude == "unknown" and [k for (k,) in kinds] == ["case_opened"]
