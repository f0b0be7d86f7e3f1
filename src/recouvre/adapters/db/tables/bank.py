"""Bank statement lines, kept whole whatever became of them (``services.payments``).

Each line is stored once under the key its reader gave it (the bank's references, else a
content digest): the ``UNIQUE`` on ``line_key`` is what makes a copy or an overlapping statement
harmless. ``status`` says what recouvre did with it: ``applied`` to a case (``case_id``,
``applied_cents``, the rest in ``surplus_cents``), waiting in ``review`` with its best
candidate, ``unmatched``, or ``ignored`` (a debit, another currency) with the ``reason``.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

bank_lines = sa.Table(
    "bank_lines",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("line_key", sa.String(300), nullable=False, unique=True),
    sa.Column("account", sa.String(34), nullable=False),
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id")),
    sa.Column("agency_id", sa.Integer, sa.ForeignKey("agencies.id")),
    sa.Column("value_on", sa.Date, nullable=False),
    sa.Column("booked_on", sa.Date),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("credit", sa.Boolean, nullable=False),
    sa.Column("reversal", sa.Boolean, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("remittance", sa.Text, nullable=False),
    sa.Column("refs", sa.Text, nullable=False),
    sa.Column("payer_name", sa.String(200), nullable=False),
    sa.Column("payer_iban", sa.String(34), nullable=False),
    sa.Column("bank_reference", sa.String(200), nullable=False),
    sa.Column("source_file", sa.String(500), nullable=False),
    sa.Column("source_line", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
    sa.Column("applied_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("surplus_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("confidence", sa.Integer),
    sa.Column("reason", sa.Text, nullable=False, server_default=sa.text("''")),
    # JSON {invoice number: cents} of what an applied line paid, for its reversal to undo
    sa.Column("allocations", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Index("ix_bank_lines_status", "status"),
    sa.Index("ix_bank_lines_case_id", "case_id"),
)

# An IBAN a payment was applied from (automatically or by a person): known for that debtor.
debtor_ibans = sa.Table(
    "debtor_ibans",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("debtor_id", sa.Integer, sa.ForeignKey("debtors.id"), nullable=False),
    sa.Column("iban", sa.String(34), nullable=False),
    sa.Column("learned_on", sa.Date, nullable=False),
    sa.Column("bank_line_id", sa.Integer, sa.ForeignKey("bank_lines.id")),
    sa.UniqueConstraint("debtor_id", "iban", name="uq_debtor_ibans_debtor_iban"),
    sa.Index("ix_debtor_ibans_iban", "iban"),
)

# The confidence from which a creditor's payments are applied without a person (80 if none).
creditor_matching = sa.Table(
    "creditor_matching",
    metadata,
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), primary_key=True),
    sa.Column("apply_from", sa.Integer, nullable=False),
)
