"""Wiring of the daily run (``services.daily_run``): the plan unit of work, the run's settings,
the run itself and the review queue of the actions waiting for a person."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, time

from recouvre.adapters.db.engine import DATABASE_UNAVAILABLE, wait_for_write_lock
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.bootstrap.app import App
from recouvre.services.daily_run import run as daily_run
from recouvre.services.daily_run.review import ReviewQueue
from recouvre.services.daily_run.run import DEFAULT_RUN_TIME, RunReport, RunSettings

RUN_CRASHED = 86  # the exit code of a run killed by the crash switch


def plan_uow(app: App, actor: str | None = None) -> SqlUnitOfWork:
    """A unit of work with the plan and action stores
    (``services.daily_run.ports.PlanUnitOfWork``)."""
    return SqlUnitOfWork(app.engine, app.clock, actor or app.actor, bulk=True)


def run_settings(
    app: App, run_time: time | None = None, page_size: int | None = None
) -> RunSettings:
    """The shipped scenarios and contact policy, and the legal tables (the run screens
    prescription with them: a case whose open invoices are all time-barred gets no contact and
    a closure proposal); the run's hour (09:00 Paris by default) and its page size (the
    settings' ``run_page_size`` by default)."""
    return RunSettings(
        scenarios=app.scenarios,
        policy=app.contact_policy,
        run_time=run_time or DEFAULT_RUN_TIME,
        page_size=page_size or app.settings.run_page_size,
        law=app.tables,
    )


def crash_after_pages(app: App) -> Callable[[int], None] | None:
    """The run's crash switch (``Settings.crash.run_after_pages``): after that many committed
    pages the process exits at once, with no cleanup and no rollback, as a killed one would."""
    limit = app.settings.crash.run_after_pages
    if limit is None:
        return None

    def crash(pages: int) -> None:
        if pages >= limit:
            os._exit(RUN_CRASHED)

    return crash


def run_day(
    app: App,
    on: date,
    dry_run: bool = False,
    *,
    settings: RunSettings | None = None,
    reference: bool = False,
    keep_lines: int = 10_000,
    run_id: int | None = None,
) -> RunReport:
    """``services.daily_run.run.run_day`` on the app's database (a simulator calls this daily),
    with the settings' crash switch. A case that fails is set aside for review; an error of the
    database itself (``DATABASE_UNAVAILABLE``: locked, unreachable) stops the run."""
    return daily_run.run_day(
        lambda: plan_uow(app),
        on,
        dry_run,
        settings=settings or run_settings(app),
        clock=app.clock,
        reference=reference,
        after_page=crash_after_pages(app),
        keep_lines=keep_lines,
        fatal=DATABASE_UNAVAILABLE,
        run_id=run_id,
    )


def wait_for_writer(app: App, on_wait: Callable[[float], None]) -> None:
    """Before the run: if another process holds the database's write lock (a long import),
    ``on_wait(seconds)`` is called and the run waits up to the settings' busy timeout
    (``RECOUVRE_DB_BUSY_TIMEOUT``), then ``adapters.db.engine.DatabaseBusy`` (docs/daily-run.md,
    « Base occupée »)."""
    wait_for_write_lock(app.engine, app.settings.db_busy_timeout_s, on_wait)


def review_queue(app: App, actor: str | None = None) -> ReviewQueue:
    """The review queue (``services.daily_run.review.ReviewQueue``); decisions journaled as
    ``actor``."""
    return ReviewQueue(lambda: plan_uow(app, actor), app.clock)
