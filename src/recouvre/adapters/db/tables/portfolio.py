"""Parties, cases, invoices, payments, the case events and the import batches.

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
    # Kept equal to ``agency_id IS NOT NULL`` by the party store.
    Column("via_agency", Boolean, nullable=False, server_default=text("false")),
    # The agency writing for this creditor, and the letters' appearance.
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
# statement and the R124-2 guarantees as user-editable text.
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
