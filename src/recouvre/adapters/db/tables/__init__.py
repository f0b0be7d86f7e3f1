"""The schema, as SQLAlchemy Core tables, one module per capability. Alembic migrations
(``migrations/``) create it; ``metadata`` holds every table once all modules are imported.

- ``portfolio``: creditors and their payment-plan rules, agencies, debtors, cases, invoices,
  payments, case events, imports;
- ``journal``: the evidence journal (entries, stream heads, anchors);
- ``daily_run``: the actions outbox, the case plans, the withdrawn actions;
- ``channels``: call outcomes, registered mail and its tracking, bounced emails;
- ``bank``: the bank statement lines and what became of them;
- ``einvoicing``: the e-invoices' lifecycle statuses received from the platforms;
- ``web``: the web application's accounts, sessions and sign-in attempts;
- ``api``: the REST API's machine tokens and the answers kept for ``Idempotency-Key``;
- ``operations``: the record of each daily run;
- ``judicial``: facts, procedures and their events, exhibits, titles, collective proceedings,
  the creditors' legal identity for court papers.
"""

from recouvre.adapters.db.tables.api import api_idempotency, api_tokens
from recouvre.adapters.db.tables.bank import bank_lines, creditor_matching, debtor_ibans
from recouvre.adapters.db.tables.channels import (
    bounces,
    call_outcomes,
    registered_mail_items,
    tracking_events,
)
from recouvre.adapters.db.tables.daily_run import action_withdrawals, actions, case_plans
from recouvre.adapters.db.tables.einvoices import einvoice_documents
from recouvre.adapters.db.tables.einvoicing import invoice_statuses
from recouvre.adapters.db.tables.journal import (
    journal_anchor_items,
    journal_anchor_timestamps,
    journal_anchors,
    journal_entries,
    journal_streams,
)
from recouvre.adapters.db.tables.judicial import (
    collective_proceedings,
    creditor_legal_identities,
    enforceable_titles,
    exhibits,
    judicial_facts,
    procedure_events,
    procedures,
)
from recouvre.adapters.db.tables.operations import daily_runs
from recouvre.adapters.db.tables.portfolio import (
    agencies,
    cases,
    creditor_plan_rules,
    creditors,
    debtors,
    events,
    import_batches,
    invoices,
    metadata,
    payments,
)
from recouvre.adapters.db.tables.web import (
    web_login_attempts,
    web_sessions,
    web_user_creditors,
    web_users,
)

__all__ = [
    "action_withdrawals",
    "actions",
    "agencies",
    "api_idempotency",
    "api_tokens",
    "bank_lines",
    "bounces",
    "call_outcomes",
    "case_plans",
    "cases",
    "collective_proceedings",
    "creditor_legal_identities",
    "creditor_matching",
    "creditor_plan_rules",
    "creditors",
    "daily_runs",
    "debtor_ibans",
    "debtors",
    "einvoice_documents",
    "enforceable_titles",
    "events",
    "exhibits",
    "import_batches",
    "invoice_statuses",
    "invoices",
    "journal_anchor_items",
    "journal_anchor_timestamps",
    "journal_anchors",
    "journal_entries",
    "journal_streams",
    "judicial_facts",
    "metadata",
    "payments",
    "procedure_events",
    "procedures",
    "registered_mail_items",
    "tracking_events",
    "web_login_attempts",
    "web_sessions",
    "web_user_creditors",
    "web_users",
]
