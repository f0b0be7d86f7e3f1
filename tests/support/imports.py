"""The invoice import's store on a database, as the composition root opens it: one bulk unit of
work per file (``adapters.db.unit_of_work.import_session``)."""

from __future__ import annotations

from contextlib import AbstractContextManager

import sqlalchemy as sa

from recouvre.adapters.clock import SystemClock
from recouvre.adapters.db.stores.invoices import SqlInvoiceStore
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork, import_session


def invoice_store(engine: sa.Engine) -> AbstractContextManager[SqlInvoiceStore]:
    return import_session(SqlUnitOfWork(engine, SystemClock(), "import", bulk=True))
