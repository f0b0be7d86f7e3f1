"""The REST API: machine tokens (``api_tokens``) and the answers kept for ``Idempotency-Key``
(``api_idempotency``).

Revision ID: 0021_api
Revises: 0020_ops
Create Date: 2026-12-08 01:00:00

- ``api_tokens``: by the SHA-256 of the token's secret (never the secret), the user it acts as,
  its name, created / last used / revoked instants (UTC ISO);
- ``api_idempotency``: by user and key, the SHA-256 of the request answered, the answer's status
  and JSON body, when it was given.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0021_api"
down_revision: str | None = "0020_ops"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("last_used_at", sa.String(length=32), nullable=True),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_api_tokens_user_id_web_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_sha256", name="uq_api_tokens_token_sha256"),
    )
    op.create_table(
        "api_idempotency",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_users.id"], name="fk_api_idempotency_user_id_web_users"
        ),
        sa.PrimaryKeyConstraint("user_id", "key", name="pk_api_idempotency"),
    )


def downgrade() -> None:
    op.drop_table("api_idempotency")
    op.drop_table("api_tokens")
