"""A small portfolio in a real database, and the daily run's world around it (no tests here).

``World`` builds creditors, debtors, cases and invoices through the repositories, runs
``run_day`` for a date, and plays the part of the sender between two runs: ``send(on)`` marks
the queued actions whose moment has come as sent that day at 10:00 Paris time (what the outbox
sender records: status ``sent`` and ``sent_at`` in UTC), so that a timeline of days can be
replayed as a credit manager reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recouvre.bootstrap import App, build, case_events, plan_uow, review_queue, run_day
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.services.daily_run.run import RunReport
from recouvre.settings import Settings

PARIS = ZoneInfo("Europe/Paris")


class RealClock:
    """Instants are real (journal stamps); the run's date is always passed explicitly."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return date(2026, 3, 2)


@dataclass(frozen=True)
class ActionView:
    id: int
    case_id: int
    step_id: str
    attempt: int
    kind: str
    channel: str
    status: str
    due_on: date
    not_before: str | None
    sent_on: date | None
    reason: str | None


class World:
    def __init__(self, url: str, folder: Path, *, migrate: bool = False) -> None:
        settings = Settings(database_url=url, data_dir=folder, law_file=None, language="fr")
        self.app: App = build(settings, clock=RealClock(), actor="test:run")
        if migrate:
            self.app.init_database()
        self.creditor_id = self._creditor("Menuiserie Durand", "732829320")
        self.count = 0

    def _creditor(self, name: str, siren: str) -> int:
        with self.app.uow() as uow:
            found = uow.creditors.by_siren(siren)
            if found is None:
                found = uow.creditors.add(Creditor(None, name, siren))
                uow.commit()
            assert found.id is not None
            return found.id

    def case(
        self,
        *dues: tuple[date, str],
        kind: DebtorKind = DebtorKind.COMPANY,
        postal: str = "75011",
        email: bool = True,
        phone: bool = True,
        opened: date = date(2026, 1, 1),
    ) -> int:
        """A case of one debtor with invoices (due date, amount); returns its id."""
        self.count += 1
        n = self.count
        with self.app.uow() as uow:
            debtor = uow.debtors.add(
                Debtor(
                    None,
                    kind,
                    f"Débiteur {n}",
                    siren=None,
                    address=Address(("1 rue de la Paix",), postal, "Ville")
                    if postal
                    else Address(),
                    emails=(f"compta{n}@exemple.fr",) if email else (),
                    phones=("0612345678",) if phone else (),
                )
            )
            assert debtor.id is not None
            case = uow.cases.add(Case.open(self.creditor_id, debtor.id, opened))
            assert case.id is not None
            for i, (due, amount) in enumerate(dues):
                uow.invoices.add(
                    Invoice(None, self.creditor_id, debtor.id, f"F{n}-{i + 1}",
                            date(due.year, due.month, 1) if due.day > 1 else due, due,
                            Decimal(amount)),
                    case.id,
                )  # fmt: skip
            uow.commit()
            return case.id

    def run(self, on: date, **options: object) -> RunReport:
        return run_day(self.app, on, **options)  # type: ignore[arg-type]

    def send(self, on: date) -> int:
        """The sender's part: queued actions whose moment came by ``on`` are sent at 10:00."""
        sent_at = datetime.combine(on, time(10, 0), PARIS).astimezone(UTC)
        stamp = sent_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        limit = datetime.combine(on, time(23, 59)).isoformat(timespec="seconds")
        with self.app.engine.begin() as connection:
            result = connection.execute(
                sa.text(
                    "UPDATE actions SET status = 'sent', sent_at = :stamp, updated_at = :stamp "
                    "WHERE status = 'queued' AND (not_before IS NULL OR not_before <= :limit)"
                ),
                {"stamp": stamp, "limit": limit},
            )
            return int(result.rowcount)

    def actions(self, case_id: int | None = None) -> list[ActionView]:
        query = (
            "SELECT id, case_id, step_id, attempt, kind, channel, status, due_on, not_before, "
            "sent_at, reason FROM actions"
        )
        params: dict[str, object] = {}
        if case_id is not None:
            query += " WHERE case_id = :case_id"
            params["case_id"] = case_id
        with self.app.engine.connect() as connection:
            rows = connection.execute(sa.text(query + " ORDER BY id"), params).all()
        out = []
        for r in rows:
            due = r.due_on if isinstance(r.due_on, date) else date.fromisoformat(r.due_on)
            sent = datetime.fromisoformat(r.sent_at).astimezone(PARIS).date() if r.sent_at else None
            out.append(
                ActionView(r.id, r.case_id, r.step_id, r.attempt, r.kind, r.channel, r.status,
                           due, r.not_before, sent, r.reason)
            )  # fmt: skip
        return out

    def journal_kinds(self, case_id: int) -> list[str]:
        with self.app.engine.connect() as connection:
            return list(
                connection.execute(
                    sa.text("SELECT kind FROM journal_entries WHERE case_id = :c ORDER BY seq"),
                    {"c": case_id},
                ).scalars()
            )

    def journal_payloads(self, case_id: int, kind: str) -> list[dict[str, Any]]:
        with self.app.engine.connect() as connection:
            texts = connection.execute(
                sa.text(
                    "SELECT payload FROM journal_entries WHERE case_id = :c AND kind = :k "
                    "ORDER BY seq"
                ),
                {"c": case_id, "k": kind},
            ).scalars()
            return [json.loads(text) for text in texts]

    def case_state(self, case_id: int) -> sa.Row[tuple[object, ...]]:
        with self.app.engine.connect() as connection:
            return connection.execute(
                sa.text(
                    "SELECT c.phase, c.attitude, c.closure, c.scenario_id, c.next_action_on, "
                    "p.status AS plan_status, p.pointer, p.in_flight_action_id "
                    "FROM cases c LEFT JOIN case_plans p ON p.case_id = c.id WHERE c.id = :c"
                ),
                {"c": case_id},
            ).one()

    def events(self):  # type: ignore[no-untyped-def]
        return case_events(self.app)

    def review(self, actor: str = "cli:marie"):  # type: ignore[no-untyped-def]
        return review_queue(self.app, actor)

    def uow(self):  # type: ignore[no-untyped-def]
        return plan_uow(self.app)

    def close(self) -> None:
        self.app.dispose()
