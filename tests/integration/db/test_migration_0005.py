"""Revision 0005 (agencies, creditors' agency and letter settings) upgrades a database at 0004
that holds data: every row kept, the new columns at their defaults, the foreign key enforced,
and the schema equal to ``tables.py``. SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_migrations import schema_differences

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.migrations import current_revision, downgrade, head_revision, upgrade
from recouvre.adapters.db.tables import agencies, cases, creditors, debtors, invoices

_numbers = itertools.count(1)


@pytest.fixture
def empty_engine(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[sa.Engine]:
    if backend == "sqlite":
        engine = create_engine_for(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield engine
        engine.dispose()
        return
    server = request.getfixturevalue("postgres_server")
    name = f"rcv_m5_{os.getpid()}_{next(_numbers)}"
    server.execute(f'CREATE DATABASE "{name}"')
    engine = create_engine_for(server.url_for(name), poolclass=sa.pool.NullPool)
    try:
        yield engine
    finally:
        engine.dispose()
        with contextlib.suppress(sa.exc.SQLAlchemyError):
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_upgrade_from_0004_keeps_the_data(empty_engine: sa.Engine) -> None:
    upgrade(empty_engine, "0004")
    assert current_revision(empty_engine) == "0004"
    old_creditor = sa.table(
        "creditors", *(sa.column(n) for n in ("id", "name", "siren", "iban", "via_agency"))
    )
    with empty_engine.begin() as connection:
        connection.execute(
            old_creditor.insert().values(
                id=1, name="Hydro Services Ouest SA", siren="552100554",
                iban="FR7630006000011234567890189", via_agency=True,
            )
        )  # fmt: skip
        connection.execute(
            debtors.insert().values(id=1, key="siren:542065479", kind="company", name="Schmitt")
        )
        connection.execute(
            cases.insert().values(
                id=1, creditor_id=1, debtor_id=1, reference="D-2026-000001", phase="amicable",
                attitude="unknown", opened_on=date(2026, 1, 5),
            )
        )  # fmt: skip
        connection.execute(
            invoices.insert().values(
                creditor_id=1, debtor_id=1, case_id=1, number="F-1", issue_date=date(2026, 1, 1),
                due_date=date(2026, 1, 31), amount_cents=123456,
            )
        )  # fmt: skip

    upgrade(empty_engine)

    assert current_revision(empty_engine) == head_revision()
    assert schema_differences(empty_engine) == []
    with empty_engine.connect() as connection:
        row = connection.execute(sa.select(creditors)).one()
        assert (row.name, row.siren, row.iban, row.via_agency) == (
            "Hydro Services Ouest SA", "552100554", "FR7630006000011234567890189", True,
        )  # fmt: skip
        assert (row.agency_id, row.window_side, row.payment_to, row.colour, row.template) == (
            None, "right", "creditor", None, None,
        )  # fmt: skip
        assert connection.execute(sa.select(sa.func.count()).select_from(cases)).scalar() == 1
        assert connection.execute(sa.select(invoices.c.amount_cents)).scalar() == 123456
    # The new link works, and only towards an agency that exists.
    with empty_engine.begin() as connection:
        agency_id = connection.execute(
            agencies.insert()
            .values(name="Cabinet Aubert", siren="901203455", activity="Recouvrement amiable")
            .returning(agencies.c.id)
        ).scalar_one()
        connection.execute(creditors.update().values(agency_id=agency_id))
    with pytest.raises(sa.exc.IntegrityError), empty_engine.begin() as connection:
        connection.execute(creditors.update().values(agency_id=agency_id + 100))


def test_downgrade_then_upgrade_again_keeps_creditors_and_cases(db_engine: sa.Engine) -> None:
    with db_engine.begin() as connection:
        agency_id = connection.execute(
            agencies.insert()
            .values(name="Cabinet Aubert", siren="901203455", activity="Recouvrement amiable")
            .returning(agencies.c.id)
        ).scalar_one()
        creditor_id = connection.execute(
            creditors.insert()
            .values(name="Hydro", siren="552100554", agency_id=agency_id, window_side="left")
            .returning(creditors.c.id)
        ).scalar_one()
        debtor_id = connection.execute(
            debtors.insert()
            .values(key="siren:542065479", kind="company", name="Schmitt")
            .returning(debtors.c.id)
        ).scalar_one()
        connection.execute(
            cases.insert().values(
                creditor_id=creditor_id, debtor_id=debtor_id, reference="D-2026-000001",
                phase="amicable", attitude="unknown", opened_on=date(2026, 1, 5),
            )
        )  # fmt: skip
    downgrade(db_engine, "0004")
    assert current_revision(db_engine) == "0004"
    with db_engine.begin() as connection:  # writing creditors still works at 0004
        connection.exec_driver_sql(
            "INSERT INTO creditors (name, siren) VALUES ('Transports Martin', '732829320')"
        )
    upgrade(db_engine)
    assert schema_differences(db_engine) == []
    with db_engine.connect() as connection:
        rows = connection.execute(
            sa.select(creditors.c.siren, creditors.c.agency_id, creditors.c.window_side).order_by(
                creditors.c.id
            )
        ).all()
        assert connection.execute(sa.select(cases.c.reference)).scalar() == "D-2026-000001"
    assert [tuple(r) for r in rows] == [("552100554", None, "right"), ("732829320", None, "right")]
