"""Test data for the outbox (dispatch, crash, concurrency, calls, registered mail, CLI tests):
a creditor with an IBAN, a company debtor reachable on every channel, one case with two
invoices, and ``actions`` rows as the daily run would insert them."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from email import message_from_bytes

import sqlalchemy as sa

from recouvre.adapters.db.tables import actions
from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.bootstrap import App
from recouvre.compliance.policy import ContactPolicy
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.legal_identity import LegalIdentity
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.services.outbox.transactions import OutboxTransactions

DAY = date(2026, 11, 23)
# Monday 23 November 2026, 10:00 in Paris: inside every channel's window. A sender run in a
# subprocess takes it as "now" (the hours rule at the moment of sending).
SEND_NOW = "2026-11-23T10:00:00+01:00"
# Several contacts to one debtor on one day, which the guard never plans: for the tests of the
# sender's mechanics (keys, crashes, quarantine), not of its caps (tests/services/outbox/
# test_send_window.py).
NO_CAPS = ContactPolicy(
    max_contacts_per_day=100, max_contacts_per_day_per_channel=100, max_contacts_per_30_days=100
)


@dataclass
class FixedClock:
    moment: datetime = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()


@dataclass(frozen=True)
class Seeded:
    case_id: int
    reference: str
    debtor_id: int
    creditor_id: int


def seed_case(
    app: App,
    *,
    email: str = "compta@schmitt.example",
    phone: str = "+33612345678",
    name: str = "Boulangerie Schmitt",
    siren: str = "542065479",
) -> Seeded:
    with app.uow() as uow:
        creditor = uow.creditors.by_siren("732829320") or uow.creditors.add(
            Creditor(
                None,
                "Menuiserie Durand",
                "732829320",
                iban="FR7630006000011234567890189",
                bic="AGRIFRPP",
                address=Address(("12 rue des Lilas",), "69003", "Lyon"),
                email="compta@durand.example",
                phone="04 72 00 00 00",
            )
        )
        debtor = uow.debtors.add(
            Debtor(
                None,
                DebtorKind.COMPANY,
                name,
                siren=siren,
                address=Address(("3 place d'Armes",), "57000", "Metz"),
                emails=(email,) if email else (),
                phones=(phone,) if phone else (),
            )
        )
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 9, 1)))
        assert case.id and case.reference
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, f"F-{case.id}-1", date(2026, 8, 1),
                    date(2026, 8, 31), Decimal("1234.56")), case.id,
        )  # fmt: skip
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, f"F-{case.id}-2", date(2026, 8, 15),
                    date(2026, 9, 14), Decimal("250.00"), Decimal("50.00")), case.id,
        )  # fmt: skip
        if uow.legal_identities.get(creditor.id) is None:
            legal = LegalIdentity("SARL", "Lyon", Decimal("10000"), "Paul Durand, gérant")
            uow.legal_identities.set(creditor.id, legal, "2026-11-23")
        uow.commit()
        return Seeded(case.id, case.reference, debtor.id, creditor.id)


STEP_KIND = {
    "email": "reminder_email",
    "letter": "reminder_letter",
    "registered_letter": "formal_notice",
    "sms": "sms",
    "phone": "phone_call",
}


def add_action(
    engine: sa.Engine,
    seeded: Seeded,
    channel: str,
    *,
    step: str | None = None,
    status: str = "queued",
    due_on: date = DAY,
    payload: dict[str, object] | None = None,
    kind: str | None = None,
) -> int:
    step_id = step or f"{channel}-1"
    stamp = "2026-11-22T20:00:00.000000Z"
    with engine.begin() as connection:
        result = connection.execute(
            actions.insert().values(
                idempotency_key=f"case:{seeded.case_id}:step:{step_id}:attempt:1",
                case_id=seeded.case_id,
                step_id=step_id,
                attempt=1,
                kind=kind or STEP_KIND[channel],
                channel=channel,
                template=kind or STEP_KIND[channel],
                due_on=due_on,
                status=status,
                requires_approval=False,
                extra_delay_days=8,
                payload=json.dumps(payload or {"case_reference": seeded.reference}),
                created_at=stamp,
                updated_at=stamp,
            )
        )
        return int(result.inserted_primary_key[0])


def statuses(engine: sa.Engine) -> dict[int, str]:
    with engine.connect() as connection:
        rows = connection.execute(sa.select(actions.c.id, actions.c.status)).all()
    return {row.id: row.status for row in rows}


class Inbox:
    """The real SMTP test server's handler (aiosmtpd on 127.0.0.1): what it received."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"

    @property
    def message_ids(self) -> list[str]:
        return [str(message_from_bytes(m)["Message-ID"]).strip() for m in self.messages]


def free_port() -> int:
    """A loopback TCP port nobody listens on (yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def units_of_work(engine: sa.Engine, actor: str = "test") -> Callable[[], SqlUnitOfWork]:
    """Units of work on ``engine`` at the fixed clock, journaled as ``actor``."""
    return lambda: SqlUnitOfWork(engine, FixedClock(), actor)


def outbox(engine: sa.Engine, actor: str = "test") -> OutboxTransactions:
    """The outbox's moves on ``engine`` (``services.outbox.transactions``), at the fixed clock."""
    return OutboxTransactions(units_of_work(engine, actor), FixedClock())
