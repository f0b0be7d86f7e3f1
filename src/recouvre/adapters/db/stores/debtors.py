"""Debtors' details, preferences and open cases on SQL (``services.parties.debtors.DebtorStore``).

Runs inside the unit of work's transaction (``uow.debtor_store``), so that a debtor's
change, its journal entries and the withdrawal of what the outbox holds commit together.
``save`` writes the contact details and preferences only: the natural key (``debtors.key``,
which imports match on), the kind and the name stay as the import set them. The département is
recomputed from the postal code (``Address.departement``), as the import computes it.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.invoice_status import OUTSTANDING_CENTS, OWED
from recouvre.adapters.db.tables import actions, case_plans, cases, creditors, debtors, invoices
from recouvre.domain.cases import Phase
from recouvre.domain.parties import Debtor
from recouvre.services.outbox.model import PENDING
from recouvre.services.parties.debtors import DebtorListing, OpenCase, PendingAction

_SEARCHED = (
    debtors.c.name,
    debtors.c.siren,
    debtors.c.emails,
    debtors.c.phones,
    debtors.c.postal_code,
    debtors.c.city,
)
_OPEN = cases.c.phase != Phase.CLOSED.value


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqlDebtorStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def search(self, text: str | None, limit: int) -> list[DebtorListing]:
        open_count = (
            sa.select(sa.func.count())
            .where(cases.c.debtor_id == debtors.c.id, _OPEN)
            .scalar_subquery()
            .label("open_cases")
        )
        query = sa.select(debtors, open_count).order_by(debtors.c.name, debtors.c.id).limit(limit)
        if text:
            pattern = _like(text)
            query = query.where(
                sa.or_(*(sa.func.lower(c).like(pattern, escape="\\") for c in _SEARCHED))
            )
        rows = self.connection.execute(query).all()
        return [DebtorListing(mappers.debtor_from_row(r), int(r.open_cases)) for r in rows]

    def _one(self, condition: Any) -> Debtor | None:
        row = self.connection.execute(
            sa.select(debtors).where(condition).order_by(debtors.c.id).limit(1)
        ).first()
        return None if row is None else mappers.debtor_from_row(row)

    def by_id(self, debtor_id: int) -> Debtor | None:
        return self._one(debtors.c.id == debtor_id)

    def by_siren(self, siren: str) -> Debtor | None:
        return self._one(debtors.c.siren == siren)

    def by_case_reference(self, reference: str) -> Debtor | None:
        owner = sa.select(cases.c.debtor_id).where(cases.c.reference == reference)
        return self._one(debtors.c.id.in_(owner.scalar_subquery()))

    def open_cases(self, debtor_id: int) -> list[OpenCase]:
        outstanding = (
            sa.select(sa.func.coalesce(sa.func.sum(OUTSTANDING_CENTS), 0))
            .where(invoices.c.case_id == cases.c.id, OWED)
            .scalar_subquery()
            .label("outstanding_cents")
        )  # fmt: skip
        query = (
            sa.select(
                cases.c.id,
                cases.c.reference,
                creditors.c.name.label("creditor_name"),
                creditors.c.siren.label("creditor_siren"),
                cases.c.phase,
                cases.c.attitude,
                outstanding,
                cases.c.next_action_on,
                case_plans.c.scenario_id,
            )
            .select_from(
                cases.join(creditors, creditors.c.id == cases.c.creditor_id).outerjoin(
                    case_plans, case_plans.c.case_id == cases.c.id
                )
            )
            .where(cases.c.debtor_id == debtor_id, _OPEN)
            .order_by(cases.c.reference)
        )
        rows = self.connection.execute(query).all()
        pending = self._pending([r.id for r in rows])
        return [
            OpenCase(
                case_id=r.id,
                reference=r.reference,
                creditor_name=r.creditor_name,
                creditor_siren=r.creditor_siren,
                phase=r.phase,
                attitude=r.attitude,
                outstanding_cents=int(r.outstanding_cents or 0),
                next_action_on=None
                if r.next_action_on is None
                else mappers.as_date(r.next_action_on),
                planned=r.scenario_id is not None,
                pending=tuple(pending.get(r.id, ())),
            )
            for r in rows
        ]

    def _pending(self, case_ids: list[int]) -> dict[int, list[PendingAction]]:
        if not case_ids:
            return {}
        rows = self.connection.execute(
            sa.select(
                actions.c.id,
                actions.c.case_id,
                actions.c.step_id,
                actions.c.channel,
                actions.c.status,
                actions.c.due_on,
                actions.c.payload,
            )
            .where(actions.c.case_id.in_(case_ids), actions.c.status.in_(PENDING))
            .order_by(actions.c.id)
        ).all()
        out: dict[int, list[PendingAction]] = {}
        for r in rows:
            payload = json.loads(r.payload or "{}")
            recipient = payload.get("recipient") if isinstance(payload, dict) else None
            out.setdefault(r.case_id, []).append(
                PendingAction(
                    id=r.id,
                    step_id=r.step_id,
                    channel=r.channel,
                    status=r.status,
                    due_on=mappers.as_date(r.due_on),
                    recipient=recipient if isinstance(recipient, dict) else {},
                )
            )
        return out

    def save(self, debtor: Debtor) -> None:
        assert debtor.id is not None
        values = mappers.debtor_values(debtor)
        for fixed in ("key", "kind", "name", "siren", "siret"):
            del values[fixed]
        self.connection.execute(debtors.update().where(debtors.c.id == debtor.id).values(values))
