"""One way to build a SQLAlchemy engine for recouvre, on SQLite or PostgreSQL 15 (psycopg 3).

SQLite is the embedded mode: one file in the data folder, written by one process at a time.
Each connection gets the pragmas that make it safe and fast for this use:

- ``journal_mode=WAL``: readers never block the writer (the CLI can list cases while an
  import runs);
- ``synchronous=NORMAL``: durable at each checkpoint, safe with WAL, far fewer fsyncs;
- ``foreign_keys=ON``: SQLite ignores foreign keys unless asked;
- ``busy_timeout``: a second writer waits for the lock instead of failing at once (30 s, or
  the ``busy_timeout_s`` the settings give: ``RECOUVRE_DB_BUSY_TIMEOUT``).

The pysqlite driver also gets its transaction handling fixed (SQLAlchemy's documented recipe):
it no longer opens transactions implicitly on its own schedule; SQLAlchemy emits ``BEGIN``
itself, so a unit of work is one SQLite transaction from its first statement to its commit.

PostgreSQL URLs are used as they are; ``postgresql://`` is upgraded to the psycopg 3 driver
(``postgresql+psycopg://``), the only one installed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url

from recouvre.adapters.errors import AdapterError

SQLITE_BUSY_TIMEOUT_MS = 30_000

# The errors of the database itself (locked past the busy timeout, connection lost, disk
# full...), not of one row: a batch that isolates failing items stops on these instead.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
)


class UnsupportedDatabase(AdapterError):
    """A database URL recouvre does not run on."""


class DatabaseBusy(AdapterError):
    """Another process (an import, another run) held the database's write lock longer than the
    busy timeout."""


LOCKED_MESSAGES = ("database is locked", "database table is locked")
POSTGRESQL_LOCK_NOT_AVAILABLE = "55P03"


def is_lock_timeout(error: BaseException) -> bool:
    """``error`` says the write lock could not be had in time: SQLite's ``database is locked``
    (the driver's error or SQLAlchemy's wrapper), PostgreSQL's ``lock_not_available``."""
    if isinstance(error, DatabaseBusy):
        return True
    if isinstance(error, sqlalchemy.exc.DBAPIError):
        orig = error.orig
        if getattr(orig, "sqlstate", None) == POSTGRESQL_LOCK_NOT_AVAILABLE:
            return True
        error = orig if isinstance(orig, BaseException) else error
    return isinstance(error, sqlite3.OperationalError) and any(
        text in str(error) for text in LOCKED_MESSAGES
    )


def wait_for_write_lock(
    engine: sqlalchemy.Engine, timeout_s: float, on_wait: Callable[[float], None]
) -> None:
    """Return once the SQLite write lock can be taken (it is released at once): at once if it
    is free; else after ``on_wait(timeout_s)`` (the caller says it waits), waiting up to
    ``timeout_s``; ``DatabaseBusy`` if it is still held then. PostgreSQL has no database-wide
    writer lock: nothing to wait for."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        try:
            driver.execute("PRAGMA busy_timeout=0")
            try:
                driver.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if not is_lock_timeout(error):
                    raise
                on_wait(timeout_s)
                driver.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
                try:
                    driver.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as again:
                    if not is_lock_timeout(again):
                        raise
                    raise DatabaseBusy(
                        f"base de données occupée par une autre écriture (un import en cours ?) "
                        f"depuis plus de {timeout_s:g} s : rien n'a été fait ; relancez la "
                        "commande une fois l'écriture terminée"
                    ) from again
            driver.execute("ROLLBACK")
        finally:
            driver.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")


def normalise_url(url: str | URL) -> URL:
    """The URL with its driver made explicit (``postgresql`` -> ``postgresql+psycopg``)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        return parsed
    raise UnsupportedDatabase(
        f"base de données non gérée : « {parsed.drivername} » (SQLite ou PostgreSQL 15 attendus)"
    )


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str | URL) -> Path | None:
    """The file a SQLite URL points to; ``None`` for an in-memory database or a server."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


def create_engine_for(
    url: str | URL, *, busy_timeout_s: float | None = None, **kwargs: Any
) -> sqlalchemy.Engine:
    """An engine for ``url``; for a SQLite file, its parent folder is created first, and a
    writer waits up to ``busy_timeout_s`` (default ``SQLITE_BUSY_TIMEOUT_MS``) for the lock."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        busy_ms = SQLITE_BUSY_TIMEOUT_MS if busy_timeout_s is None else int(busy_timeout_s * 1000)
        return _sqlite_engine(parsed, busy_ms, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return sqlalchemy.create_engine(parsed, **kwargs)


def _sqlite_engine(url: URL, busy_ms: int, **kwargs: Any) -> sqlalchemy.Engine:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", busy_ms / 1000)
    engine = sqlalchemy.create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy drive transactions (pysqlite's implicit BEGIN is disabled).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sqlalchemy.Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
