"""The migrations build exactly the schema of ``tables.py``, on every backend."""

from __future__ import annotations

import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.migrations import current_revision, head_revision, upgrade
from recouvre.adapters.db.tables import metadata


def schema_differences(engine: sqlalchemy.Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, metadata))


def test_migrated_schema_matches_the_tables_module(db_engine: sqlalchemy.Engine) -> None:
    assert current_revision(db_engine) == head_revision()
    assert schema_differences(db_engine) == []


def test_a_changed_schema_is_noticed(db_engine: sqlalchemy.Engine) -> None:
    # The comparison can fail: a column added behind Alembic's back shows up.
    with db_engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE creditors ADD COLUMN surprise INTEGER")
    assert schema_differences(db_engine) != []


def test_upgrade_is_idempotent_on_an_up_to_date_database(db_engine: sqlalchemy.Engine) -> None:
    upgrade(db_engine)
    assert current_revision(db_engine) == head_revision()
    assert schema_differences(db_engine) == []


def test_upgrade_creates_an_empty_sqlite_database_and_its_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nested" / "folder" / "recouvre.sqlite3"
    engine = create_engine_for(f"sqlite:///{path}")
    assert current_revision(engine) is None
    upgrade(engine)
    assert path.exists()
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 1,  # NORMAL
        "busy_timeout": 30000,
    }
