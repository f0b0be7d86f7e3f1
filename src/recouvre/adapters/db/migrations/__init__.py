"""Alembic migrations, shipped inside the package and configured in code (no alembic.ini).

``upgrade(engine)`` brings any database (empty or older) to the latest revision; ``recouvre
init`` calls it. ``SQLite`` migrations run in batch mode (``render_as_batch``) because SQLite
cannot ALTER most things in place.

To write a new revision after changing ``tables.py``::

    .venv/bin/python -m recouvre.adapters.db.migrations revision "what changed"

(autogenerates against a scratch SQLite database migrated to head; review the file, add any
trigger or data step by hand).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

SCRIPT_LOCATION = Path(__file__).resolve().parent


def alembic_config(connection: sqlalchemy.Connection | None = None) -> Config:
    """An Alembic configuration pointing at this package; ``connection`` is handed to env.py."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: sqlalchemy.Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sqlalchemy.Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the latest), in one transaction."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: sqlalchemy.Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
