"""Procedures before the courts (docs/judicial-procedures.md), their dated events, the exhibits
produced, the facts the route recommendation reads, the titles held and the collective
proceedings matched from the BODACC. Events are append-only facts; deadlines are computed
from them by the law engine, never stored.
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
    UniqueConstraint,
    text,
)

from recouvre.adapters.db.tables.portfolio import metadata

judicial_facts = Table(
    "judicial_facts",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id"), primary_key=True),
    Column("nature", String(32), nullable=False, server_default="commercial"),
    Column("dispute", String(16), nullable=False, server_default="none"),
    Column("signed_order", Boolean, nullable=False, server_default=text("false")),
    Column("accepted_quote", Boolean, nullable=False, server_default=text("false")),
    Column("delivery_note", Boolean, nullable=False, server_default=text("false")),
    Column("terms_accepted", Boolean, nullable=False, server_default=text("false")),
    Column("bill_of_exchange", Boolean, nullable=False, server_default=text("false")),
    Column("unpaid_cheque", Boolean, nullable=False, server_default=text("false")),
    Column("assets_at_risk", Boolean, nullable=False, server_default=text("false")),
    Column("cooperation_likely", Boolean, nullable=False, server_default=text("false")),
    Column("small_claims_failed", Boolean, nullable=False, server_default=text("false")),
    Column("formal_notice_sent_on", Date),
    Column("formal_notice_received_on", Date),
    Column("updated_at", String(32), nullable=False),
)

procedures = Table(
    "procedures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("route", String(32), nullable=False),
    Column("court_kind", String(48), nullable=False),
    Column("court", String(300), nullable=False),
    Column("status", String(20), nullable=False),  # open | closed
    Column("outcome", String(20)),  # paid | enforceable | executed | abandoned | rejected | lapsed
    Column("started_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("claimed_cents", BigInteger, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_procedures_case_id", "case_id"),
    Index("ix_procedures_status", "status"),
)

procedure_events = Table(
    "procedure_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("procedure_id", Integer, ForeignKey("procedures.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("to_person", Boolean),  # service: to the person (CPC 1416 al. 1) or not
    Column("amount_cents", BigInteger),  # order rendered, payment, title
    Column("reference", String(200)),  # court docket number, act reference
    Column("note", Text),
    Column("recorded_at", String(32), nullable=False),
    Index("ix_procedure_events_procedure_id", "procedure_id"),
)

exhibits = Table(
    "exhibits",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("procedure_id", Integer, ForeignKey("procedures.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("title", String(300), nullable=False),
    Column("pages", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("produced_at", String(32), nullable=False),
    UniqueConstraint("procedure_id", "number", name="uq_exhibits_procedure_number"),
)

enforceable_titles = Table(
    "enforceable_titles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("procedure_id", Integer, ForeignKey("procedures.id")),
    Column("pronounced_on", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("served_on", Date),
    Column("description", String(300), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Index("ix_enforceable_titles_case_id", "case_id"),
)

collective_proceedings = Table(
    "collective_proceedings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("siren", String(9), nullable=False),
    Column("announcement_id", String(64), nullable=False),
    Column("judgment_kind", String(32), nullable=False),
    Column("judgment_on", Date),
    Column("published_on", Date, nullable=False),
    Column("court", String(300), nullable=False, server_default=text("''")),
    Column("mandatary", Text, nullable=False, server_default=text("''")),
    Column("declaration_due_on", Date),
    Column("relief_due_on", Date),
    Column("imported_at", String(32), nullable=False),
    UniqueConstraint("case_id", "announcement_id", name="uq_collective_proceedings_case_ann"),
    Index("ix_collective_proceedings_siren", "siren"),
)
