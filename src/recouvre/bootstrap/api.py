"""Wiring of the REST API: its tokens (``services.api_tokens``) on the unit of work, and the
use cases it shares with the command line (case events, the review queue, the invoice
import), each journaled as the token's user (``api:<login>``)."""

from __future__ import annotations

from recouvre.adapters.db.unit_of_work import SqlUnitOfWork, import_session
from recouvre.adapters.importers import open_invoice_file
from recouvre.bootstrap.app import App
from recouvre.services.api_tokens.tokens import ApiTokens
from recouvre.services.imports.invoices import InvoiceImporter


def api_tokens_service(app: App) -> ApiTokens:
    """``recouvre token create/list/revoke`` and the API's bearer check."""
    return ApiTokens(app.uow, app.snapshot, app.clock)


def api_actor(login: str) -> str:
    """Who the journal names for an act done through the API with a user's token."""
    return f"api:{login}"


def invoice_importer_as(app: App, actor: str) -> InvoiceImporter:
    """``recouvre import invoices``'s importer, journaled as ``actor``."""
    return InvoiceImporter(
        open_file=open_invoice_file,
        open_store=lambda: import_session(SqlUnitOfWork(app.engine, app.clock, actor, bulk=True)),
        clock=app.clock,
        actor=actor,
    )
