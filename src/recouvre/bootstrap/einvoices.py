"""Wiring of the e-invoice import (``services.imports.einvoices``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from recouvre.adapters.db.stores.einvoices import SqlEInvoiceStore
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.adapters.importers.einvoice import open_einvoice
from recouvre.bootstrap.app import App
from recouvre.services.imports.einvoices import EInvoiceImporter


def einvoice_import(app: App) -> EInvoiceImporter:
    """The e-invoice import: the Factur-X/CII/UBL reader, one unit of work per file on the
    app's database, the app's clock and actor."""

    @contextmanager
    def open_store() -> Iterator[SqlEInvoiceStore]:
        uow = SqlUnitOfWork(app.engine, app.clock, app.actor)
        with uow:  # leaving without the store's commit rolls the whole file back
            yield SqlEInvoiceStore(uow.connection, uow.commit, uow.writer)

    return EInvoiceImporter(
        open_file=open_einvoice, open_store=open_store, clock=app.clock, actor=app.actor
    )
