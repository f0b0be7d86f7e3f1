"""Wiring of the judicial route (``services.judicial``): the judicial unit of work, the
procedures, the collective proceedings read from BODACC exports and the papers of a
procedure."""

from __future__ import annotations

from pathlib import Path

from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.adapters.files.sent_copies import FolderSentCopies
from recouvre.adapters.importers.bodacc import BodaccImport, read_bodacc_file
from recouvre.adapters.pdf.judicial.renderer import TypstPaperRenderer
from recouvre.bootstrap.app import App
from recouvre.law.courts import CourtDirectory
from recouvre.reference.court_loader import load_courts
from recouvre.services.judicial.collective_proceedings import CollectiveProceedingsService
from recouvre.services.judicial.papers import JudicialPapers
from recouvre.services.judicial.procedures import JudicialService
from recouvre.settings import Settings, load_settings


def judicial_uow(app: App, actor: str | None = None) -> SqlUnitOfWork:
    """The storage unit of work with the judicial store on the same transaction."""
    return SqlUnitOfWork(app.engine, app.clock, actor or app.actor)


def judicial_service(app: App) -> JudicialService:
    """The judicial route (``services.judicial.procedures.JudicialService``)."""
    return JudicialService(lambda: judicial_uow(app), app.tables, app.clock)


def collective_proceedings_service(app: App) -> CollectiveProceedingsService:
    """BODACC announcements matched to cases (``services.judicial.collective_proceedings``)."""
    return CollectiveProceedingsService(lambda: judicial_uow(app), app.tables, app.clock)


def judicial_papers(app: App) -> JudicialPapers:
    """The papers of a procedure and their exhibits (``services.judicial.papers``)."""
    return JudicialPapers(
        lambda: judicial_uow(app),
        app.tables,
        app.clock,
        TypstPaperRenderer(),
        load_courts(app.settings.config_dir),
        FolderSentCopies(app.settings.data_dir),
    )


def court_directory(settings: Settings | None = None) -> CourtDirectory:
    """The courts the papers address: the shipped directory completed by the user's
    ``config/courts.toml`` (``reference.court_loader``)."""
    return load_courts((settings or load_settings()).config_dir)


def read_bodacc(path: Path) -> BodaccImport:
    """A BODACC export (JSON or CSV) read from disk, with its problems."""
    return read_bodacc_file(path)
