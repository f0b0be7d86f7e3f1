"""Wiring of the invoice import (``services.imports``)."""

from __future__ import annotations

from recouvre.adapters.db.unit_of_work import SqlUnitOfWork, import_session
from recouvre.adapters.importers import open_invoice_file
from recouvre.bootstrap.app import App
from recouvre.services.imports.invoices import InvoiceImporter


def import_invoices_service(app: App) -> InvoiceImporter:
    """The invoice import: CSV/XLSX readers, the bulk writer on the app's database, the app's
    clock and actor."""
    return InvoiceImporter(
        open_file=open_invoice_file,
        open_store=lambda: import_session(
            SqlUnitOfWork(app.engine, app.clock, app.actor, bulk=True)
        ),
        clock=app.clock,
        actor=app.actor,
    )
