"""Wiring of e-invoicing (``services.einvoicing``): a status file read by its format's reader,
the import use case on the plan unit of work, the 212 statuses written as CSV."""

from __future__ import annotations

from pathlib import Path

from recouvre.adapters.files.status_export import status_csv
from recouvre.adapters.importers.lifecycle import StatusFileError, StatusIssue, read_cdar
from recouvre.adapters.importers.lifecycle_rows import read_status_rows
from recouvre.bootstrap.app import App
from recouvre.bootstrap.cases import case_events
from recouvre.bootstrap.daily_run import plan_uow
from recouvre.domain.einvoicing import LifecycleStatus
from recouvre.services.einvoicing.export import cashed_statuses
from recouvre.services.einvoicing.statuses import StatusImport

MAX_STATUS_BYTES = 64 * 1024 * 1024


def read_status_file(path: Path) -> list[LifecycleStatus]:
    """Every status of the file (CDAR XML, CSV or JSON), read whole before anything is
    written; a refused file raises ``StatusFileError`` (or ``XmlRefused``)."""
    if not path.is_file():
        raise StatusFileError(path.name, [StatusIssue("", "fichier", "introuvable")])
    if path.stat().st_size > MAX_STATUS_BYTES:
        too_big = f"plus de {MAX_STATUS_BYTES // 2**20} Mio : découpez-le"
        raise StatusFileError(path.name, [StatusIssue("", "fichier", too_big)])
    data = path.read_bytes()
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        return read_cdar(data, path.name)
    return read_status_rows(data, path.name)


def status_import(app: App, hold_days: int) -> StatusImport:
    """The import use case (``services.einvoicing.statuses.StatusImport``)."""
    return StatusImport(lambda: plan_uow(app), case_events(app), app.clock, hold_days)


def cashed_status_csv(app: App, creditor_siren: str | None) -> tuple[int, str]:
    """How many 212 « Encaissée » statuses, and the CSV text that carries them."""
    statuses = cashed_statuses(lambda: plan_uow(app), creditor_siren, app.clock.today())
    return len(statuses), status_csv(statuses)
