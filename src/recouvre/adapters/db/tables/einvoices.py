"""The e-invoices (Factur-X, CII, UBL) imported, beside the invoices they created or credited
(``services.imports.einvoices``).

One row per document number and creditor: an invoice keeps its payment reference (BT-83); a
credit note keeps its amount and the invoice it references (BT-25), so that importing it again
never credits twice and an invoice imported after its credit note is reduced at once.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

einvoice_documents = sa.Table(
    "einvoice_documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), nullable=False),
    sa.Column("number", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # invoice | credit_note
    sa.Column("type_code", sa.String(3), nullable=False),  # UNTDID 1001 (BT-3)
    sa.Column("issue_date", sa.Date, nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("invoice_number", sa.String(64)),  # a credit note's invoice (BT-25)
    sa.Column("payment_reference", sa.String(140)),  # BT-83
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.UniqueConstraint("creditor_id", "number", name="uq_einvoice_documents_creditor_number"),
    sa.Index("ix_einvoice_documents_invoice", "creditor_id", "invoice_number"),
)
