"""The web application's accounts, sessions and sign-in attempts (``services.web_accounts``).

- ``web_users``: one row per account; ``password_hash`` is argon2id (PHC string), never the
  password; ``role`` a ``services.web_accounts.model.Role`` value;
- ``web_user_creditors``: the creditors an agent is assigned, or a creditor client's one;
- ``web_sessions``: open sessions by the SHA-256 of the cookie's token (the token itself is
  never stored), with the session's CSRF token;
- ``web_login_attempts``: every sign-in, failure, refusal and sign-out (the audit trail and the
  rate limit's memory), indexed by login and by address over time.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

web_users = sa.Table(
    "web_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("login", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("created_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("password_changed_at", sa.String(32), nullable=False),  # UTC ISO
)

web_user_creditors = sa.Table(
    "web_user_creditors",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), primary_key=True),
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), primary_key=True),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("token_sha256", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("last_seen_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("address", sa.String(64), nullable=False),
    sa.Index("ix_web_sessions_user_id", "user_id"),
)

web_login_attempts = sa.Table(
    "web_login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("login", sa.String(64), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),  # LoginOutcome value
    sa.Index("ix_web_login_attempts_login_at", "login", "at"),
    sa.Index("ix_web_login_attempts_address_at", "address", "at"),
)
