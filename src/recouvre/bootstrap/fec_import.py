"""Wiring of the FEC import (``services.imports.fec``)."""

from __future__ import annotations

from recouvre.adapters.db.unit_of_work import SqlUnitOfWork, import_session
from recouvre.adapters.importers.fec import read_fec
from recouvre.bootstrap.app import App
from recouvre.services.imports.fec.importer import FecImporter


def import_fec_service(app: App) -> FecImporter:
    """The FEC import: the FEC reader, the invoice import's writer on the app's database, the
    app's clock and actor."""
    return FecImporter(
        open_file=read_fec,
        open_store=lambda: import_session(
            SqlUnitOfWork(app.engine, app.clock, app.actor, bulk=True)
        ),
        clock=app.clock,
        actor=app.actor,
    )
