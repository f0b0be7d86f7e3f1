"""Parties, cases, invoices, payments, the case events and the import batches.

Money is stored as integer cents (``*_cents`` BIGINT), never as REAL or NUMERIC: SQLite has no
decimal type and would hand floats back. Dates are ISO dates; timestamps are UTC.
Rates are stored as text decimals (``"12.40"`` percent) so they round-trip exactly.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

creditors = sa.Table(
    "creditors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("siren", sa.String(9), nullable=False, unique=True),
    sa.Column("siret", sa.String(14)),
    sa.Column("vat_number", sa.String(20)),
    sa.Column("iban", sa.String(34)),
    sa.Column("bic", sa.String(11)),
    sa.Column("address_lines", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("postal_code", sa.String(10), nullable=False, server_default=sa.text("''")),
    sa.Column("city", sa.String(100), nullable=False, server_default=sa.text("''")),
    sa.Column("country", sa.String(2), nullable=False, server_default="FR"),
    sa.Column("email", sa.String(254)),
    sa.Column("phone", sa.String(30)),
    sa.Column("logo_path", sa.Text),
    # A half-year whose legal rate is not published yet: review | last_published (0013).
    sa.Column("missing_rate", sa.String(16), nullable=False, server_default="review"),
    # True when a collection agency collects for this creditor (CPCE R124-4 mentions apply).
    # Kept equal to ``agency_id IS NOT NULL`` by the party store.
    sa.Column("via_agency", sa.Boolean, nullable=False, server_default=sa.text("false")),
    # The agency writing for this creditor, and the letters' appearance.
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id")),
    sa.Column("window_side", sa.String(5), nullable=False, server_default="right"),  # left | right
    sa.Column("colour", sa.String(7)),  # #rrggbb; null: the shipped colour
    sa.Column("signature_path", sa.Text),
    sa.Column("signatory", sa.String(200)),
    sa.Column("signatory_title", sa.String(200)),
    sa.Column("template", sa.String(64)),  # a .typ name; null: the shipped "letter"
    # Whose IBAN the payment block shows when an agency writes: creditor | agency.
    sa.Column("payment_to", sa.String(8), nullable=False, server_default="creditor"),
    # Its own sender identity (emails and SMS): from, reply-to, closing text, SMS sender.
    sa.Column("mail_from", sa.String(320)),
    sa.Column("mail_reply_to", sa.String(320)),
    sa.Column("mail_signature", sa.Text),
    sa.Column("sms_sender", sa.String(11)),
    # Its courtesy settings (``domain.claim_settings``): the first reminder N days after the due
    # date (null: the scenario's timing), the step from which penalties and the 40 € are
    # claimed (a step id; null: from the first step).
    sa.Column("first_reminder_days", sa.Integer),
    sa.Column("fees_from", sa.String(64)),
)

# Collection agencies (CPCE L124-1): who writes for a creditor, with the R124-4 1° activity
# statement and the R124-2 guarantees as user-editable text.
agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("siren", sa.String(9), nullable=False, unique=True),
    sa.Column("siret", sa.String(14)),
    sa.Column("address_lines", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("postal_code", sa.String(10), nullable=False, server_default=sa.text("''")),
    sa.Column("city", sa.String(100), nullable=False, server_default=sa.text("''")),
    sa.Column("country", sa.String(2), nullable=False, server_default="FR"),
    sa.Column("email", sa.String(254)),
    sa.Column("phone", sa.String(30)),
    sa.Column("iban", sa.String(34)),
    sa.Column("bic", sa.String(11)),
    sa.Column("activity", sa.Text, nullable=False),
    sa.Column("liability_insurance", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("funds_account", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("prosecutor_declaration", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("logo_path", sa.Text),
    # Its own sender identity (emails and SMS): from, reply-to, closing text, SMS sender.
    sa.Column("mail_from", sa.String(320)),
    sa.Column("mail_reply_to", sa.String(320)),
    sa.Column("mail_signature", sa.Text),
    sa.Column("sms_sender", sa.String(11)),
    # The named person of the agency who signs its documents, and their role.
    sa.Column("signatory", sa.String(200)),
    sa.Column("signatory_title", sa.String(200)),
)

debtors = sa.Table(
    "debtors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # Natural key used by imports: "siren:<SIREN>" for companies, "consumer:<name>|<postal code>"
    # (normalised) for consumers. Debtors are shared across creditors so that contact caps count
    # every contact a person receives.
    sa.Column("key", sa.String(300), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("siren", sa.String(9)),
    sa.Column("siret", sa.String(14)),
    sa.Column("address_lines", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("postal_code", sa.String(10), nullable=False, server_default=sa.text("''")),
    sa.Column("city", sa.String(100), nullable=False, server_default=sa.text("''")),
    sa.Column("country", sa.String(2), nullable=False, server_default="FR"),
    sa.Column("departement", sa.String(3)),
    sa.Column("emails", sa.Text, nullable=False, server_default=sa.text("''")),  # newline-separated
    sa.Column("phones", sa.Text, nullable=False, server_default=sa.text("''")),  # newline-separated
    sa.Column("language", sa.String(5), nullable=False, server_default="fr"),
    sa.Column("do_not_contact", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("only_channel", sa.String(10)),
)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), nullable=False),
    sa.Column("debtor_id", sa.Integer, sa.ForeignKey("debtors.id"), nullable=False),
    sa.Column("reference", sa.String(40), nullable=False, unique=True),
    sa.Column("phase", sa.String(32), nullable=False),
    sa.Column("attitude", sa.String(32), nullable=False),
    sa.Column("closure", sa.String(32)),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date),
    sa.Column("scenario_id", sa.String(64)),
    # Set by the planner whenever an event touches the case; the daily run scans it by range.
    sa.Column("next_action_on", sa.Date),
    sa.Index(
        "uq_cases_open_per_pair",
        "creditor_id",
        "debtor_id",
        unique=True,
        sqlite_where=sa.text("phase <> 'closed'"),
        postgresql_where=sa.text("phase <> 'closed'"),
    ),
    sa.Index("ix_cases_next_action_on", "next_action_on"),
)

invoices = sa.Table(
    "invoices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), nullable=False),
    sa.Column("debtor_id", sa.Integer, sa.ForeignKey("debtors.id"), nullable=False),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("number", sa.String(64), nullable=False),
    sa.Column("issue_date", sa.Date, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("paid_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("currency", sa.String(3), nullable=False, server_default="EUR"),
    sa.Column("contractual_rate", sa.String(12)),  # percent per year, text decimal
    sa.Column("completed_on", sa.Date),
    sa.Column(
        "status", sa.String(16), nullable=False, server_default="open"
    ),  # open | paid | cancelled
    sa.UniqueConstraint("creditor_id", "number", name="uq_invoices_creditor_number"),
    sa.Index("ix_invoices_case_id", "case_id"),
    sa.Index("ix_invoices_debtor_id", "debtor_id"),
)

payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("received_on", sa.Date, nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("designated_invoice", sa.String(64)),
    sa.Column("reference", sa.String(140)),
    sa.Column("source", sa.String(32), nullable=False, server_default="manual"),
    # JSON [[invoice, principal, interest, accessories cents], ...]: how recouvre imputed it
    # (C. civ. 1342-10, 1343-1); '' when a statement imputes it itself
    sa.Column("parts", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("reversed_on", sa.Date),  # taken back by the bank: counts no more
    sa.Index("ix_payments_case_id", "case_id"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),  # canonical JSON
    sa.Column("recorded_at", sa.String(32), nullable=False),  # UTC ISO timestamp
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Index("ix_events_case_id", "case_id"),
)

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("created", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
)

# A creditor's rules for the payment plans recouvre proposes (``law.payment_plan.PlanRules``);
# a creditor without a row has the shipped defaults.
creditor_plan_rules = sa.Table(
    "creditor_plan_rules",
    metadata,
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), primary_key=True),
    sa.Column("min_instalment_cents", sa.BigInteger, nullable=False),
    sa.Column("max_months", sa.Integer, nullable=False),
)
