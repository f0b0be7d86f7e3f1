"""Each creditor's payment-plan rules (``law.payment_plan.PlanRules``), on the unit of work's
connection (``uow.plan_rules``); a creditor without a row has the shipped defaults."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from recouvre.adapters.db.tables import creditor_plan_rules
from recouvre.domain.money import from_cents, to_cents
from recouvre.law.payment_plan import PlanRules


class SqlPlanRulesStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def for_creditors(self, creditor_ids: Sequence[int]) -> dict[int, PlanRules]:
        """creditor id -> rules, the defaults for a creditor that set none."""
        wanted = sorted(set(creditor_ids))
        out = {creditor: PlanRules() for creditor in wanted}
        if not wanted:
            return out
        t = creditor_plan_rules.c
        rows = self.connection.execute(
            sa.select(t.creditor_id, t.min_instalment_cents, t.max_months).where(
                t.creditor_id.in_(wanted)
            )
        )
        for row in rows:
            out[row.creditor_id] = PlanRules(from_cents(row.min_instalment_cents), row.max_months)
        return out

    def set(self, creditor_id: int, rules: PlanRules) -> None:
        t = creditor_plan_rules.c
        self.connection.execute(
            sa.delete(creditor_plan_rules).where(t.creditor_id == creditor_id)
        )
        self.connection.execute(
            sa.insert(creditor_plan_rules).values(
                creditor_id=creditor_id,
                min_instalment_cents=to_cents(rules.min_instalment),
                max_months=rules.max_months,
            )
        )
