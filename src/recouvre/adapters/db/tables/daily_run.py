"""The daily run's tables (docs/daily-run.md).

``actions`` is the outbox and the review queue at once; ``case_plans`` holds each case's plan
state (PlanState) and its step history summarised (HistorySummary) so that the daily run plans
in batches without reading every action; ``action_withdrawals`` marks the cancelled actions
that were taken back to be planned again (lifecycle « withdraw »), which the step history does
not count.
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
    text,
)

from recouvre.adapters.db.tables.portfolio import metadata

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
