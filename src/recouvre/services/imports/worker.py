"""The *parse* and *validate* stages of an invoice import, in this process or in a worker one.

Reading and checking a row costs about as much Python as writing it, and Python runs one thread
at a time: for a big file (``WORKER_MIN_ROWS``), a child process parses and validates while the
importing process writes, so that the two halves run on two cores. The child queues chunks of
records, at most two waiting (the queue blocks the child when the writer lags): memory stays
bounded. It writes nothing: the transaction, and so the all-or-nothing rule, stay
with the importing process, which writes a chunk only while no error has been seen.

Records cross over as flat tuples of plain values: pickling named tuples and enums costs
more than validating them.

The child dies with its parent: killed (``kill -9``), the importing process can no longer read
the queue, and a child blocked on it would otherwise live on, holding the input file and the
database's files. On Linux the kernel kills the child when the parent dies
(``prctl(PR_SET_PDEATHSIG)``); elsewhere, and as a second guard, a thread of the child sees
its parent change (``os.getppid()``) and ends it.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from queue import Empty
from typing import TYPE_CHECKING, Any, NamedTuple

from recouvre.domain.parties import DebtorKind
from recouvre.services.errors import ServiceError
from recouvre.services.imports.rows import DebtorRecord, ImportIssue, InvoiceRecord
from recouvre.services.imports.validation import RowValidator

if TYPE_CHECKING:
    from recouvre.services.imports.ports import InvoiceSource

# From about this many rows, the worker process pays for itself (it starts in a few ms by fork).
WORKER_MIN_ROWS = 100_000

_QUEUED = 2  # chunks waiting for the writer, at most: memory stays bounded
_POLL_SECONDS = 1.0  # how often the writer checks that a silent worker is still alive
_ORPHAN_POLL_SECONDS = 0.5  # how often the worker checks that its parent is still alive
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

_COMPANY = DebtorKind.COMPANY
_CONSUMER = DebtorKind.CONSUMER


class Chunk(NamedTuple):
    """What validation hands to the writer: the records of up to a batch of rows, the errors
    seen in those rows, the rows read so far and the creditor known so far."""

    rows: int
    records: list[InvoiceRecord]
    issues: list[ImportIssue]
    creditor_siren: str | None


def validated(source: InvoiceSource, validator: RowValidator, batch_size: int) -> Iterator[Chunk]:
    """Parse and validate ``source``: a chunk per ``batch_size`` records (or errors).

    Once an error has been seen nothing will be written, so records are no longer kept; every
    row is still validated, so that every error is listed."""
    rows = 0
    failed = False
    records: list[InvoiceRecord] = []
    issues: list[ImportIssue] = []
    check = validator.check
    for row in source.rows():  # parse
        rows += 1
        record = check(row, issues)  # validate
        if issues:
            failed = True
            if len(issues) >= batch_size:
                yield Chunk(rows, records, issues, validator.creditor_siren)
                records, issues = [], []
        elif record is not None and not failed:
            records.append(record)
            if len(records) >= batch_size:
                yield Chunk(rows, records, issues, validator.creditor_siren)
                # New lists: a chunk may still be waiting to be pickled (the queue's thread).
                records, issues = [], []
    yield Chunk(rows, records, issues, validator.creditor_siren)


# --- Across processes ------------------------------------------------------------------------


_KEY_ONLY = 10  # length of a packed row whose debtor was described on an earlier row


def _pack(records: list[InvoiceRecord], described: set[str]) -> list[tuple[Any, ...]]:
    """Records as flat tuples of str, int, bool, date and None (cheap to pickle).

    A debtor crosses over in full the first time the file names it; later rows of the same
    debtor carry its key alone (about two rows in three): the writer reads a debtor's details
    only the first time it meets the key, where the first description in the file wins."""
    packed: list[tuple[Any, ...]] = []
    append = packed.append
    for line, number, issued, due, amount, paid, rate, completed, d in records:
        key = d[0]
        if key in described:
            append(
                (line, number, issued, due, amount, paid, rate, completed, key, d[1] is _COMPANY)
            )
        else:
            described.add(key)
            append(
                (line, number, issued, due, amount, paid, rate, completed,
                 key, d[1] is _COMPANY, d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10],
                 d[11])
            )  # fmt: skip
    return packed


def _described_earlier(key: str, kind: DebtorKind) -> DebtorRecord:
    """The debtor of a row whose debtor the file described on an earlier row: its key and kind;
    the details went over with that earlier row (see ``_pack``)."""
    return DebtorRecord(key, kind, "", None, None, "", "", "", "", None, "", "")


def _unpack(rows: list[tuple[Any, ...]]) -> list[InvoiceRecord]:
    new_debtor = DebtorRecord._make
    new_record = InvoiceRecord._make
    return [
        new_record(
            (*r[:8], new_debtor((r[8], _COMPANY if r[9] else _CONSUMER, *r[10:])))
            if len(r) > _KEY_ONLY
            else (*r[:8], _described_earlier(r[8], _COMPANY if r[9] else _CONSUMER))
        )
        for r in rows
    ]


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_ORPHAN_POLL_SECONDS)
    os._exit(1)  # the child writes nothing: nothing to flush or roll back


def _die_with_parent(parent: int) -> None:
    """End this process when ``parent`` dies: the kernel's signal on Linux, a watching thread
    everywhere (it also covers a parent that died before ``prctl`` was called)."""
    if sys.platform == "linux":
        # Without prctl in this libc, the thread below still watches.
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="recouvre-parent-watch", daemon=True
    ).start()


def _work(
    source: InvoiceSource,
    validator: RowValidator,
    batch_size: int,
    queue: Queue[Any],
    parent: int,
) -> None:
    """The child: validate, queue each chunk, then ``None``; an exception goes back as text.

    The queue's own thread pickles and sends a chunk while this one validates the next."""
    _die_with_parent(parent)
    try:
        described: set[str] = set()  # debtor keys already sent in full
        for rows, records, issues, creditor in validated(source, validator, batch_size):
            queue.put((rows, _pack(records, described), issues, creditor))
        queue.put(None)
    except BaseException:
        queue.put(traceback.format_exc())


