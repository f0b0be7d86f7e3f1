"""The web application: accounts, their creditors, sessions and sign-in attempts.

Revision ID: 0019_web
Revises: 0018_payment_parts
Create Date: 2026-12-07 23:50:00

- ``web_users``: login, name, role, argon2id hash, disabled flag;
- ``web_user_creditors``: the creditors an agent is assigned, a creditor client's one;
- ``web_sessions``: open sessions by the SHA-256 of the cookie's token, with their CSRF token;
- ``web_login_attempts``: every sign-in attempt and sign-out (audit trail, rate limit).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0019_web"
down_revision: str | None = "0018_payment_parts"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.text("false")),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("password_changed_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_users"),
        sa.UniqueConstraint("login", name="uq_web_users_login"),
    )
    op.create_table(
        "web_user_creditors",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("creditor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_web_user_creditors_user_id_web_users"
        ),
        sa.ForeignKeyConstraint(
            ["creditor_id"], ["creditors.id"], name="fk_web_user_creditors_creditor_id_creditors"
        ),
        sa.PrimaryKeyConstraint("user_id", "creditor_id", name="pk_web_user_creditors"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("last_seen_at", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_web_sessions_user_id_web_users"
        ),
        sa.PrimaryKeyConstraint("token_sha256", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_user_id", "web_sessions", ["user_id"])
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_login_attempts"),
    )
    op.create_index("ix_web_login_attempts_login_at", "web_login_attempts", ["login", "at"])
    op.create_index("ix_web_login_attempts_address_at", "web_login_attempts", ["address", "at"])


def downgrade() -> None:
    op.drop_index("ix_web_login_attempts_address_at", table_name="web_login_attempts")
    op.drop_index("ix_web_login_attempts_login_at", table_name="web_login_attempts")
    op.drop_table("web_login_attempts")
    op.drop_index("ix_web_sessions_user_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("web_user_creditors")
    op.drop_table("web_users")
