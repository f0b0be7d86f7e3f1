"""Invoice import: a file of invoices becomes creditors, debtors, cases and invoices, whole or not
at all.

The import is a pipeline of named stages that hand errors back as values (as beancount's
loader does):

    parse     an adapter (``recouvre.adapters.importers``) reads CSV or XLSX and yields
              ``RawRow``s whose cells are already typed (text, ``date``, ``Decimal``), each with
              the syntax errors of its cells;
    validate  ``RowValidator`` applies the rules of the domain (positive amount, due date not
              before the issue date, SIREN/SIRET keys, e-mail, duplicate numbers, the company or
              consumer kind) and yields ``InvoiceRecord``s;
    apply     batches of records go to the ``InvoiceStore`` port inside ONE transaction; the
              store reconciles each with what recouvre knows (``services.imports.recorded``:
              credit notes kept deducted, a recorded paid never lowered) and answers with what
              it created or changed, from which the journal entries are built here
              (``case_opened``, ``invoice_amount_changed``, ``invoices_imported``).

The three stages run streamed, in one pass: records are written batch after batch while no
error has been seen; after the first error nothing more is written, validation goes on to the
end of the file so that EVERY error is listed, and the transaction is rolled back. A file is
thus imported whole or not at all, in bounded memory (a few batches of records at a time).
Parsing and validating cost about as much Python as writing: a big file is parsed and validated
in a worker process while this one writes (``services.imports.worker``); a small one in this
process, with a writer thread one batch behind.

Amounts are ``Decimal`` euros when read and integer cents from validation on (``to_cents``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from recouvre.domain.errors import InvalidIdentifier
from recouvre.domain.events.cases import CaseOpened, Event, InvoiceAmountChanged
from recouvre.domain.events.imports import InvoicesImported
from recouvre.domain.identifiers import siren_of_siret, validate_siren
from recouvre.services.imports.ports import (
    AmountChange,
    BatchOutcome,
    ImportReport,
    InvoiceSource,
    InvoiceStore,
    OpenedCase,
    ProgressCallback,
    RowConflict,
)
from recouvre.services.imports.rows import (
    FIELD_LABELS,
    REQUIRED_FIELDS,
    DebtorRecord,
    Field,
    ImportIssue,
    InvoiceRecord,
    RawRow,
)
from recouvre.services.imports.validation import RowValidator
from recouvre.services.imports.worker import WORKER_MIN_ROWS, validated, validation_worker
from recouvre.services.ports import Clock

__all__ = [
    "FIELD_LABELS",
    "REQUIRED_FIELDS",
    "AmountChange",
    "BatchOutcome",
    "DebtorRecord",
    "Field",
    "ImportIssue",
    "ImportReport",
    "InvoiceImporter",
    "InvoiceRecord",
    "InvoiceSource",
    "InvoiceStore",
    "InvoicesImported",
    "OpenedCase",
    "RawRow",
    "RowConflict",
    "RowValidator",
    "import_invoices",
]

# The validate stage of a file: from its columns and the creditor named on the command line.
ValidatorFactory = Callable[[Mapping[Field, str], str | None], RowValidator]

DEFAULT_BATCH_SIZE = 20_000
MAX_KEPT_ISSUES = 1_000  # every error is counted; the first ones are kept and listed
MAX_KEPT_CHANGES = 10_000
MAX_KEPT_PAID = 1_000  # invoices whose recorded paid was kept: all counted, the first ones named


# --- The pipeline ----------------------------------------------------------------------------


def normalise_creditor(value: str) -> str | ImportIssue:
    """The SIREN named by ``--creditor`` (a SIRET gives its SIREN), or the error."""
    compact = value.replace(" ", "").replace(".", "")
    try:
        return siren_of_siret(compact) if len(compact) == 14 else validate_siren(compact)
    except InvalidIdentifier as exc:
        return ImportIssue(None, None, f"--creditor : {exc}")


def import_invoices(
    source: InvoiceSource,
    open_store: Callable[[], AbstractContextManager[InvoiceStore]],
    *,
    creditor_siren: str | None,
    on: date,
    recorded_at: datetime,
    actor: str,
    progress: ProgressCallback | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    worker: bool | None = None,
    validator: ValidatorFactory = RowValidator,
) -> ImportReport:
    """Import ``source`` whole or not at all; the report lists every error (first ones kept).

    ``on`` is the date of the import (cases opened on it), ``recorded_at`` the UTC timestamp of
    the journal entries and ``actor`` who ran it: all passed in, never read from the clock.
    ``worker``: parse and validate in a child process (``validation_worker``) while this one
    writes; ``None`` decides from the file's size (``WORKER_MIN_ROWS``). ``validator`` makes
    the validate stage from the columns and the creditor (a format may refine ``RowValidator``:
    the FEC import keys its debtors by their customer account).
    """
    run = _Run(source, creditor_siren, on, recorded_at, actor, validator)
    for issue in source.issues:
        run.add_issue(issue)
    if worker is None:
        worker = (source.expected_rows or 0) >= WORKER_MIN_ROWS
    worker = worker and not source.issues
    # The worker process is started first, before this one opens a transaction or a thread.
    # With it, this process only writes (the worker validates meanwhile); without it, a writer
    # thread works one batch behind validation, so that the database's own work (SQLite
    # releases the GIL while it inserts) overlaps the parsing.
    with (
        validation_worker(source, run.validator, batch_size) if worker
        else nullcontext(validated(source, run.validator, batch_size)) as chunks,
        open_store() as store,
        nullcontext(None) if worker
        else ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-apply") as writer,
    ):  # fmt: skip
        pending: Future[list[ImportIssue]] | None = None
        store.expect(source.expected_rows)

        def hand_over(batch: list[InvoiceRecord]) -> None:
            """Wait for the batch being written, then write ``batch`` if still clean."""
            nonlocal pending
            if pending is not None:
                for conflict in pending.result():
                    run.add_issue(conflict)
                pending = None
            if not batch or run.issue_count:
                return
            if writer is None:
                for conflict in run.apply(store, batch):
                    run.add_issue(conflict)
            else:
                pending = writer.submit(run.apply, store, batch)

        for chunk in chunks:
            run.rows = chunk.rows
            run.validator.creditor_siren = chunk.creditor_siren
            for issue in chunk.issues:
                run.add_issue(issue)
            hand_over(chunk.records)  # apply
            if progress is not None:
                progress(run.rows)
        hand_over([])
        if run.rows == 0 and not run.issue_count:
            run.add_issue(ImportIssue(None, None, "le fichier ne contient aucune facture"))
        if run.issue_count:
            return run.report()  # leaving without commit rolls everything back
        run.finish(store)
        store.commit()
    return run.report()


@dataclass(frozen=True, slots=True)
class InvoiceImporter:
    """The import use case with its adapters wired in (``bootstrap.import_invoices_service``):
    ``open`` a file (the CLI reads ``expected_rows`` for its progress bar), then ``run`` it."""

    open_file: Callable[[Path], InvoiceSource]
    open_store: Callable[[], AbstractContextManager[InvoiceStore]]
    clock: Clock
    actor: str

    def open(self, path: Path) -> InvoiceSource:
        return self.open_file(path)

    def run(
        self,
        source: InvoiceSource,
        *,
        creditor_siren: str | None = None,
        progress: ProgressCallback | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        worker: bool | None = None,
    ) -> ImportReport:
        return import_invoices(
            source,
            self.open_store,
            creditor_siren=creditor_siren,
            on=self.clock.today(),
            recorded_at=self.clock.now(),
            actor=self.actor,
            progress=progress,
            batch_size=batch_size,
            worker=worker,
        )


class _Run:
    """The state of one import: counts, kept errors and changes."""

    def __init__(
        self,
        source: InvoiceSource,
        creditor_siren: str | None,
        on: date,
        recorded_at: datetime,
        actor: str,
        validator: ValidatorFactory = RowValidator,
    ) -> None:
        self.source = source
        self.on = on
        self.recorded_at = recorded_at
        self.actor = actor
        self.rows = self.created = self.changed = self.unchanged = self.cases_opened = 0
        self.issues: list[ImportIssue] = []
        self.issue_count = 0
        self.changes: list[AmountChange] = []
        self.change_count = 0
        self.paid_kept: list[str] = []
        self.paid_kept_count = 0
        self.creditor_id: int | None = None
        siren: str | None = None
        if creditor_siren is not None:
            checked = normalise_creditor(creditor_siren)
            if isinstance(checked, ImportIssue):
                self.add_issue(checked)
            else:
                siren = checked
        self.validator = validator(source.columns, siren)
        if creditor_siren is None and Field.CREDITOR not in source.columns:
            self.add_issue(
                ImportIssue(
                    None,
                    None,
                    "créancier non indiqué : ajoutez --creditor SIREN ou une colonne "
                    f"« {FIELD_LABELS[Field.CREDITOR]} »",
                )
            )

    def add_issue(self, issue: ImportIssue) -> None:
        self.issue_count += 1
        if len(self.issues) < MAX_KEPT_ISSUES:
            self.issues.append(issue)

    def apply(self, store: InvoiceStore, batch: Sequence[InvoiceRecord]) -> list[ImportIssue]:
        """Write one batch (in the writer thread); returns the rows the database refused.

        Only this method, one call at a time, touches the counts below until the end."""
        if self.creditor_id is None:
            siren = self.validator.creditor_siren
            assert siren is not None  # else an issue was recorded and nothing is written
            self.creditor_id = store.creditor_id(siren)
        outcome = store.apply(self.creditor_id, batch, self.on)
        if outcome.conflicts:
            return [
                ImportIssue(c.line, self.validator.column(c.field), c.message)
                for c in outcome.conflicts
            ]
        self.created += outcome.created
        self.changed += outcome.changed
        self.unchanged += outcome.unchanged
        self.cases_opened += len(outcome.opened_cases)
        self.change_count += len(outcome.amount_changes)
        room = MAX_KEPT_CHANGES - len(self.changes)
        self.changes.extend(outcome.amount_changes[: max(room, 0)])
        self.paid_kept_count += len(outcome.paid_kept)
        self.paid_kept.extend(outcome.paid_kept[: max(MAX_KEPT_PAID - len(self.paid_kept), 0)])
        events: list[Event] = [
            CaseOpened(c.case_id, self.on, creditor_id=self.creditor_id, debtor_id=c.debtor_id)
            for c in outcome.opened_cases
        ]
        events.extend(
            InvoiceAmountChanged(
                c.case_id,
                self.on,
                invoice_number=c.number,
                old_amount=c.old_amount,
                new_amount=c.new_amount,
                source=f"{self.source.name} (ligne {c.line})",
            )
            for c in outcome.amount_changes
        )
        if events:
            store.append_journal(events, actor=self.actor, recorded_at=self.recorded_at)
        return []

    def finish(self, store: InvoiceStore) -> None:
        """Journal the import itself on the global stream and keep the batch row."""
        assert self.creditor_id is not None
        event = InvoicesImported(
            None,
            self.on,
            creditor_id=self.creditor_id,
            file_name=self.source.name,
            file_sha256=self.source.sha256,
            rows=self.rows,
            created=self.created,
            changed=self.changed,
            unchanged=self.unchanged,
            cases_opened=self.cases_opened,
        )
        store.append_journal([event], actor=self.actor, recorded_at=self.recorded_at)
        store.record_import(event, recorded_at=self.recorded_at)

    def report(self) -> ImportReport:
        failed = self.issue_count > 0
        return ImportReport(
            file_name=self.source.name,
            file_sha256=self.source.sha256,
            creditor_siren=self.validator.creditor_siren,
            rows=self.rows,
            created=0 if failed else self.created,
            changed=0 if failed else self.changed,
            unchanged=0 if failed else self.unchanged,
            cases_opened=0 if failed else self.cases_opened,
            amount_changes=() if failed else tuple(self.changes),
            amount_change_count=0 if failed else self.change_count,
            issues=tuple(self.issues),
            issue_count=self.issue_count,
            paid_kept=() if failed else tuple(self.paid_kept),
            paid_kept_count=0 if failed else self.paid_kept_count,
        )
