"""Procedures before the courts (docs/judicial-procedures.md), their dated events, the exhibits
produced, the facts the route recommendation reads, the titles held and the collective
proceedings matched from the BODACC. Events are append-only facts; deadlines are computed
from them by the law engine, never stored.
"""

from __future__ import annotations

import sqlalchemy as sa

from recouvre.adapters.db.tables.portfolio import metadata

judicial_facts = sa.Table(
    "judicial_facts",
    metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("nature", sa.String(32), nullable=False, server_default="commercial"),
    sa.Column("dispute", sa.String(16), nullable=False, server_default="none"),
    sa.Column("signed_order", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("accepted_quote", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("delivery_note", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("terms_accepted", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("bill_of_exchange", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("unpaid_cheque", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("assets_at_risk", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("cooperation_likely", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("small_claims_failed", sa.Boolean, nullable=False, server_default=sa.text("false")),
    sa.Column("formal_notice_sent_on", sa.Date),
    sa.Column("formal_notice_received_on", sa.Date),
    sa.Column("updated_at", sa.String(32), nullable=False),
)

procedures = sa.Table(
    "procedures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("route", sa.String(32), nullable=False),
    sa.Column("court_kind", sa.String(48), nullable=False),
    sa.Column("court", sa.String(300), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # open | frozen | closed
    sa.Column(
        "outcome", sa.String(20)
    ),  # paid | enforceable | executed | abandoned | rejected | lapsed
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date),
    sa.Column("claimed_cents", sa.BigInteger, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Index("ix_procedures_case_id", "case_id"),
    sa.Index("ix_procedures_status", "status"),
)

procedure_events = sa.Table(
    "procedure_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedures.id"), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("to_person", sa.Boolean),  # service: to the person (CPC 1416 al. 1) or not
    sa.Column("amount_cents", sa.BigInteger),  # order rendered, payment, title
    sa.Column("reference", sa.String(200)),  # court docket number, act reference
    sa.Column("note", sa.Text),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Index("ix_procedure_events_procedure_id", "procedure_id"),
)

exhibits = sa.Table(
    "exhibits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedures.id"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("produced_at", sa.String(32), nullable=False),
    sa.UniqueConstraint("procedure_id", "number", name="uq_exhibits_procedure_number"),
)

enforceable_titles = sa.Table(
    "enforceable_titles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("procedure_id", sa.Integer, sa.ForeignKey("procedures.id")),
    sa.Column("pronounced_on", sa.Date, nullable=False),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("served_on", sa.Date),
    sa.Column("description", sa.String(300), nullable=False),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    # what the decision orders (0010): the day it became enforceable (CMF L313-3), the
    # accessories ordered, which sums bear interest and from when
    sa.Column("enforceable_on", sa.Date),
    sa.Column("accessories_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("interest_basis", sa.String(30), nullable=False, server_default="principal"),
    sa.Column("interest_from", sa.Date),
    sa.Index("ix_enforceable_titles_case_id", "case_id"),
)

collective_proceedings = sa.Table(
    "collective_proceedings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("siren", sa.String(9), nullable=False),
    sa.Column("announcement_id", sa.String(64), nullable=False),
    sa.Column("judgment_kind", sa.String(32), nullable=False),
    sa.Column("judgment_on", sa.Date),
    sa.Column("published_on", sa.Date, nullable=False),
    sa.Column("court", sa.String(300), nullable=False, server_default=sa.text("''")),
    sa.Column("mandatary", sa.Text, nullable=False, server_default=sa.text("''")),
    sa.Column("declaration_due_on", sa.Date),
    sa.Column("relief_due_on", sa.Date),
    sa.Column("imported_at", sa.String(32), nullable=False),
    sa.UniqueConstraint("case_id", "announcement_id", name="uq_collective_proceedings_case_ann"),
    sa.Index("ix_collective_proceedings_siren", "siren"),
)

# What a court paper says of a legal-person creditor (CPC 57, 1407; C. com. R123-237): its
# legal form, the RCS it is registered with, its share capital, who represents it.
creditor_legal_identities = sa.Table(
    "creditor_legal_identities",
    metadata,
    sa.Column("creditor_id", sa.Integer, sa.ForeignKey("creditors.id"), primary_key=True),
    sa.Column("legal_form", sa.String(120), nullable=False),
    sa.Column("rcs_city", sa.String(100)),
    sa.Column("share_capital_cents", sa.BigInteger),
    sa.Column("representative", sa.String(200)),
    sa.Column("updated_at", sa.String(32), nullable=False),
)
