"""Wiring of the operations use cases (``services.operations``): the run lock and the runs'
records around ``recouvre run``, ``recouvre status``, ``recouvre metrics``, and the database
copies of ``recouvre backup`` and ``recouvre restore``."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

from recouvre.adapters.db import migrations
from recouvre.adapters.db.copies import copies_for
from recouvre.adapters.db.queries.operations import SqlOperationsQueries
from recouvre.adapters.db.run_lock import run_lock_for
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.bootstrap.app import App
from recouvre.services.operations import backups, metrics, runs, status
from recouvre.services.operations.ports import RunLock
from recouvre.services.operations.runs import RunTicket


def run_lock(app: App) -> RunLock:
    return run_lock_for(app.engine)


def exclusive_run(app: App, on: date) -> AbstractContextManager[RunTicket]:
    """The run lock held and the run recorded (``services.operations.runs.exclusive_run``);
    ``RunInProgress`` at once if another run holds the lock."""
    return runs.exclusive_run(
        run_lock(app),
        lambda: SqlUnitOfWork(app.engine, app.clock, app.actor),
        SqlOperationsQueries(app.engine),
        app.clock,
        on,
    )


def operations_status(app: App, on: date, dates: int = 7) -> status.OperationsStatus:
    return status.status(SqlOperationsQueries(app.engine), run_lock(app), on, dates)


def metrics_text(app: App) -> str:
    """The metrics in Prometheus text format (``services.operations.metrics.render``)."""
    return metrics.render(metrics.snapshot(SqlOperationsQueries(app.engine), run_lock(app)))


def backup(app: App, target: Path, force: bool) -> Path:
    """A consistent copy of the database to ``target`` (``services.operations.backups``)."""
    return backups.backup(copies_for(app.engine), target, force)


def check_copy(app: App, source: Path) -> str:
    """The migration revision of the copy ``source``; refused if no recouvre database."""
    return backups.check(copies_for(app.engine), source)


def restore(app: App, source: Path, confirm: Callable[[str], bool]) -> backups.Restored | None:
    """Replace the database by the copy ``source`` once checked and confirmed; the engine's
    connections are closed first (the file is rewritten under them)."""
    copies = copies_for(app.engine)
    app.engine.dispose()
    return backups.restore(copies, run_lock(app), source, migrations.head_revision(), confirm)
