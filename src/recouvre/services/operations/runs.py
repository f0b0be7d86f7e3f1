"""One daily run at a time, and its record (docs/operations.md, « Une tournée à la fois »).

Two ``recouvre run`` started together on one database would each read the same due cases: on
SQLite the writer lock serialises their pages and the idempotency key refuses a second copy of
an action, but on PostgreSQL (READ COMMITTED) both would plan the same page and journal it
twice. ``exclusive_run`` takes the run lock first (``RunLock``: a lock the operating system or
the database server releases when the process dies, so a killed run never blocks the next);
the second run is refused at once with ``RunInProgress`` (« une tournée est déjà en cours pour
le … »), having done nothing.

Holding the lock, it marks any record still ``running`` as ``interrupted`` (its process died:
no other run can hold the lock), records the new run as ``running`` (committed, so that
``recouvre status`` sees it), hands a ``RunTicket`` to the caller, and records the outcome:
``done``, ``set_aside`` (some cases sent to review) or ``failed`` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from recouvre.domain.journal import format_timestamp
from recouvre.law.calendar import format_date_fr
from recouvre.services.errors import RunInProgress
from recouvre.services.operations.ports import (
    OperationsQueries,
    RunLock,
    RunOutcome,
    RunUnitOfWork,
)
from recouvre.services.ports import Clock


@dataclass(slots=True)
class RunTicket:
    """The run being recorded: the caller sets its counts and whether cases were set aside."""

    id: int
    on: date
    started: datetime
    counts: dict[str, int] = field(default_factory=dict)
    set_aside: bool = False

    def report(self, counts: Mapping[str, int], set_aside: bool) -> None:
        self.counts = dict(counts)
        self.set_aside = set_aside


def in_progress_message(queries: OperationsQueries, on: date) -> str:
    running = queries.running()
    if running is None:  # the lock holder has not recorded itself yet
        return (
            f"une tournée est déjà en cours pour le {format_date_fr(on)} : rien n'a été fait ; "
            "relancez la commande une fois celle-ci terminée (recouvre status)"
        )
    day, started = format_date_fr(running.on), running.started_at[:16].replace("T", " ")
    return (
        f"une tournée est déjà en cours pour le {day} (commencée le {started} UTC) : rien n'a "
        "été fait ; relancez la commande une fois celle-ci terminée (recouvre status)"
    )


@contextmanager
def exclusive_run(
    lock: RunLock,
    uow_factory: Callable[[], RunUnitOfWork],
    queries: OperationsQueries,
    clock: Clock,
    on: date,
) -> Iterator[RunTicket]:
    """The run lock held and the run recorded around the block (see the module docstring)."""
    if not lock.acquire():
        raise RunInProgress(in_progress_message(queries, on))
    try:
        started = clock.now()
        with uow_factory() as uow:
            uow.runs.interrupt_running(format_timestamp(started))
            run_id = uow.runs.start(on, format_timestamp(started))
            uow.commit()
        ticket = RunTicket(run_id, on, started)
        try:
            yield ticket
        except BaseException as error:
            _finish(uow_factory, clock, ticket, RunOutcome.FAILED, _reason(error))
            raise
        outcome = RunOutcome.SET_ASIDE if ticket.set_aside else RunOutcome.DONE
        _finish(uow_factory, clock, ticket, outcome, None)
    finally:
        lock.release()


def _reason(error: BaseException) -> str:
    """The failure as recorded: the error's kind and its (French) message, never a traceback."""
    text = str(error).strip()
    return f"{type(error).__name__}: {text}"[:500] if text else type(error).__name__


def _finish(
    uow_factory: Callable[[], RunUnitOfWork],
    clock: Clock,
    ticket: RunTicket,
    outcome: RunOutcome,
    error: str | None,
) -> None:
    ended = clock.now()
    duration_ms = max(0, int((ended - ticket.started).total_seconds() * 1000))
    with uow_factory() as uow:
        uow.runs.finish(
            ticket.id, format_timestamp(ended), outcome, ticket.counts, error, duration_ms
        )
        uow.commit()
