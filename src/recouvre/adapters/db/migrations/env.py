"""Alembic environment: runs on the connection handed over by ``migrations.upgrade``.

Run without one (the ``revision`` helper), it opens the URL in ``sqlalchemy.url``.
"""

from __future__ import annotations

from alembic import context

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.tables import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine_for(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as owned:
        _run(owned)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("recouvre : migrations hors ligne non prises en charge")
run_migrations_online()
