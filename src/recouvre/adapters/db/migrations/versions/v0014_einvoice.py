"""The e-invoices imported (Factur-X, CII, UBL): payment reference, credit notes and the
invoice each one credits.

Revision ID: 0014_einvoice
Revises: 0013_claims
Create Date: 2026-12-07 16:00:00

A new table ``einvoice_documents`` (``adapters.db.tables.einvoices``); nothing else changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0014_einvoice"
down_revision: str | None = "0013_claims"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "einvoice_documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("creditor_id", sa.Integer(), sa.ForeignKey("creditors.id"), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("type_code", sa.String(length=3), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("invoice_number", sa.String(length=64), nullable=True),
        sa.Column("payment_reference", sa.String(length=140), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.UniqueConstraint(
            "creditor_id", "number", name="uq_einvoice_documents_creditor_number"
        ),
    )
    op.create_index(
        "ix_einvoice_documents_invoice", "einvoice_documents", ["creditor_id", "invoice_number"]
    )


def downgrade() -> None:
    op.drop_index("ix_einvoice_documents_invoice", table_name="einvoice_documents")
    op.drop_table("einvoice_documents")
