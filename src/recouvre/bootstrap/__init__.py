"""The composition root: the only place where adapters are wired to services.

One module per capability: ``app`` (``App`` and ``build``: the engine, the clock, the actor,
the legal tables read once), ``cases``, ``daily_run``, ``outbox``, ``judicial``, ``parties``,
``imports``, ``simulation``, and for the commands that need no database ``law``, ``letters`` and
``scenarios``; ``errors`` names the exceptions an entry point shows as a French message. Each
wiring function takes the ``App`` (``def judicial_service(app: App) -> JudicialService``); the
names below are the package's public surface.
"""

from __future__ import annotations

from recouvre.bootstrap.app import App, DatabaseNotReady, build, default_actor, today
from recouvre.bootstrap.cases import case_events, plan_rules_settings, portfolio_reader
from recouvre.bootstrap.daily_run import (
    plan_uow,
    review_queue,
    run_day,
    run_settings,
    wait_for_writer,
)
from recouvre.bootstrap.imports import import_invoices_service
from recouvre.bootstrap.judicial import (
    collective_proceedings_service,
    court_directory,
    judicial_papers,
    judicial_service,
    judicial_uow,
    read_bodacc,
)
from recouvre.bootstrap.outbox import (
    BounceMailboxNotConfigured,
    attach_acknowledgement_scan,
    bounce_store,
    call_store,
    fetch_mail_bounces,
    fixed_indemnity,
    imap_settings,
    import_bounce_folder,
    import_tracking_file,
    outbox_retry,
    outbox_sender,
    outbox_store,
    preview_action,
    registered_mail_store,
    send_outbox,
)
from recouvre.bootstrap.parties import (
    debtors_service,
    debtors_uow,
    legal_identities,
    parties_service,
    parties_uow,
)
from recouvre.bootstrap.payments import (
    assign_bank_line,
    bank_lines,
    bank_lines_to_review,
    payment_threshold,
    read_statement_files,
    set_bank_line_aside,
    stale_statements,
    statement_import,
)

__all__ = [
    "App",
    "BounceMailboxNotConfigured",
    "DatabaseNotReady",
    "assign_bank_line",
    "attach_acknowledgement_scan",
    "bank_lines",
    "bank_lines_to_review",
    "bounce_store",
    "build",
    "call_store",
    "case_events",
    "collective_proceedings_service",
    "court_directory",
    "debtors_service",
    "debtors_uow",
    "default_actor",
    "fetch_mail_bounces",
    "fixed_indemnity",
    "imap_settings",
    "import_bounce_folder",
    "import_invoices_service",
    "import_tracking_file",
    "judicial_papers",
    "judicial_service",
    "judicial_uow",
    "legal_identities",
    "outbox_retry",
    "outbox_sender",
    "outbox_store",
    "parties_service",
    "parties_uow",
    "payment_threshold",
    "plan_rules_settings",
    "plan_uow",
    "portfolio_reader",
    "preview_action",
    "read_bodacc",
    "read_statement_files",
    "registered_mail_store",
    "review_queue",
    "run_day",
    "run_settings",
    "send_outbox",
    "set_bank_line_aside",
    "stale_statements",
    "statement_import",
    "today",
    "wait_for_writer",
]
