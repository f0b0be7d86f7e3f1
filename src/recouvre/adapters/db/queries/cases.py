"""Read models of cases, straight from SQL (no aggregate, no tracking): ``CaseQueries``.

The list is one grouped query over cases, parties and invoices, so it stays one round trip
whatever the number of cases. Outstanding amounts and the oldest due date count the invoices
still ``open``; the invoice count counts them all.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.invoice_status import OUTSTANDING_CENTS, OWED
from recouvre.adapters.db.tables import (
    actions,
    cases,
    creditors,
    debtors,
    invoices,
    journal_entries,
    payments,
)
from recouvre.domain.cases import Attitude, CaseKey, Closure, Phase
from recouvre.domain.journal import case_stream
from recouvre.domain.money import from_cents
from recouvre.services.queries import (
    ActionIssue,
    CaseDetail,
    CaseSummary,
    EventLine,
    InvoiceLine,
    PaymentLine,
)


class SqlCaseQueries:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def list_cases(
        self,
        phase: Phase | None = None,
        creditor_siren: str | None = None,
        limit: int | None = None,
    ) -> list[CaseSummary]:
        query = (
            sa.select(
                cases.c.id,
                cases.c.reference,
                cases.c.phase,
                cases.c.attitude,
                cases.c.opened_on,
                creditors.c.name.label("creditor_name"),
                creditors.c.siren.label("creditor_siren"),
                debtors.c.name.label("debtor_name"),
                debtors.c.kind.label("debtor_kind"),
                sa.func.count(invoices.c.id).label("invoices"),
                sa.func.coalesce(
                    sa.func.sum(sa.case((OWED, OUTSTANDING_CENTS), else_=0)),
                    0,
                ).label("outstanding_cents"),
                sa.func.min(sa.case((OWED, invoices.c.due_date), else_=None)).label(
                    "oldest_due_date"
                ),
            )
            .select_from(
                cases.join(creditors, creditors.c.id == cases.c.creditor_id)
                .join(debtors, debtors.c.id == cases.c.debtor_id)
                .outerjoin(invoices, invoices.c.case_id == cases.c.id)
            )
            .group_by(
                cases.c.id,
                cases.c.reference,
                cases.c.phase,
                cases.c.attitude,
                cases.c.opened_on,
                creditors.c.name,
                creditors.c.siren,
                debtors.c.name,
                debtors.c.kind,
            )
            .order_by(cases.c.id)
        )
        if phase is not None:
            query = query.where(cases.c.phase == phase.value)
        if creditor_siren is not None:
            query = query.where(creditors.c.siren == creditor_siren)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [self._summary(row) for row in connection.execute(query)]

    @staticmethod
    def _summary(row: Any) -> CaseSummary:
        return CaseSummary(
            id=row.id,
            reference=row.reference,
            creditor_name=row.creditor_name,
            creditor_siren=row.creditor_siren,
            debtor_name=row.debtor_name,
            debtor_kind=row.debtor_kind,
            phase=Phase(row.phase),
            attitude=Attitude(row.attitude),
            opened_on=mappers.as_date(row.opened_on),
            invoices=row.invoices,
            outstanding=from_cents(int(row.outstanding_cents)),
            oldest_due_date=mappers.optional_date(row.oldest_due_date),
        )

    def case_detail(self, key: str) -> CaseDetail | None:
        where = case_key_clause(key)
        if where is None:
            return None
        with self.engine.connect() as connection:
            case = connection.execute(sa.select(cases).where(where)).first()
            if case is None:
                return None
            creditor = connection.execute(
                sa.select(creditors).where(creditors.c.id == case.creditor_id)
            ).one()
            debtor = connection.execute(
                sa.select(debtors).where(debtors.c.id == case.debtor_id)
            ).one()
            return CaseDetail(
                id=case.id,
                reference=case.reference,
                phase=Phase(case.phase),
                attitude=Attitude(case.attitude),
                closure=Closure(case.closure) if case.closure else None,
                opened_on=mappers.as_date(case.opened_on),
                closed_on=mappers.optional_date(case.closed_on),
                scenario_id=case.scenario_id,
                next_action_on=mappers.optional_date(case.next_action_on),
                creditor=mappers.creditor_from_row(creditor),
                debtor=mappers.debtor_from_row(debtor),
                invoices=_invoice_lines(connection, case.id),
                payments=_payment_lines(connection, case.id),
                events=_event_lines(connection, case.id),
                action_issues=_action_issues(connection, case.id),
            )


def _invoice_lines(connection: sa.Connection, case_id: int) -> tuple[InvoiceLine, ...]:
    rows = connection.execute(
        sa.select(invoices)
        .where(invoices.c.case_id == case_id)
        .order_by(invoices.c.due_date, invoices.c.id)
    )
    return tuple(
        InvoiceLine(
            id=row.id,
            number=row.number,
            issue_date=mappers.as_date(row.issue_date),
            due_date=mappers.as_date(row.due_date),
            amount=from_cents(row.amount_cents),
            paid=from_cents(row.paid_cents),
            status=row.status,
        )
        for row in rows
    )


def _payment_lines(connection: sa.Connection, case_id: int) -> tuple[PaymentLine, ...]:
    rows = connection.execute(
        sa.select(payments)
        .where(payments.c.case_id == case_id)
        .order_by(payments.c.received_on, payments.c.id)
    )
    return tuple(
        PaymentLine(
            id=row.id,
            received_on=mappers.as_date(row.received_on),
            amount=from_cents(row.amount_cents),
            designated_invoice=row.designated_invoice,
            reference=row.reference,
            source=row.source,
            parts=mappers.parts_from_text(row.parts),
            reversed_on=mappers.as_date(row.reversed_on) if row.reversed_on else None,
        )
        for row in rows
    )


def _event_lines(connection: sa.Connection, case_id: int) -> tuple[EventLine, ...]:
    """The case's history read from its journal stream, in chain order: what a person reads
    is what ``journal verify`` proves (the ``events`` copy is only held to it)."""
    entries = journal_entries
    rows = connection.execute(
        sa.select(entries)
        .where(entries.c.stream == case_stream(case_id))
        .order_by(entries.c.seq)
    )
    return tuple(
        EventLine(
            id=row.id,
            kind=row.kind,
            occurred_on=mappers.as_date(row.occurred_on),
            recorded_at=row.recorded_at,
            actor=row.actor,
            payload=json.loads(row.payload),
        )
        for row in rows
    )


def _action_issues(connection: sa.Connection, case_id: int) -> tuple[ActionIssue, ...]:
    """The case's failed and quarantined actions, each with the attempt that retried it."""
    later = actions.alias("later")
    retried_by = (
        sa.select(sa.func.min(later.c.id))
        .where(
            later.c.case_id == actions.c.case_id,
            later.c.step_id == actions.c.step_id,
            later.c.attempt > actions.c.attempt,
        )
        .scalar_subquery()
    )
    rows = connection.execute(
        sa.select(
            actions.c.id,
            actions.c.step_id,
            actions.c.attempt,
            actions.c.channel,
            actions.c.status,
            actions.c.due_on,
            actions.c.updated_at,
            actions.c.reason,
            retried_by.label("retried_by"),
        )
        .where(actions.c.case_id == case_id, actions.c.status.in_(("failed", "quarantined")))
        .order_by(actions.c.id)
    )
    return tuple(
        ActionIssue(
            id=row.id,
            step_id=row.step_id,
            attempt=row.attempt,
            channel=row.channel,
            status=row.status,
            due_on=mappers.as_date(row.due_on),
            updated_at=row.updated_at,
            reason=row.reason,
            retried_by=row.retried_by,
        )
        for row in rows
    )


def case_key_clause(key: str) -> sa.ColumnElement[bool] | None:
    """The ``WHERE`` clause of the case a person names by id or reference
    (``domain.cases.CaseKey``); ``None`` when the key can name no case (an id no row carries)."""
    parsed = CaseKey.parse(key)
    if parsed.matches_nothing:
        return None
    if parsed.id is not None:
        return cases.c.id == parsed.id
    return cases.c.reference == parsed.reference
