"""Phone-call outcomes, registered-mail items with their tracking events, and bounced emails
(docs/outbox.md). Call tasks themselves are ``actions`` rows with channel "phone".
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
    String,
    Table,
    Text,
    UniqueConstraint,
)

from recouvre.adapters.db.tables.portfolio import metadata

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
