"""The review queue read and decided in bulk (``services.daily_run.review``), on the unit of
work's connection (``uow.review_rows``): each action awaiting approval with its case, debtor,
creditor, scenario and what the case owes; the ids a filter selects; one UPDATE per chunk of
ids for a decision on hundreds of thousands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.tables import actions, cases, creditors, debtors, invoices
from recouvre.domain.money import from_cents
from recouvre.services.daily_run.ports import ReviewFilter, ReviewRow

AWAITING = "awaiting_approval"
_CHUNK = 500


def _owed() -> sa.ScalarSelect[int]:
    return (
        sa.select(sa.func.coalesce(sa.func.sum(invoices.c.amount_cents - invoices.c.paid_cents), 0))
        .where(invoices.c.case_id == actions.c.case_id, invoices.c.status == "open")
        .scalar_subquery()
    )


def _where(query: sa.Select[Any], f: ReviewFilter) -> sa.Select[Any]:
    query = query.where(actions.c.status == AWAITING)
    if f.creditor_siren:
        query = query.where(creditors.c.siren == f.creditor_siren)
    if f.step_id:
        query = query.where(actions.c.step_id == f.step_id)
    if f.scenario_id:
        query = query.where(cases.c.scenario_id == f.scenario_id)
    if f.ids:
        query = query.where(actions.c.id.in_(list(f.ids)))
    return query


_JOINED = (
    actions.join(cases, cases.c.id == actions.c.case_id)
    .join(creditors, creditors.c.id == cases.c.creditor_id)
    .join(debtors, debtors.c.id == cases.c.debtor_id)
)


class SqlReviewStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def rows(self, f: ReviewFilter, limit: int | None) -> list[ReviewRow]:
        query = _where(
            sa.select(
                actions.c.id, actions.c.case_id, cases.c.reference, debtors.c.name,
                creditors.c.name.label("creditor"), cases.c.scenario_id, actions.c.step_id,
                actions.c.channel, actions.c.due_on, actions.c.extra_delay_days,
                actions.c.reason, _owed().label("owed_cents"),
            ).select_from(_JOINED),
            f,
        ).order_by(actions.c.due_on, actions.c.id)  # fmt: skip
        if limit is not None:
            query = query.limit(limit)
        return [
            ReviewRow(
                r.id,
                r.case_id,
                r.reference,
                r.name,
                r.creditor,
                r.scenario_id or "",
                r.step_id,
                r.channel,
                r.due_on,
                r.extra_delay_days,
                r.reason,
                from_cents(r.owed_cents),
            )
            for r in self.connection.execute(query)
        ]

    def count(self, f: ReviewFilter) -> int:
        query = _where(sa.select(sa.func.count()).select_from(_JOINED), f)
        return int(self.connection.execute(query).scalar_one())

    def selected(self, f: ReviewFilter) -> list[tuple[int, int, str]]:
        """(action, case, step) of every action the filter selects, in one query."""
        query = _where(
            sa.select(actions.c.id, actions.c.case_id, actions.c.step_id).select_from(_JOINED), f
        ).order_by(actions.c.id)
        return [(r.id, r.case_id, r.step_id) for r in self.connection.execute(query)]

    def decide(self, ids: Sequence[int], status: str, stamp: str, reason: str | None) -> int:
        """Move these awaiting actions to ``status``; how many moved (one UPDATE per chunk)."""
        values: dict[str, object] = {"status": status, "updated_at": stamp}
        if reason is not None:
            values["reason"] = reason
        moved = 0
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            query = (
                actions.update()
                .where(actions.c.id.in_(chunk), actions.c.status == AWAITING)
                .values(**values)
            )
            moved += self.connection.execute(query).rowcount
        return moved
