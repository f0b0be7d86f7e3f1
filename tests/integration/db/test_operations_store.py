"""The operations adapters on both backends: the run lock (``flock`` beside a SQLite file, an
advisory lock on PostgreSQL) held by one holder at a time and seen by the others; the runs'
records and their read model (the last run of each date, the one running, the outcomes);
``exclusive_run`` recording a failure with its reason and releasing the lock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from recouvre.adapters.db.queries.operations import SqlOperationsQueries
from recouvre.adapters.db.run_lock import run_lock_for
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.services.errors import RunInProgress
from recouvre.services.operations.ports import RunOutcome
from recouvre.services.operations.runs import exclusive_run


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.moment += timedelta(seconds=2)
        return self.moment

    def today(self) -> date:
        return date(2026, 3, 2)


def test_one_holder_of_the_run_lock_at_a_time(db_engine: sa.Engine) -> None:
    first, second = run_lock_for(db_engine), run_lock_for(db_engine)
    assert not second.held_elsewhere()
    assert first.acquire()
    try:
        assert second.held_elsewhere()
        assert not second.acquire()
        assert not first.held_elsewhere()  # its own lock
    finally:
        first.release()
    assert not second.held_elsewhere()
    assert second.acquire()
    second.release()


def test_runs_recorded_and_read_back(db_engine: sa.Engine) -> None:
    clock = Clock()
    queries = SqlOperationsQueries(db_engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(db_engine, clock, "test")

    lock = run_lock_for(db_engine)
    for on in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 3)):
        with exclusive_run(lock, uow, queries, clock, on) as ticket:
            ticket.report({"actions": 3, "cases": 5}, set_aside=on.day == 3)
    with pytest.raises(ValueError), exclusive_run(lock, uow, queries, clock, date(2026, 3, 4)):
        raise ValueError("année 10000 hors calendrier")
    assert not lock.held_elsewhere() and lock.acquire()  # released after the failure
    lock.release()

    runs = queries.last_runs(7)
    assert [(r.on.day, r.outcome) for r in runs] == [
        (4, RunOutcome.FAILED), (3, RunOutcome.SET_ASIDE), (2, RunOutcome.DONE),
    ]  # fmt: skip
    assert runs[0].error == "ValueError: année 10000 hors calendrier"
    assert runs[1].counts == {"actions": 3, "cases": 5} and runs[1].duration_ms == 2000
    assert runs[1].id == 3  # the later of the two runs of 03/03
    assert queries.run_outcomes() == {"done": 1, "set_aside": 2, "failed": 1}
    assert queries.latest_finished() is not None and queries.latest_finished().on.day == 4  # type: ignore[union-attr]

    holder = run_lock_for(db_engine)
    assert holder.acquire()
    try:
        second = exclusive_run(run_lock_for(db_engine), uow, queries, clock, date(2026, 3, 5))
        with pytest.raises(RunInProgress, match="déjà en cours pour le 05/03/2026"), second:
            pass
    finally:
        holder.release()
    with uow() as unit:  # a record left running by a dead process
        unit.runs.start(date(2026, 3, 6), "2026-03-06T05:00:00.000000Z")
        unit.commit()
    assert queries.running() is not None
    with exclusive_run(lock, uow, queries, clock, date(2026, 3, 6)):
        assert queries.running() is not None and queries.running().id == 6  # type: ignore[union-attr]
    assert [r.outcome for r in queries.last_runs(1)] == [RunOutcome.DONE]
    assert queries.run_outcomes()["interrupted"] == 1
