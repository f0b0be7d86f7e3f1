"""The ports of the operations use cases (``services.operations``): the store of the runs'
records (on a unit of work), the run lock, the read model of the installation's state, and the
database copies (backup, restore)."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Protocol, Self


class RunOutcome(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    SET_ASIDE = "set_aside"  # done, but some cases were sent to review
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # found still ``running`` by the next run: the process died


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    on: date
    started_at: str  # UTC ISO
    finished_at: str | None
    outcome: RunOutcome
    counts: Mapping[str, int]
    error: str | None
    duration_ms: int | None


class RunStore(Protocol):
    def start(self, on: date, started_at: str) -> int:
        """A new record ``running``; its id."""
        ...

    def finish(
        self,
        run_id: int,
        finished_at: str,
        outcome: RunOutcome,
        counts: Mapping[str, int],
        error: str | None,
        duration_ms: int,
    ) -> None: ...

    def interrupt_running(self, finished_at: str) -> int:
        """Mark the records still ``running`` as ``interrupted``; how many there were."""
        ...


class RunUnitOfWork(Protocol):
    @property
    def runs(self) -> RunStore: ...

    def commit(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class RunLock(Protocol):
    """One daily run at a time per database, held by the process (released when it dies)."""

    def acquire(self) -> bool:
        """Take the lock without waiting; ``False`` if another process holds it."""
        ...

    def release(self) -> None: ...

    def held_elsewhere(self) -> bool:
        """Another process holds the lock now (a run in progress)."""
        ...


@dataclass(frozen=True, slots=True)
class UnsentAction:
    id: int
    case_reference: str
    step_id: str
    channel: str
    status: str
    due_on: date
    created_at: str


class OperationsQueries(Protocol):
    def last_runs(self, dates: int) -> list[RunRecord]:
        """The latest record of each of the ``dates`` latest run dates, newest date first."""
        ...

    def running(self) -> RunRecord | None:
        """The latest record still ``running``."""
        ...

    def action_counts(self) -> dict[str, int]:
        """How many actions are in each status (statuses with none are absent)."""
        ...

    def oldest_unsent(self, statuses: Sequence[str]) -> UnsentAction | None:
        """The action created first among those in ``statuses``."""
        ...

    def latest_statements(self) -> list[tuple[str, date | None]]:
        """Each account holder (creditor or agency with an IBAN) and the value date of its
        latest statement line (``None``: never imported)."""
        ...

    def latest_finished(self) -> RunRecord | None:
        """The run that ended last (any date)."""
        ...

    def run_outcomes(self) -> dict[str, int]:
        """How many runs ended with each outcome."""
        ...


class DatabaseCopies(Protocol):
    """The database's copies: ``backup`` writes a consistent copy while others write,
    ``restore`` replaces the database by a copy after checking it (both refuse in French)."""

    def backup(self, target: Path) -> None: ...

    def check(self, source: Path) -> str:
        """The copy's migration revision; a ``ServiceError`` if it is not a recouvre database
        at a known revision."""
        ...

    def restore(self, source: Path) -> Path | None:
        """Replace the database by ``source``; where the previous one was kept aside."""
        ...
