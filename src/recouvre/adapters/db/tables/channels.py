"""Phone-call outcomes, registered-mail items with their tracking events, and bounced emails
(docs/outbox.md). Call tasks themselves are ``actions`` rows with channel "phone".
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

call_outcomes = sa.Table(
    "call_outcomes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id"), nullable=False),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    # reached | no_answer | wrong_number | promise | dispute | payment_plan
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("promised_cents", sa.BigInteger),
    sa.Column("promised_by", sa.Date),
    sa.Column("reason", sa.Text),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("recorded_at", sa.String(32), nullable=False),  # UTC ISO timestamp
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Index("ix_call_outcomes_case_id", "case_id"),
    sa.Index("ix_call_outcomes_action_id", "action_id"),
)

registered_mail_items = sa.Table(
    "registered_mail_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id"), nullable=False, unique=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("tracking_number", sa.String(40), unique=True),  # null until the letter is posted
    sa.Column("batch_on", sa.Date, nullable=False),  # the print batch the letter went into
    sa.Column("posted_on", sa.Date),
    # printed | posted | presented | delivered | returned_unclaimed | returned_unknown_address
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("presented_on", sa.Date),
    sa.Column("delivered_on", sa.Date),
    sa.Column("returned_on", sa.Date),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Index("ix_registered_mail_items_case_id", "case_id"),
)

tracking_events = sa.Table(
    "tracking_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.Integer, sa.ForeignKey("registered_mail_items.id"), nullable=False),
    sa.Column("tracking_number", sa.String(40), nullable=False),
    # presented | delivered | returned_unclaimed | returned_unknown_address
    sa.Column("event", sa.String(32), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("source_file", sa.Text, nullable=False),
    sa.Column("source_line", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    # The same file imported twice records nothing new.
    sa.UniqueConstraint(
        "tracking_number", "event", "occurred_on", name="uq_tracking_events_number_event_date"
    ),
)

bounces = sa.Table(
    "bounces",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("file_sha256", sa.String(64), nullable=False),  # the notification file's digest
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("message_id", sa.String(200)),  # the Message-ID of the email that bounced
    sa.Column("address", sa.String(254), nullable=False),
    sa.Column("permanent", sa.Boolean, nullable=False),
    sa.Column("diagnostic", sa.Text),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id")),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("debtor_id", sa.Integer, sa.ForeignKey("debtors.id")),
    sa.Column("imported_at", sa.String(32), nullable=False),
    # One notification may report several recipients; importing it again records nothing.
    sa.UniqueConstraint("file_sha256", "address", name="uq_bounces_file_address"),
    sa.Index("ix_bounces_debtor_id", "debtor_id"),
)
