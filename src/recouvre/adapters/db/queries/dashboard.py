"""Read side of the web dashboard (``services.cases.dashboard.DashboardReader``): the portfolio
reader's columns within a scope, and the actions due by a day that no sender has taken yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.queries.portfolio import SqlPortfolioReader
from recouvre.adapters.db.tables import actions, cases, debtors
from recouvre.services.cases.dashboard import DueAction
from recouvre.services.outbox.model import PENDING, ActionStatus

_PENDING = [status.value for status in PENDING]


class SqlDashboardReader(SqlPortfolioReader):
    def _due(self, query: sa.Select[Any], on: date) -> sa.Select[Any]:
        query = query.where(actions.c.status.in_(_PENDING), actions.c.due_on <= on)
        return self._scoped(query, cases.c.creditor_id)

    def due_actions(self, on: date, limit: int) -> Sequence[DueAction]:
        query = (
            self._due(
                sa.select(
                    actions.c.id,
                    cases.c.reference,
                    debtors.c.name,
                    actions.c.step_id,
                    actions.c.channel,
                    actions.c.status,
                    actions.c.due_on,
                ).select_from(
                    actions.join(cases, cases.c.id == actions.c.case_id).join(
                        debtors, debtors.c.id == cases.c.debtor_id
                    )
                ),
                on,
            )
            .order_by(actions.c.due_on, actions.c.id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [
                DueAction(
                    action_id=row.id,
                    case_reference=row.reference,
                    debtor_name=row.name,
                    step_id=row.step_id,
                    channel=row.channel,
                    status=row.status,
                    due_on=mappers.as_date(row.due_on),
                )
                for row in conn.execute(query)
            ]

    def count_due_actions(self, on: date) -> int:
        query = self._due(
            sa.select(sa.func.count()).select_from(
                actions.join(cases, cases.c.id == actions.c.case_id)
            ),
            on,
        )
        return self._scalar(query)

    def count_awaiting_approval(self) -> int:
        query = self._scoped(
            sa.select(sa.func.count())
            .select_from(actions.join(cases, cases.c.id == actions.c.case_id))
            .where(actions.c.status == ActionStatus.AWAITING_APPROVAL.value),
            cases.c.creditor_id,
        )
        return self._scalar(query)
