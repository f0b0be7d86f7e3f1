"""The daily run's lock (``services.operations.ports.RunLock``): one run at a time per
database, released by the operating system or the server when the process holding it dies, so
that a killed run never blocks the next one (docs/operations.md, « Une tournée à la fois »).

- SQLite file: an exclusive ``flock`` on ``<database>.run-lock`` beside the database (SQLite's
  own write lock is per transaction, and a run is many transactions);
- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on a connection of its own,
  held until ``release`` or the connection's end;
- in-memory SQLite: one process only, nothing to lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import sqlalchemy as sa

from recouvre.adapters.db.engine import sqlite_file

# The advisory lock's key: any constant of recouvre's own (b"recouvre" read as an integer).
ADVISORY_KEY = 0x7265636F75767265 & 0x7FFFFFFFFFFFFFFF


class FileRunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def _try(self) -> int | None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    def acquire(self) -> bool:
        if self.fd is not None:
            return True
        self.fd = self._try()
        return self.fd is not None

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def held_elsewhere(self) -> bool:
        if self.fd is not None:
            return False
        if not self.path.exists():
            return False
        fd = self._try()
        if fd is None:
            return True
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        return False


class AdvisoryRunLock:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.connection: sa.Connection | None = None

    def acquire(self) -> bool:
        if self.connection is not None:
            return True
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        taken = connection.scalar(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
        if not taken:
            connection.close()
            return False
        self.connection = connection
        return True

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.execute(
                    sa.text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY}
                )
            finally:
                self.connection.close()
                self.connection = None

    def held_elsewhere(self) -> bool:
        if self.connection is not None:
            return False
        query = sa.text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND ((classid::bigint << 32) | objid::bigint) = :k"
        )
        with self.engine.connect() as connection:
            return bool(connection.scalar(query, {"k": ADVISORY_KEY}))


class NoRunLock:
    """In-memory SQLite: the database lives in one process, no other run can reach it."""

    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        return None

    def held_elsewhere(self) -> bool:
        return False


def run_lock_for(engine: sa.Engine) -> FileRunLock | AdvisoryRunLock | NoRunLock:
    if engine.dialect.name == "postgresql":
        return AdvisoryRunLock(engine)
    path = sqlite_file(engine.url)
    if path is None:
        return NoRunLock()
    return FileRunLock(path.with_name(path.name + ".run-lock"))