class WorkerFailed(ServiceError):
    """The validation process stopped on an unexpected error (its traceback is the message)."""


def _received(queue: Queue[Any], process: BaseProcess) -> Iterator[Chunk]:
    while True:
        try:
            message = queue.get(timeout=_POLL_SECONDS)
        except Empty:
            if process.is_alive():
                continue
            try:
                message = queue.get(timeout=_POLL_SECONDS)  # sent just before it ended
            except Empty:
                raise WorkerFailed(
                    f"le processus de validation s'est arrêté (code {process.exitcode})"
                ) from None
        if message is None:
            return
        if isinstance(message, str):
            raise WorkerFailed(f"erreur dans le processus de validation :\n{message}")
        rows, packed, issues, creditor = message
        yield Chunk(rows, _unpack(packed), issues, creditor)


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def validation_worker(
    source: InvoiceSource, validator: RowValidator, batch_size: int
) -> Iterator[Iterator[Chunk]]:
    """The chunks of ``source``, validated in a forked child process (in this one when fork
    is not available). At most ``_QUEUED`` chunks wait; leaving the block stops the child."""
    if not fork_available():
        yield validated(source, validator, batch_size)
        return
    context = multiprocessing.get_context("fork")
    queue: Queue[Any] = context.Queue(maxsize=_QUEUED)
    process = context.Process(
        target=_work,
        args=(source, validator, batch_size, queue, os.getpid()),
        name="recouvre-import-validation",
        daemon=True,
    )
    process.start()
    try:
        yield _received(queue, process)
    finally:
        process.join(timeout=1)
        if process.is_alive():  # left early: the child may wait to queue a chunk
            process.terminate()
            process.join()
        queue.close()


__all__ = ["WORKER_MIN_ROWS", "Chunk", "WorkerFailed", "validated", "validation_worker"]
