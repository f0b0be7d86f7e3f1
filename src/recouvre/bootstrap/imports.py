"""Wiring of the invoice import (``services.imports``)."""

from __future__ import annotations

from recouvre.adapters.db.stores.invoices import invoice_store
from recouvre.adapters.importers import open_invoice_file
from recouvre.bootstrap.app import App
from recouvre.services.imports.invoices import InvoiceImporter


def import_invoices_service(app: App) -> InvoiceImporter:
    """The invoice import: CSV/XLSX readers, the bulk writer on the app's database, the app's
    clock and actor."""
    return InvoiceImporter(
        open_file=open_invoice_file,
        open_store=lambda: invoice_store(app.engine),
        clock=app.clock,
        actor=app.actor,
    )
