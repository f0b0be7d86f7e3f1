"""The case plan state in the database, read and written in sets (``services.daily_run.ports``).

``due_cases`` pages through the open cases the daily run must look at (never planned, or
``next_action_on <= on``) by id (keyset pagination: a crashed run restarts where it stopped,
each page is committed on its own); ``upsert`` and ``set_next`` write a page back in one
executemany each. The store is ``uow.plans`` of the unit of work, beside ``uow.actions``, so
that actions, plan state, case changes and journal entries of one page commit together or not
at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from recouvre.adapters.db import mappers
from recouvre.adapters.db.invoice_status import OWED, OWED_SQLITE_TEXT
from recouvre.adapters.db.tables import (
    actions,
    case_plans,
    cases,
    creditors,
    debtors,
    enforceable_titles,
    events,
    invoices,
    payments,
    procedure_events,
    procedures,
)
from recouvre.services.daily_run.ports import (
    CaseRow,
    EvidenceRow,
    FinishedStep,
    InvoiceLine,
    PlanRow,
)

_CASE_COLUMNS = (
    cases.c.id.label("case_id"),
    cases.c.reference,
    cases.c.creditor_id,
    creditors.c.name.label("creditor_name"),
    cases.c.debtor_id,
    cases.c.phase,
    cases.c.attitude,
    debtors.c.kind.label("debtor_kind"),
    debtors.c.name.label("debtor_name"),
    debtors.c.address_lines,
    debtors.c.postal_code,
    debtors.c.city,
    debtors.c.country,
    debtors.c.departement,
    debtors.c.emails,
    debtors.c.phones,
    debtors.c.do_not_contact,
    debtors.c.only_channel,
    case_plans.c.scenario_id,
    case_plans.c.status,
    case_plans.c.active_since,
    case_plans.c.paused_until,
    case_plans.c.promised_on,
    case_plans.c.promise_cents,
    case_plans.c.paid_since_promise_cents,
    case_plans.c.instalments,
    case_plans.c.paid_on_plan_cents,
    case_plans.c.broken_promises,
    case_plans.c.frozen_reason,
    case_plans.c.lost_channels,
    case_plans.c.pointer,
    case_plans.c.max_severity_done,
    case_plans.c.done_kinds,
    case_plans.c.last_done_on,
    case_plans.c.in_flight_action_id,
    creditors.c.first_reminder_days,
    creditors.c.fees_from,
)

_FROM = cases.join(debtors, debtors.c.id == cases.c.debtor_id).join(
    creditors, creditors.c.id == cases.c.creditor_id
)
_FROM_PLANS = _FROM.outerjoin(case_plans, case_plans.c.case_id == cases.c.id)
# The columns of an ``InvoiceLine``, in its field order.
_INVOICE_LINE = (
    invoices.c.case_id,
    invoices.c.number,
    invoices.c.issue_date,
    invoices.c.due_date,
    invoices.c.amount_cents,
    invoices.c.paid_cents,
    invoices.c.completed_on,
)
_CHUNK = 500


def _upsert(connection: sa.Connection, table: sa.Table, key: str) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    columns = {c.name: statement.excluded[c.name] for c in table.columns if c.name != key}
    return statement.on_conflict_do_update(index_elements=[key], set_=columns)


def _sqlite_value(value: object) -> object:
    """Dates as SQLAlchemy stores them in SQLite (ISO text); everything else as is."""
    return value.isoformat() if isinstance(value, date) else value


class SqlPlanStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def due_cases(self, on: date, after_id: int, limit: int) -> list[CaseRow]:
        query = (
            sa.select(*_CASE_COLUMNS)
            .select_from(_FROM_PLANS)
            .where(
                cases.c.phase != "closed",
                cases.c.id > after_id,
                sa.or_(cases.c.scenario_id.is_(None), cases.c.next_action_on <= on),
            )
            .order_by(cases.c.id)
            .limit(limit)
        )
        return [CaseRow._make(row) for row in self.connection.execute(query).fetchall()]

    def case_rows(self, case_ids: Sequence[int]) -> list[CaseRow]:
        out: list[CaseRow] = []
        ids = sorted(set(case_ids))
        for start in range(0, len(ids), _CHUNK):
            query = (
                sa.select(*_CASE_COLUMNS)
                .select_from(_FROM_PLANS)
                .where(cases.c.id.in_(ids[start : start + _CHUNK]))
                .order_by(cases.c.id)
            )
            out.extend(CaseRow._make(row) for row in self.connection.execute(query))
        return out

    def open_invoices(self, low_id: int, high_id: int) -> list[InvoiceLine]:
        if self.connection.dialect.name == "sqlite":
            # The driver's rows (SQLAlchemy's per-row processing and SQLite's regex date
            # parsing cost more than the query); dates are stored as ISO text.
            day = date.fromisoformat
            return [
                InvoiceLine(
                    case_id,
                    number,
                    day(issued),
                    day(due),
                    amount,
                    paid,
                    day(done) if done else None,
                )
                for case_id, number, issued, due, amount, paid, done in (
                    self.connection.exec_driver_sql(
                        "SELECT case_id, number, issue_date, due_date, amount_cents, paid_cents, "
                        "completed_on FROM invoices WHERE case_id BETWEEN ? AND ? "
                        f"AND {OWED_SQLITE_TEXT} ORDER BY case_id, due_date, number",
                        (low_id, high_id),
                    ).fetchall()  # one driver fetchall, not a fetchone per row
                )
            ]
        query = (
            sa.select(*_INVOICE_LINE)
            .where(
                invoices.c.case_id.between(low_id, high_id),
                OWED,
            )
            .order_by(invoices.c.case_id, invoices.c.due_date, invoices.c.number)
        )
        return [InvoiceLine._make(row) for row in self.connection.execute(query)]

    def open_invoices_for(self, case_ids: Sequence[int]) -> list[InvoiceLine]:
        out: list[InvoiceLine] = []
        ids = sorted(set(case_ids))
        for start in range(0, len(ids), _CHUNK):
            query = (
                sa.select(*_INVOICE_LINE)
                .where(
                    invoices.c.case_id.in_(ids[start : start + _CHUNK]),
                    OWED,
                )
                .order_by(invoices.c.case_id, invoices.c.due_date, invoices.c.number)
            )
            out.extend(InvoiceLine._make(row) for row in self.connection.execute(query))
        return out

    def prescription_evidence(
        self, case_ids: Sequence[int], event_kinds: Sequence[str]
    ) -> list[EvidenceRow]:
        """Four small indexed queries over the given cases only (the run asks for the few
        cases old enough to be screened): payments, the events of ``event_kinds``, the
        procedure events with their procedure's route, and the titles recorded outside a
        procedure (those of a procedure are its ``executoire`` event)."""
        out: list[EvidenceRow] = []
        ids = sorted(set(case_ids))
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            paid = sa.select(payments.c.case_id, payments.c.received_on).where(
                payments.c.case_id.in_(chunk)
            )
            out.extend(
                EvidenceRow(case_id, "payment", "payment", None, mappers.as_date(on))
                for case_id, on in self.connection.execute(paid)
            )
            recorded = sa.select(events.c.case_id, events.c.kind, events.c.occurred_on).where(
                events.c.case_id.in_(chunk), events.c.kind.in_(list(event_kinds))
            )
            out.extend(
                EvidenceRow(case_id, "event", kind, None, mappers.as_date(on))
                for case_id, kind, on in self.connection.execute(recorded)
            )
            steps = (
                sa.select(
                    procedures.c.case_id,
                    procedure_events.c.kind,
                    procedures.c.route,
                    procedure_events.c.occurred_on,
                )
                .select_from(
                    procedures.join(
                        procedure_events, procedure_events.c.procedure_id == procedures.c.id
                    )
                )
                .where(procedures.c.case_id.in_(chunk))
            )
            out.extend(
                EvidenceRow(case_id, "procedure", kind, route, mappers.as_date(on))
                for case_id, kind, route, on in self.connection.execute(steps)
            )
            titles = sa.select(
                enforceable_titles.c.case_id,
                enforceable_titles.c.pronounced_on,
                enforceable_titles.c.served_on,
            ).where(
                enforceable_titles.c.case_id.in_(chunk),
                enforceable_titles.c.procedure_id.is_(None),
            )
            out.extend(
                EvidenceRow(case_id, "title", "title", None, mappers.as_date(served or said))
                for case_id, said, served in self.connection.execute(titles)
            )
        return out

    def upsert(self, rows: Sequence[PlanRow], stamp: str) -> None:
        self.upsert_each([(row, stamp) for row in rows])

    def upsert_each(self, rows: Sequence[tuple[PlanRow, str]]) -> None:
        """``upsert`` with each row's own ``updated_at``, in one statement."""
        if not rows:
            return
        if self.connection.dialect.name == "sqlite":
            names = [*PlanRow._fields, "updated_at"]
            updates = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
            self.connection.exec_driver_sql(
                f"INSERT INTO case_plans ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))}) "
                f"ON CONFLICT (case_id) DO UPDATE SET {updates}",
                [(*tuple(_sqlite_value(v) for v in row), stamp) for row, stamp in rows],
            )
            return
        values = [{**row._asdict(), "updated_at": stamp} for row, stamp in rows]
        self.connection.execute(_upsert(self.connection, case_plans, "case_id"), values)

    def finish(self, updates: Sequence[tuple[int, int, int, date | None]]) -> None:
        if not updates:
            return
        self.connection.execute(
            case_plans.update()
            .where(case_plans.c.case_id == sa.bindparam("b_id"))
            .values(
                max_severity_done=sa.bindparam("b_sev"),
                done_kinds=sa.bindparam("b_kinds"),
                last_done_on=sa.bindparam("b_last"),
                in_flight_action_id=None,
            ),
            [{"b_id": i, "b_sev": s, "b_kinds": k, "b_last": d} for i, s, k, d in updates],
        )

    def set_next(self, updates: Sequence[tuple[int, str | None, date | None]]) -> None:
        if not updates:
            return
        if self.connection.dialect.name == "sqlite":
            self.connection.exec_driver_sql(
                "UPDATE cases SET scenario_id = ?, next_action_on = ? WHERE id = ?",
                [(s, None if n is None else n.isoformat(), i) for i, s, n in updates],
            )
            return
        self.connection.execute(
            cases.update()
            .where(cases.c.id == sa.bindparam("b_id"))
            .values(
                scenario_id=sa.bindparam("b_scenario"),
                next_action_on=sa.bindparam("b_next"),
            ),
            [{"b_id": i, "b_scenario": s, "b_next": n} for i, s, n in updates],
        )

    def finished_in_flight(self) -> list[FinishedStep]:
        query = (
            sa.select(
                case_plans.c.case_id,
                case_plans.c.scenario_id,
                actions.c.id,
                actions.c.step_id,
                actions.c.kind,
                actions.c.status,
                actions.c.sent_at,
                case_plans.c.max_severity_done,
                case_plans.c.done_kinds,
                case_plans.c.last_done_on,
            )
            .select_from(case_plans.join(actions, actions.c.id == case_plans.c.in_flight_action_id))
            .where(actions.c.status.in_(("sent", "failed", "cancelled")))
            .order_by(case_plans.c.case_id)
        )
        return [FinishedStep._make(row) for row in self.connection.execute(query)]
