"""A daily run killed half-way, then run again: every due action exists exactly once.

``recouvre run`` runs in a subprocess on a SQLite file; ``RECOUVRE_RUN_CRASH_AFTER_PAGES``
makes it die with ``os._exit`` (no cleanup, as a killed process) right after its K-th page is
committed. The second run must carry on where the first stopped, issue the missing actions and
nothing twice, and leave a journal whose hash chains verify.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from recouvre.bootstrap import build
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.settings import load_settings

RECOUVRE = str(Path(sys.executable).with_name("recouvre"))
CASES = 14


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date(2026, 3, 2)


def seed(env: dict[str, str]) -> None:
    app = build(load_settings(env), clock=Clock(), actor="test:seed")
    app.init_database()
    with app.uow() as uow:
        creditor = uow.creditors.add(Creditor(None, "Menuiserie Durand", "732829320"))
        assert creditor.id is not None
        for n in range(CASES):
            debtor = uow.debtors.add(
                Debtor(None, DebtorKind.COMPANY, f"Client {n}",
                       address=Address(("2 rue Haute",), "57000" if n % 3 else "75010", "Metz"),
                       emails=(f"c{n}@exemple.fr",) if n % 2 else ())
            )  # fmt: skip
            assert debtor.id is not None
            case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 1, 1)))
            for i in range(1 + n % 3):
                due = date(2026, 1, 5) + timedelta(days=7 * i + n)
                uow.invoices.add(
                    Invoice(None, creditor.id, debtor.id, f"F{n}-{i}", date(2026, 1, 1), due,
                            Decimal("120.50")),
                    case.id,
                )  # fmt: skip
        uow.commit()
    app.dispose()


def run(
    env: dict[str, str], *extra: str, crash_after: int | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **env, "RECOUVRE_RUN_PAGE_SIZE": "3"}
    full.pop("RECOUVRE_RUN_CRASH_AFTER_PAGES", None)
    if crash_after is not None:
        full["RECOUVRE_RUN_CRASH_AFTER_PAGES"] = str(crash_after)
    return subprocess.run(
        [RECOUVRE, "run", "--on", "2026-03-02", "--sans-envoi", "--json", *extra],
        env=full, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def counts(env: dict[str, str]) -> list[tuple[int, int]]:
    engine = sa.create_engine(env["RECOUVRE_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return [
                (int(r[0]), int(r[1]))
                for r in connection.execute(
                    sa.text("SELECT case_id, count(*) FROM actions GROUP BY case_id ORDER BY 1")
                )
            ]
    finally:
        engine.dispose()


@pytest.mark.parametrize("crash_after", [1, 3])
def test_a_run_killed_after_some_pages_is_completed_by_the_next_run(
    cli_env: dict[str, str], crash_after: int
) -> None:
    seed(cli_env)
    killed = run(cli_env, crash_after=crash_after)
    assert killed.returncode == 86, killed.stderr
    partial = counts(cli_env)
    assert len(partial) == 3 * crash_after  # exactly the committed pages, nothing more
    assert all(n == 1 for _, n in partial)

    again = run(cli_env)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["actions"] == CASES - 3 * crash_after
    assert report["already_issued"] == 0
    final = counts(cli_env)
    assert [case_id for case_id, _ in final] == list(range(1, CASES + 1))
    assert all(n == 1 for _, n in final), final

    third = run(cli_env)
    assert json.loads(third.stdout)["actions"] == 0
    assert counts(cli_env) == final

    app = build(load_settings(cli_env), clock=Clock(), actor="test:verify")
    try:
        assert app.verify_journal().ok
    finally:
        app.dispose()
