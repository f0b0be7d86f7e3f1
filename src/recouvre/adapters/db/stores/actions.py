"""The ``actions`` table (outbox and review queue) as the daily run, the review and the case
events use it: bulk inserts that the idempotency key makes safe to repeat, and status moves
guarded by the status the caller expects (two writers never both move the same action)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from recouvre.adapters.db.tables import action_withdrawals, actions, cases
from recouvre.services.daily_run.ports import ContactRow, NewAction, StoredAction

_CHUNK = 500
_CONTACT_STATUSES = ("queued", "sending", "sent")

_STORED = (
    actions.c.id,
    actions.c.idempotency_key,
    actions.c.case_id,
    actions.c.step_id,
    actions.c.attempt,
    actions.c.kind,
    actions.c.channel,
    actions.c.template,
    actions.c.due_on,
    actions.c.status,
    actions.c.requires_approval,
    actions.c.extra_delay_days,
    actions.c.not_before,
    actions.c.reason,
    actions.c.sent_at,
    action_withdrawals.c.action_id.is_not(None).label("withdrawn"),
)
_FROM = actions.outerjoin(action_withdrawals, action_withdrawals.c.action_id == actions.c.id)


def _stored(
    rows: sa.CursorResult[tuple[object, ...]] | sa.Result[tuple[object, ...]],
) -> list[StoredAction]:
    return [StoredAction._make(row) for row in rows]


class SqlActionStore:
    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def insert(self, new: Sequence[NewAction], stamp: str) -> dict[str, tuple[int, bool]]:
        if not new:
            return {}
        if self.connection.dialect.name == "sqlite":
            # The fast path of the daily run: one cached statement, plain tuples (SQLAlchemy's
            # per-row parameter processing costs more than SQLite's insert itself).
            names = [*NewAction._fields, "created_at", "updated_at"]
            self.connection.exec_driver_sql(
                f"INSERT INTO actions ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                "ON CONFLICT (idempotency_key) DO NOTHING",
                [
                    (
                        *a[:7],
                        a.due_on.isoformat(),
                        a.status,
                        int(a.requires_approval),
                        *a[10:],
                        stamp,
                        stamp,
                    )
                    for a in new
                ],
            )
        else:
            statement = postgresql.insert(actions).on_conflict_do_nothing(
                index_elements=["idempotency_key"]
            )
            self.connection.execute(
                statement,
                [{**a._asdict(), "created_at": stamp, "updated_at": stamp} for a in new],
            )
        keys = [a.idempotency_key for a in new]
        out: dict[str, tuple[int, bool]] = {}
        for start in range(0, len(keys), _CHUNK):
            rows = self.connection.execute(
                sa.select(actions.c.idempotency_key, actions.c.id, actions.c.created_at).where(
                    actions.c.idempotency_key.in_(keys[start : start + _CHUNK])
                )
            )
            for key, action_id, created_at in rows:
                out[key] = (action_id, created_at == stamp)
        return out

    def withdrawn_attempts(self, low_id: int, high_id: int) -> dict[tuple[int, str], int]:
        rows = self.connection.execute(
            sa.select(actions.c.case_id, actions.c.step_id, sa.func.count())
            .select_from(
                actions.join(action_withdrawals, action_withdrawals.c.action_id == actions.c.id)
            )
            .where(actions.c.case_id.between(low_id, high_id))
            .group_by(actions.c.case_id, actions.c.step_id)
        )
        return {(case_id, step_id): count for case_id, step_id, count in rows}

    def contacts(self, debtor_ids: Sequence[int]) -> list[ContactRow]:
        ids = sorted(set(debtor_ids))
        out: list[ContactRow] = []
        if self.connection.dialect.name == "sqlite" and ids:
            # ONE query for the whole page, driven by the cases: ``cases.debtor_id`` has no
            # index of its own, and SQLite's own choice (walk every contact of
            # ``ix_actions_status_due_on`` and join it to its case), made per chunk of 500
            # debtors, repeated that walk 40 times a page over a growing table: quadratic, most
            # of a 1,000,000-invoice run. Here: one sequential scan of ``cases`` (ids as one
            # JSON array, no bound-parameter limit), then ``ix_actions_case_id``. Rows in the
            # order the guard saw before (status, due date, id).
            rows = self.connection.exec_driver_sql(
                "SELECT cases.debtor_id, actions.channel, actions.status, actions.not_before, "
                "actions.sent_at FROM cases CROSS JOIN actions ON actions.case_id = cases.id "
                "WHERE cases.debtor_id IN (SELECT value FROM json_each(?)) "
                f"AND actions.status IN ({', '.join('?' * len(_CONTACT_STATUSES))}) "
                "AND actions.channel != 'internal' "
                "ORDER BY actions.status, actions.due_on, actions.id",
                (json.dumps(ids), *_CONTACT_STATUSES),
            )
            return [ContactRow._make(row) for row in rows]
        for start in range(0, len(ids), _CHUNK):
            rows = self.connection.execute(
                sa.select(
                    cases.c.debtor_id,
                    actions.c.channel,
                    actions.c.status,
                    actions.c.not_before,
                    actions.c.sent_at,
                )
                .select_from(actions.join(cases, cases.c.id == actions.c.case_id))
                .where(
                    cases.c.debtor_id.in_(ids[start : start + _CHUNK]),
                    actions.c.status.in_(_CONTACT_STATUSES),
                    actions.c.channel != "internal",
                )
            )
            out.extend(ContactRow._make(row) for row in rows)
        return out

    def for_case(self, case_id: int) -> list[StoredAction]:
        return self.for_cases(case_id, case_id)

    def for_cases(self, low_id: int, high_id: int) -> list[StoredAction]:
        query = (
            sa.select(*_STORED)
            .select_from(_FROM)
            .where(actions.c.case_id.between(low_id, high_id))
            .order_by(actions.c.case_id, actions.c.id)
        )
        return _stored(self.connection.execute(query))

    def fees_claimed(self, case_id: int, kinds: Collection[str], on: date) -> bool:
        """A sent document of ``kinds`` whose payload claims the fees (the daily run writes
        ``"fees_claimed":false`` in canonical JSON when it does not), sent before the day after
        ``on`` (``sent_at`` is UTC: a letter sent at 23:30 UTC counts for its UTC day)."""
        found = self.connection.execute(
            sa.select(actions.c.id)
            .where(
                actions.c.case_id == case_id,
                actions.c.status == "sent",
                actions.c.kind.in_(sorted(kinds)),
                actions.c.sent_at < (on + timedelta(days=1)).isoformat(),
                actions.c.payload.not_like('%"fees_claimed":false%'),
            )
            .limit(1)
        ).first()
        return found is not None

    def get(self, action_id: int) -> StoredAction | None:
        found = _stored(
            self.connection.execute(
                sa.select(*_STORED).select_from(_FROM).where(actions.c.id == action_id)
            )
        )
        return found[0] if found else None

    def with_status(self, statuses: Sequence[str], limit: int | None = None) -> list[StoredAction]:
        query = (
            sa.select(*_STORED)
            .select_from(_FROM)
            .where(actions.c.status.in_(list(statuses)))
            .order_by(actions.c.due_on, actions.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        return _stored(self.connection.execute(query))

    def deferred_until(self, moment: str) -> list[StoredAction]:
        query = (
            sa.select(*_STORED)
            .select_from(_FROM)
            .where(actions.c.status == "deferred", actions.c.not_before <= moment)
            .order_by(actions.c.case_id, actions.c.id)
        )
        return _stored(self.connection.execute(query))

    def set_status(
        self,
        action_id: int,
        status: str,
        stamp: str,
        *,
        not_before: str | None = None,
        reason: str | None = None,
        extra_delay_days: int | None = None,
        expected: Sequence[str] = (),
    ) -> bool:
        values: dict[str, object] = {"status": status, "updated_at": stamp}
        if not_before is not None:
            values["not_before"] = not_before
        if reason is not None:
            values["reason"] = reason
        if extra_delay_days is not None:
            values["extra_delay_days"] = extra_delay_days
        query = actions.update().where(actions.c.id == action_id).values(**values)
        if expected:
            query = query.where(actions.c.status.in_(list(expected)))
        return self.connection.execute(query).rowcount == 1

    def mark_withdrawn(self, action_id: int, on: date) -> None:
        self.connection.execute(
            action_withdrawals.insert().values(action_id=action_id, withdrawn_on=on)
        )

    def queued_on_step(self, step_id: str) -> list[StoredAction]:
        query = (
            sa.select(*_STORED)
            .select_from(_FROM)
            .where(
                actions.c.status == "queued",
                actions.c.channel == "internal",
                actions.c.step_id == step_id,
            )
            .order_by(actions.c.case_id, actions.c.id)
        )
        return _stored(self.connection.execute(query))
