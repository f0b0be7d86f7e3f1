"""The daily run's tables (docs/daily-run.md).

``actions`` is the outbox and the review queue at once; ``case_plans`` holds each case's plan
state (PlanState) and its step history summarised (HistorySummary) so that the daily run plans
in batches without reading every action; ``action_withdrawals`` marks the cancelled actions
that were taken back to be planned again (lifecycle « withdraw »), which the step history does
not count.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # "case:{case_id}:step:{step_id}:attempt:{n}": the database refuses a second copy.
    sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("step_id", sa.String(64), nullable=False),
    sa.Column("attempt", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # scenarios.model.StepKind value
    # String(20), not the contract's 16: "registered_letter" has 17 characters.
    sa.Column("channel", sa.String(20), nullable=False),  # email|letter|registered_letter|sms|...
    sa.Column("template", sa.String(64), nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    # awaiting_approval | queued | sending | sent | failed | quarantined | cancelled | deferred
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("requires_approval", sa.Boolean, nullable=False),
    sa.Column("extra_delay_days", sa.Integer, nullable=False, server_default="0"),
    sa.Column("payload", sa.Text, nullable=False),  # canonical JSON snapshot
    sa.Column("not_before", sa.String(32)),  # ISO local Europe/Paris time, no offset
    sa.Column("reason", sa.Text),
    sa.Column("created_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("updated_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("claimed_by", sa.String(120)),
    sa.Column("claimed_at", sa.String(32)),
    sa.Column("sent_at", sa.String(32)),
    sa.Column("provider_ref", sa.String(200)),
    sa.Column("content_sha256", sa.String(64)),
    sa.Index("ix_actions_status_due_on", "status", "due_on"),
    sa.Index("ix_actions_case_id", "case_id"),
)

case_plans = sa.Table(
    "case_plans",
    metadata,
    sa.Column(
        "case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True, autoincrement=False
    ),
    sa.Column("scenario_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # scenarios.state.PlanStatus value
    sa.Column("active_since", sa.Date),
    sa.Column("paused_until", sa.Date),
    sa.Column("promised_on", sa.Date),
    sa.Column("promise_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("paid_since_promise_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column(
        "instalments", sa.Text, nullable=False, server_default=sa.text("''")
    ),  # canonical JSON
    sa.Column("paid_on_plan_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("broken_promises", sa.Integer, nullable=False, server_default="0"),
    sa.Column("frozen_reason", sa.Text),
    # Channels that failed for this case (ContactFailed), comma-separated: no longer used.
    sa.Column("lost_channels", sa.String(40), nullable=False, server_default=sa.text("''")),
    # HistorySummary relative to scenario_id (scenarios/history.py).
    sa.Column("pointer", sa.Integer, nullable=False, server_default="0"),
    sa.Column("max_severity_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("done_kinds", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_done_on", sa.Date),
    # The action planned and not yet sent (HistorySummary.in_flight when not null).
    sa.Column("in_flight_action_id", sa.Integer, sa.ForeignKey("actions.id")),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Index("ix_case_plans_in_flight_action_id", "in_flight_action_id"),
)

action_withdrawals = sa.Table(
    "action_withdrawals",
    metadata,
    sa.Column(
        "action_id", sa.Integer, sa.ForeignKey("actions.id"), primary_key=True, autoincrement=False
    ),
    sa.Column("withdrawn_on", sa.Date, nullable=False),
)
