"""The debtor's contact cap across cases and pages of the run (SQLite and PostgreSQL), and the
journal the run writes verifies (``recouvre journal verify``).

One debtor, two creditors, two cases: the cap (one contact a day across all channels) holds
even when the two cases are planned on different pages (``page_size=1``), i.e. when the
second page reads the first page's queued action back through ``ActionStore.contacts``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from recouvre.bootstrap import run_settings
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Debtor, DebtorKind
from support.daily_run_world import World

MONDAY = date(2026, 3, 2)


def _shared_debtor_cases(world: World) -> tuple[int, int]:
    other = world._creditor("Scierie Martin", "542051180")
    ids: list[int] = []
    with world.app.uow() as uow:
        debtor = uow.debtors.add(
            Debtor(
                None,
                DebtorKind.COMPANY,
                "Débiteur commun",
                siren=None,
                address=Address(("1 rue de la Paix",), "75011", "Ville"),
                emails=("compta@exemple.fr",),
                phones=("0612345678",),
            )
        )
        assert debtor.id is not None
        for n, creditor in enumerate((world.creditor_id, other)):
            case = uow.cases.add(Case.open(creditor, debtor.id, date(2026, 1, 1)))
            assert case.id is not None
            uow.invoices.add(
                Invoice(None, creditor, debtor.id, f"C{n}", date(2026, 1, 1), date(2026, 2, 1),
                        Decimal("900.00")),
                case.id,
            )  # fmt: skip
            ids.append(case.id)
        uow.commit()
    return ids[0], ids[1]


def test_the_daily_cap_holds_across_cases_on_different_pages(db_url: str, tmp_path: Path) -> None:
    world = World(db_url, tmp_path)
    try:
        first, second = _shared_debtor_cases(world)
        lone = world.case((date(2026, 2, 1), "500.00"))
        settings = run_settings(world.app, page_size=1)
        report = world.run(MONDAY, settings=settings)
        assert report.pages == 3
        by_case = {a.case_id: a for a in world.actions()}
        assert by_case[first].status == "queued"
        assert by_case[second].status == "deferred"  # the first case's e-mail counted
        assert by_case[second].not_before is not None
        assert by_case[second].not_before > "2026-03-02T23:59:59"
        assert by_case[lone].status == "queued"  # another debtor: not capped
        assert "action_planned" in world.journal_kinds(second)
        assert "contact_deferred" in world.journal_kinds(second)
        assert world.run(MONDAY, settings=settings).actions == 0
        assert world.app.verify_journal().ok
    finally:
        world.close()


def test_the_run_journal_verifies_and_detects_an_altered_entry(db_url: str, tmp_path: Path) -> None:
    world = World(db_url, tmp_path)
    try:
        cases = [world.case((date(2026, 1, 10), "1200.00")) for _ in range(3)]
        world.run(MONDAY)
        assert world.app.verify_journal().ok
        with world.app.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(
                    "DROP TRIGGER journal_entries_append_only ON journal_entries"
                )
            else:
                connection.exec_driver_sql("DROP TRIGGER journal_entries_no_update")
            connection.exec_driver_sql(
                "UPDATE journal_entries SET payload = replace(payload, 'queued', 'sent') "
                f"WHERE case_id = {cases[1]} AND kind = 'action_planned'"
            )
        assert not world.app.verify_journal().ok
    finally:
        world.close()
