"""The schema, as SQLAlchemy Core tables. Alembic migrations (``migrations/``) create it.

Money is stored as integer cents (``*_cents`` BIGINT), never as REAL or NUMERIC: SQLite has no
decimal type and would hand floats back. Dates are ISO dates; timestamps are UTC.
Rates are stored as text decimals (``"12.40"`` percent) so they round-trip exactly.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

creditors = Table(
    "creditors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("siren", String(9), nullable=False, unique=True),
    Column("siret", String(14)),
    Column("vat_number", String(20)),
    Column("iban", String(34)),
    Column("bic", String(11)),
    Column("address_lines", Text, nullable=False, server_default=text("''")),
    Column("postal_code", String(10), nullable=False, server_default=text("''")),
    Column("city", String(100), nullable=False, server_default=text("''")),
    Column("country", String(2), nullable=False, server_default="FR"),
    Column("email", String(254)),
    Column("phone", String(30)),
    Column("logo_path", Text),
    # True when a collection agency collects for this creditor (CPCE R124-4 mentions apply).
    # Kept equal to ``agency_id IS NOT NULL`` by ``party_store`` (revision 0005).
    Column("via_agency", Boolean, nullable=False, server_default=text("false")),
    # --- revision 0005: the agency writing for this creditor, and the letters' appearance ---
    Column("agency_id", Integer, ForeignKey("agencies.id")),
    Column("window_side", String(5), nullable=False, server_default="right"),  # left | right
    Column("colour", String(7)),  # #rrggbb; null: the shipped colour
    Column("signature_path", Text),
    Column("signatory", String(200)),
    Column("signatory_title", String(200)),
    Column("template", String(64)),  # a .typ name; null: the shipped "letter"
    # Whose IBAN the payment block shows when an agency writes: creditor | agency.
    Column("payment_to", String(8), nullable=False, server_default="creditor"),
)

# Collection agencies (CPCE L124-1): who writes for a creditor, with the R124-4 1° activity
# statement and the R124-2 guarantees as user-editable text (revision 0005).
agencies = Table(
    "agencies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("siren", String(9), nullable=False, unique=True),
    Column("siret", String(14)),
    Column("address_lines", Text, nullable=False, server_default=text("''")),
    Column("postal_code", String(10), nullable=False, server_default=text("''")),
    Column("city", String(100), nullable=False, server_default=text("''")),
    Column("country", String(2), nullable=False, server_default="FR"),
    Column("email", String(254)),
    Column("phone", String(30)),
    Column("iban", String(34)),
    Column("bic", String(11)),
    Column("activity", Text, nullable=False),
    Column("liability_insurance", Text, nullable=False, server_default=text("''")),
    Column("funds_account", Text, nullable=False, server_default=text("''")),
    Column("prosecutor_declaration", Text, nullable=False, server_default=text("''")),
    Column("logo_path", Text),
)

debtors = Table(
    "debtors",
    metadata,
    Column("id", Integer, primary_key=True),
    # Natural key used by imports: "siren:<SIREN>" for companies, "consumer:<name>|<postal code>"
    # (normalised) for consumers. Debtors are shared across creditors so that contact caps count
    # every contact a person receives.
    Column("key", String(300), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("name", String(200), nullable=False),
    Column("siren", String(9)),
    Column("siret", String(14)),
    Column("address_lines", Text, nullable=False, server_default=text("''")),
    Column("postal_code", String(10), nullable=False, server_default=text("''")),
    Column("city", String(100), nullable=False, server_default=text("''")),
    Column("country", String(2), nullable=False, server_default="FR"),
    Column("departement", String(3)),
    Column("emails", Text, nullable=False, server_default=text("''")),  # newline-separated
    Column("phones", Text, nullable=False, server_default=text("''")),  # newline-separated
    Column("language", String(5), nullable=False, server_default="fr"),
    Column("do_not_contact", Boolean, nullable=False, server_default=text("false")),
    Column("only_channel", String(10)),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("creditor_id", Integer, ForeignKey("creditors.id"), nullable=False),
    Column("debtor_id", Integer, ForeignKey("debtors.id"), nullable=False),
    Column("reference", String(40), nullable=False, unique=True),
    Column("phase", String(32), nullable=False),
    Column("attitude", String(32), nullable=False),
    Column("closure", String(32)),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("scenario_id", String(64)),
    # Set by the planner whenever an event touches the case; the daily run scans it by range.
    Column("next_action_on", Date),
    Index(
        "uq_cases_open_per_pair",
        "creditor_id",
        "debtor_id",
        unique=True,
        sqlite_where=text("phase <> 'closed'"),
        postgresql_where=text("phase <> 'closed'"),
    ),
    Index("ix_cases_next_action_on", "next_action_on"),
)

invoices = Table(
    "invoices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("creditor_id", Integer, ForeignKey("creditors.id"), nullable=False),
    Column("debtor_id", Integer, ForeignKey("debtors.id"), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id")),
    Column("number", String(64), nullable=False),
    Column("issue_date", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("paid_cents", BigInteger, nullable=False, server_default="0"),
    Column("currency", String(3), nullable=False, server_default="EUR"),
    Column("contractual_rate", String(12)),  # percent per year, text decimal
    Column("completed_on", Date),
    Column("status", String(16), nullable=False, server_default="open"),  # open | paid | cancelled
    UniqueConstraint("creditor_id", "number", name="uq_invoices_creditor_number"),
    Index("ix_invoices_case_id", "case_id"),
    Index("ix_invoices_debtor_id", "debtor_id"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("designated_invoice", String(64)),
    Column("reference", String(140)),
    Column("source", String(32), nullable=False, server_default="manual"),
    Index("ix_payments_case_id", "case_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id")),
    Column("kind", String(64), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("recorded_at", String(32), nullable=False),  # UTC ISO timestamp
    Column("actor", String(120), nullable=False),
    Index("ix_events_case_id", "case_id"),
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("creditor_id", Integer, ForeignKey("creditors.id"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("created", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("imported_at", String(32), nullable=False),
)

# --- Evidence journal (docs/architecture.md, "The evidence journal") -------------------------
# Append-only: triggers created by the migrations refuse UPDATE and DELETE on journal_entries,
# journal_anchors and journal_anchor_items. One hash chain per stream ("case:<id>", "global").

journal_entries = Table(
    "journal_entries",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("stream", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),  # 1, 2, 3... within the stream
    Column("case_id", Integer, ForeignKey("cases.id")),
    Column("kind", String(64), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", String(32), nullable=False),  # UTC ISO timestamp, ends with Z
    Column("actor", String(120), nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("document_sha256", String(64)),
    Column("prev_digest", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
    # Also the index verify and per-case reads use; a second writer on the same seq fails here.
    UniqueConstraint("stream", "seq", name="uq_journal_entries_stream_seq"),
)

# The head of each chain: appends lock this row (PostgreSQL: SELECT ... FOR UPDATE), so two
# writers of the same stream queue up and writers of different streams never meet.
journal_streams = Table(
    "journal_streams",
    metadata,
    Column("stream", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("anchored_seq", BigInteger, nullable=False, server_default="0"),
    Index(
        "ix_journal_streams_unanchored",
        "stream",
        sqlite_where=text("seq > anchored_seq"),
        postgresql_where=text("seq > anchored_seq"),
    ),
)

# The global anchor chain: each anchor hashes the heads of the streams changed since the last.
journal_anchors = Table(
    "journal_anchors",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("anchored_at", String(32), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("streams", Integer, nullable=False),
    Column("root", String(64), nullable=False),
    Column("prev_digest", String(64), nullable=False),
    Column("digest", String(64), nullable=False),
)

journal_anchor_items = Table(
    "journal_anchor_items",
    metadata,
    Column("anchor_seq", BigInteger, ForeignKey("journal_anchors.seq"), primary_key=True),
    Column("stream", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("digest", String(64), nullable=False),
)

# --- channels (wave 2) ---
# Phone-call outcomes, registered-mail items with their tracking events, and bounced emails
# (docs/outbox.md). Call tasks themselves are ``actions`` rows with channel "phone".

call_outcomes = Table(
    "call_outcomes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action_id", Integer, ForeignKey("actions.id"), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    # reached | no_answer | wrong_number | promise | dispute | payment_plan
    Column("outcome", String(32), nullable=False),
    Column("promised_cents", BigInteger),
    Column("promised_by", Date),
    Column("reason", Text),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", String(32), nullable=False),  # UTC ISO timestamp
    Column("actor", String(120), nullable=False),
    Index("ix_call_outcomes_case_id", "case_id"),
    Index("ix_call_outcomes_action_id", "action_id"),
)

registered_mail_items = Table(
    "registered_mail_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("action_id", Integer, ForeignKey("actions.id"), nullable=False, unique=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("tracking_number", String(40), unique=True),  # null until the letter is posted
    Column("batch_on", Date, nullable=False),  # the print batch the letter went into
    Column("posted_on", Date),
    # printed | posted | presented | delivered | returned_unclaimed | returned_unknown_address
    Column("status", String(32), nullable=False),
    Column("presented_on", Date),
    Column("delivered_on", Date),
    Column("returned_on", Date),
    Column("updated_at", String(32), nullable=False),
    Index("ix_registered_mail_items_case_id", "case_id"),
)

tracking_events = Table(
    "tracking_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("registered_mail_items.id"), nullable=False),
    Column("tracking_number", String(40), nullable=False),
    # presented | delivered | returned_unclaimed | returned_unknown_address
    Column("event", String(32), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("source_line", Integer, nullable=False),
    Column("imported_at", String(32), nullable=False),
    # The same file imported twice records nothing new.
    UniqueConstraint(
        "tracking_number", "event", "occurred_on", name="uq_tracking_events_number_event_date"
    ),
)

bounces = Table(
    "bounces",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("file_sha256", String(64), nullable=False),  # the notification file's digest
    Column("file_name", Text, nullable=False),
    Column("message_id", String(200)),  # the Message-ID of the email that bounced
    Column("address", String(254), nullable=False),
    Column("permanent", Boolean, nullable=False),
    Column("diagnostic", Text),
    Column("action_id", Integer, ForeignKey("actions.id")),
    Column("case_id", Integer, ForeignKey("cases.id")),
    Column("debtor_id", Integer, ForeignKey("debtors.id")),
    Column("imported_at", String(32), nullable=False),
    # One notification may report several recipients; importing it again records nothing.
    UniqueConstraint("file_sha256", "address", name="uq_bounces_file_address"),
    Index("ix_bounces_debtor_id", "debtor_id"),
)

# --- judicial (wave 2) -------------------------------------------------------------------------
# Procedures before the courts (docs/judicial-procedures.md), their dated events, the exhibits
# produced, the facts the route recommendation reads, the titles held and the collective
# proceedings matched from the BODACC. Events are append-only facts; deadlines are computed
# from them by the law engine, never stored.

judicial_facts = Table(
    "judicial_facts",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("nature", String(32), nullable=False, server_default="commercial"),
    Column("dispute", String(16), nullable=False, server_default="none"),
    Column("signed_order", Boolean, nullable=False, server_default=text("false")),
    Column("accepted_quote", Boolean, nullable=False, server_default=text("false")),
    Column("delivery_note", Boolean, nullable=False, server_default=text("false")),
    Column("terms_accepted", Boolean, nullable=False, server_default=text("false")),
    Column("bill_of_exchange", Boolean, nullable=False, server_default=text("false")),
    Column("unpaid_cheque", Boolean, nullable=False, server_default=text("false")),
    Column("assets_at_risk", Boolean, nullable=False, server_default=text("false")),
    Column("cooperation_likely", Boolean, nullable=False, server_default=text("false")),
    Column("small_claims_failed", Boolean, nullable=False, server_default=text("false")),
    Column("formal_notice_sent_on", Date),
    Column("formal_notice_received_on", Date),
    Column("updated_at", String(32), nullable=False),
)

procedures = Table(
    "procedures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("route", String(32), nullable=False),
    Column("court_kind", String(48), nullable=False),
    Column("court", String(300), nullable=False),
    Column("status", String(20), nullable=False),  # open | closed
    Column("outcome", String(20)),  # paid | enforceable | executed | abandoned | rejected | lapsed
    Column("started_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("claimed_cents", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_procedures_case_id", "case_id"),
    Index("ix_procedures_status", "status"),
)

procedure_events = Table(
    "procedure_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("procedure_id", Integer, ForeignKey("procedures.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("to_person", Boolean),  # service: to the person (CPC 1416 al. 1) or not
    Column("amount_cents", BigInteger),  # order rendered, payment, title
    Column("reference", String(200)),  # court docket number, act reference
    Column("note", Text),
    Column("recorded_at", String(32), nullable=False),
    Index("ix_procedure_events_procedure_id", "procedure_id"),
)

exhibits = Table(
    "exhibits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("procedure_id", Integer, ForeignKey("procedures.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("title", String(300), nullable=False),
    Column("pages", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("produced_at", String(32), nullable=False),
    UniqueConstraint("procedure_id", "number", name="uq_exhibits_procedure_number"),
)

enforceable_titles = Table(
    "enforceable_titles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("procedure_id", Integer, ForeignKey("procedures.id")),
    Column("pronounced_on", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("served_on", Date),
    Column("description", String(300), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Index("ix_enforceable_titles_case_id", "case_id"),
)

collective_proceedings = Table(
    "collective_proceedings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("siren", String(9), nullable=False),
    Column("announcement_id", String(64), nullable=False),
    Column("judgment_kind", String(32), nullable=False),
    Column("judgment_on", Date),
    Column("published_on", Date, nullable=False),
    Column("court", String(300), nullable=False, server_default=text("''")),
    Column("mandatary", Text, nullable=False, server_default=text("''")),
    Column("declaration_due_on", Date),
    Column("relief_due_on", Date),
    Column("imported_at", String(32), nullable=False),
    UniqueConstraint("case_id", "announcement_id", name="uq_collective_proceedings_case_ann"),
    Index("ix_collective_proceedings_siren", "siren"),
)

# --- daily run (wave 2) ----------------------------------------------------------------------
# docs/daily-run.md. ``actions`` is the outbox and the review queue at once (the wave-2
# contract fixes its columns); ``case_plans`` holds each case's plan state (PlanState) and
# its step history summarised (HistorySummary) so that the daily run plans in batches without
# reading every action; ``action_withdrawals`` marks the cancelled actions that were taken
# back to be planned again (lifecycle « withdraw »), which the step history does not count.

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    # "case:{case_id}:step:{step_id}:attempt:{n}": the database refuses a second copy.
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("step_id", String(64), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("kind", String(32), nullable=False),  # scenarios.model.StepKind value
    # String(20), not the contract's 16: "registered_letter" has 17 characters.
    Column("channel", String(20), nullable=False),  # email|letter|registered_letter|sms|...
    Column("template", String(64), nullable=False),
    Column("due_on", Date, nullable=False),
    # awaiting_approval | queued | sending | sent | failed | quarantined | cancelled | deferred
    Column("status", String(20), nullable=False),
    Column("requires_approval", Boolean, nullable=False),
    Column("extra_delay_days", Integer, nullable=False, server_default="0"),
    Column("payload", Text, nullable=False),  # canonical JSON snapshot
    Column("not_before", String(32)),  # ISO local Europe/Paris time, no offset
    Column("reason", Text),
    Column("created_at", String(32), nullable=False),  # UTC ISO
    Column("updated_at", String(32), nullable=False),  # UTC ISO
    Column("claimed_by", String(120)),
    Column("claimed_at", String(32)),
    Column("sent_at", String(32)),
    Column("provider_ref", String(200)),
    Column("content_sha256", String(64)),
    Index("ix_actions_status_due_on", "status", "due_on"),
    Index("ix_actions_case_id", "case_id"),
)

case_plans = Table(
    "case_plans",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True, autoincrement=False),
    Column("scenario_id", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # scenarios.state.PlanStatus value
    Column("active_since", Date),
    Column("paused_until", Date),
    Column("promised_on", Date),
    Column("promise_cents", BigInteger, nullable=False, server_default="0"),
    Column("paid_since_promise_cents", BigInteger, nullable=False, server_default="0"),
    Column("instalments", Text, nullable=False, server_default=text("''")),  # canonical JSON
    Column("paid_on_plan_cents", BigInteger, nullable=False, server_default="0"),
    Column("broken_promises", Integer, nullable=False, server_default="0"),
    Column("frozen_reason", Text),
    # Channels that failed for this case (ContactFailed), comma-separated: no longer used.
    Column("lost_channels", String(40), nullable=False, server_default=text("''")),
    # HistorySummary relative to scenario_id (scenarios/history.py).
    Column("pointer", Integer, nullable=False, server_default="0"),
    Column("max_severity_done", Integer, nullable=False, server_default="0"),
    Column("done_kinds", Integer, nullable=False, server_default="0"),
    Column("last_done_on", Date),
    # The action planned and not yet sent (HistorySummary.in_flight when not null).
    Column("in_flight_action_id", Integer, ForeignKey("actions.id")),
    Column("updated_at", String(32), nullable=False),
    Index("ix_case_plans_in_flight_action_id", "in_flight_action_id"),
)

action_withdrawals = Table(
    "action_withdrawals",
    metadata,
    Column("action_id", Integer, ForeignKey("actions.id"), primary_key=True, autoincrement=False),
    Column("withdrawn_on", Date, nullable=False),
)
