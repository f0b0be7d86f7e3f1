"""The REST API's machine tokens and the answers kept for its ``Idempotency-Key`` header
(``services.api_tokens``).

- ``api_tokens``: one row per token, by the SHA-256 of its random 256-bit secret (the secret is
  printed once and never stored: a copy of the database opens nothing); the user it acts as,
  its name, when it was created, last used and revoked;
- ``api_idempotency``: the answer given to a POST carrying an ``Idempotency-Key``, by user and
  key, with the SHA-256 of the request (method, path, body) it answered, so that the same key
  replays the same answer and a different request under that key is refused.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),  # UTC ISO
    sa.Column("last_used_at", sa.String(32), nullable=True),  # UTC ISO
    sa.Column("revoked_at", sa.String(32), nullable=True),  # UTC ISO
)

api_idempotency = sa.Table(
    "api_idempotency",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), primary_key=True),
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("request_sha256", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),  # UTC ISO
)
