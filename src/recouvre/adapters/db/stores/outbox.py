"""The outbox on SQL: the ``actions`` rows the sender claims, marks and resolves (``uow.outbox``).

The store reads and writes rows on its unit of work's connection; the services decide what a
move means and journal it (``services.outbox.transactions``, ``services.outbox.retry``), each
step in one short unit of work. Claiming is the one place where concurrent senders meet:

- PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` then ``UPDATE ... SET status='sending'``
  in the claim's transaction: a row locked by another sender is skipped, never waited for and
  never taken twice;
- SQLite: one writer at a time; the unit of work begins with ``BEGIN IMMEDIATE`` (the write lock
  is taken before the select: a second sender waits, then sees the row as ``sending``).

Every update is conditional on the status (and claimer) the caller saw, so that two processes
resolving the same row cannot both apply (the loser's update matches nothing: ``False``).

Who holds a ``sending`` row: ``claimed_by`` is ``host:pid:token``. A row is abandoned when its
claimer's process is gone (same host: the pid no longer runs) or when it was claimed longer ago
than the lease (15 minutes; another host, or a pid reused by another process).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.queries.cases import case_key_clause
from recouvre.adapters.db.stores.parties import agency_of, letter_settings_from_row
from recouvre.adapters.db.tables import (
    actions,
    agencies,
    case_plans,
    cases,
    creditors,
    debtors,
    invoices,
    journal_entries,
    registered_mail_items,
)
from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.events.base import JournalKind
from recouvre.domain.parties import Channel
from recouvre.letters.view_model import FirstLetter
from recouvre.services.outbox.model import ActionStatus, CaseFacts, OutboxAction
from recouvre.services.outbox.ports import FailedAttempt

DEFAULT_LEASE = timedelta(minutes=15)
_PARIS = ZoneInfo("Europe/Paris")


def local_worker() -> str:
    """``host:pid:token``: unique per sender object, tells whether its process still runs."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claimer_gone(
    claimed_by: str | None, claimed_at: str | None, now: datetime, lease: timedelta
) -> bool:
    """Whether the sender holding a ``sending`` row can no longer finish it."""
    host, _, rest = (claimed_by or "").partition(":")
    pid_text = rest.partition(":")[0]
    same_host = host == socket.gethostname()[:60] and pid_text.isdigit()
    if same_host and not _process_alive(int(pid_text)):
        return True
    if not claimed_at:
        return True
    # Another host, or a pid alive again (reused by another process): past the lease, the
    # claimer is taken as gone (a send takes seconds; the SMTP timeout is 30 s).
    return datetime.fromisoformat(claimed_at.replace("Z", "+00:00")) < now - lease


def _single_party(connection: sa.Connection) -> bool:
    """One creditor and no agency: nobody else's name could be on a message."""
    creditors_count = connection.execute(
        sa.select(sa.func.count()).select_from(sa.select(creditors.c.id).limit(2).subquery())
    ).scalar_one()
    has_agency = connection.execute(sa.select(agencies.c.id).limit(1)).first() is not None
    return creditors_count == 1 and not has_agency


def action_from_row(row: Any) -> OutboxAction:
    return OutboxAction(
        id=row.id,
        idempotency_key=row.idempotency_key,
        case_id=row.case_id,
        step_id=row.step_id,
        attempt=row.attempt,
        kind=row.kind,
        channel=Channel(row.channel),
        template=row.template,
        due_on=mappers.as_date(row.due_on),
        status=ActionStatus(row.status),
        payload=json.loads(row.payload or "{}"),
        extra_delay_days=row.extra_delay_days or 0,
        reason=row.reason,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        sent_at=row.sent_at,
        provider_ref=row.provider_ref,
        content_sha256=row.content_sha256,
    )


class SqlOutboxStore:
    """The ``actions`` rows of the outbox, on one unit of work's connection."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    # --- claiming ---------------------------------------------------------------------------

    def claim(
        self,
        worker: str,
        on: date,
        now_local: str,
        channels: Sequence[Channel],
        limit: int,
        stamp: str,
    ) -> list[OutboxAction]:
        """Take up to ``limit`` due ``queued`` rows and mark them ``sending`` by ``worker``."""
        if not channels or limit <= 0:
            return []
        query = (
            sa.select(actions)
            .where(
                actions.c.status == ActionStatus.QUEUED.value,
                actions.c.channel.in_([c.value for c in channels]),
                actions.c.due_on <= on,
                sa.or_(actions.c.not_before.is_(None), actions.c.not_before <= now_local),
            )
            .order_by(actions.c.due_on, actions.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = self.connection.execute(query).all()
        if not rows:
            return []
        self.connection.execute(
            actions.update()
            .where(actions.c.id.in_([r.id for r in rows]))
            .values(
                status=ActionStatus.SENDING.value,
                claimed_by=worker,
                claimed_at=stamp,
                updated_at=stamp,
            )
        )
        return [_claimed(action_from_row(r), worker, stamp) for r in rows]

    def abandoned(
        self, channels: Sequence[Channel], now: datetime, lease: timedelta
    ) -> list[OutboxAction]:
        """Rows left in ``sending`` by a sender that can no longer finish them."""
        if not channels:
            return []
        rows = self.connection.execute(
            sa.select(actions)
            .where(
                actions.c.status == ActionStatus.SENDING.value,
                actions.c.channel.in_([c.value for c in channels]),
            )
            .order_by(actions.c.id)
        ).all()
        return [
            action_from_row(r) for r in rows if claimer_gone(r.claimed_by, r.claimed_at, now, lease)
        ]

    def take_over(self, action: OutboxAction, worker: str, stamp: str) -> OutboxAction | None:
        """``worker`` becomes the claimer of an abandoned row, unless someone else did first."""
        moved = self.connection.execute(
            actions.update()
            .where(
                actions.c.id == action.id,
                actions.c.status == ActionStatus.SENDING.value,
                actions.c.claimed_by == action.claimed_by,
            )
            .values(claimed_by=worker, updated_at=stamp)
        ).rowcount
        return _claimed(action, worker, action.claimed_at) if moved == 1 else None

    # --- reading ----------------------------------------------------------------------------

    def facts(self, case_id: int) -> CaseFacts:
        connection = self.connection
        case = connection.execute(sa.select(cases).where(cases.c.id == case_id)).one()
        creditor = connection.execute(
            sa.select(creditors).where(creditors.c.id == case.creditor_id)
        ).one()
        debtor = connection.execute(sa.select(debtors).where(debtors.c.id == case.debtor_id)).one()
        rows = connection.execute(
            sa.select(invoices)
            .where(invoices.c.case_id == case_id, invoices.c.status == InvoiceStatus.OPEN.value)
            .order_by(invoices.c.due_date, invoices.c.number)
        ).all()
        agency = agency_of(connection, creditor.agency_id)
        first = None if agency is None else first_letter(connection, case_id, case.reference)
        settings = letter_settings_from_row(creditor)
        return CaseFacts(
            reference=case.reference,
            creditor=mappers.creditor_from_row(creditor),
            debtor=mappers.debtor_from_row(debtor),
            invoices=tuple(mappers.invoice_from_row(r) for r in rows),
            via_agency=bool(creditor.via_agency) or agency is not None,
            agency=agency,
            payment_to=settings.payment_to,
            appearance=settings.appearance(creditor.logo_path),
            first_letter=first,
            # The agency's own person signs what the agency writes, never the creditor's.
            signatory=agency.signatory if agency else settings.signatory or "",
            signatory_title=agency.signatory_title if agency else settings.signatory_title or "",
            single_party=_single_party(connection),
        )

    def get(self, action_id: int, *, lock: bool = False) -> OutboxAction | None:
        query = sa.select(actions).where(actions.c.id == action_id)
        row = self.connection.execute(query.with_for_update() if lock else query).first()
        return None if row is None else action_from_row(row)

    def with_status(
        self, status: ActionStatus, channels: Sequence[Channel] | None = None,
        case_id: int | None = None,
    ) -> list[OutboxAction]:  # fmt: skip
        query = sa.select(actions).where(actions.c.status == status.value)
        if case_id is not None:
            query = query.where(actions.c.case_id == case_id)
        if channels is not None:
            query = query.where(actions.c.channel.in_([c.value for c in channels]))
        rows = self.connection.execute(query.order_by(actions.c.due_on, actions.c.id)).all()
        return [action_from_row(r) for r in rows]

    # --- moves ------------------------------------------------------------------------------

    def move(
        self,
        action: OutboxAction,
        expected: ActionStatus,
        status: ActionStatus,
        stamp: str,
        *,
        worker: str | None = None,
        **values: Any,
    ) -> bool:
        """Move one row from ``expected`` (held by ``worker`` when given) to ``status``, with
        the other column ``values``; False when the row was not as expected."""
        where = [actions.c.id == action.id, actions.c.status == expected.value]
        if worker is not None:
            where.append(actions.c.claimed_by == worker)
        result = self.connection.execute(
            actions.update().where(*where).values(status=status.value, updated_at=stamp, **values)
        )
        return result.rowcount == 1

    def add_registered_item(self, action: OutboxAction, batch_on: date, stamp: str) -> None:
        """A registered letter entered the day's print batch: its tracking item, ``printed``."""
        self.connection.execute(
            registered_mail_items.insert().values(
                action_id=action.id,
                case_id=action.case_id,
                batch_on=batch_on,
                status="printed",
                updated_at=stamp,
            )
        )

    # --- new attempts of failed actions -----------------------------------------------------

    def attempts(self, case_id: int, step_id: str) -> list[FailedAttempt]:
        """Every attempt of one step of a case, by attempt number."""
        rows = self.connection.execute(
            sa.select(actions.c.id, actions.c.attempt, actions.c.status)
            .where(actions.c.case_id == case_id, actions.c.step_id == step_id)
            .order_by(actions.c.attempt, actions.c.id)
        ).all()
        return [FailedAttempt(r.id, r.attempt, ActionStatus(r.status)) for r in rows]

    def add_attempt(
        self, failed: OutboxAction, attempt: int, key: str, not_before: str, reason: str, stamp: str
    ) -> int:
        """Insert attempt ``attempt`` of ``failed``'s step, ``deferred`` until ``not_before``,
        with the failed row's content; returns its id."""
        row = self.connection.execute(sa.select(actions).where(actions.c.id == failed.id)).one()
        return int(
            self.connection.execute(
                actions.insert()
                .values(
                    idempotency_key=key,
                    case_id=row.case_id,
                    step_id=row.step_id,
                    attempt=attempt,
                    kind=row.kind,
                    channel=row.channel,
                    template=row.template,
                    due_on=row.due_on,
                    status=ActionStatus.DEFERRED.value,
                    requires_approval=row.requires_approval,
                    extra_delay_days=row.extra_delay_days,
                    payload=row.payload,
                    not_before=not_before,
                    reason=reason,
                    created_at=stamp,
                    updated_at=stamp,
                )
                .returning(actions.c.id)
            ).scalar_one()
        )

    def take_in_flight(self, case_id: int, action_id: int, stamp: str) -> bool:
        """Give the case's in-flight slot to ``action_id`` when it is free."""
        moved = self.connection.execute(
            case_plans.update()
            .where(case_plans.c.case_id == case_id, case_plans.c.in_flight_action_id.is_(None))
            .values(in_flight_action_id=action_id, updated_at=stamp)
        ).rowcount
        return bool(moved == 1)

    def failed_not_retried(self, case_id: int | None = None) -> list[int]:
        """Ids of failed actions with no later attempt of their step (of one case if given)."""
        later = actions.alias("later")
        query = sa.select(actions.c.id).where(
            actions.c.status == ActionStatus.FAILED.value,
            ~sa.exists().where(
                later.c.case_id == actions.c.case_id,
                later.c.step_id == actions.c.step_id,
                later.c.attempt > actions.c.attempt,
            ),
        )
        if case_id is not None:
            query = query.where(actions.c.case_id == case_id)
        return list(self.connection.execute(query.order_by(actions.c.id)).scalars())

    def case_id(self, key: str) -> int | None:
        """A case by id or reference."""
        where = case_key_clause(key)
        if where is None:
            return None
        found = self.connection.execute(sa.select(cases.c.id).where(where)).scalar()
        return None if found is None else int(found)


# The channels whose documents count as the agency's "first letter" (CPCE R124-4).
_DOCUMENT_CHANNELS = (
    Channel.LETTER.value,
    Channel.REGISTERED_LETTER.value,
    Channel.EMAIL.value,
)


def first_letter(connection: sa.Connection, case_id: int, reference: str) -> FirstLetter | None:
    """The earliest letter or email sent on the case: its reference (the case's, printed on
    the letter) and its date (the ``action_sent`` journal entry's day, the letter's date;
    else the day of ``sent_at``)."""
    row = connection.execute(
        sa.select(actions.c.id, actions.c.sent_at)
        .where(
            actions.c.case_id == case_id,
            actions.c.status == ActionStatus.SENT.value,
            actions.c.channel.in_(_DOCUMENT_CHANNELS),
        )
        .order_by(actions.c.sent_at, actions.c.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    entries = connection.execute(
        sa.select(journal_entries.c.occurred_on, journal_entries.c.payload)
        .where(
            journal_entries.c.case_id == case_id, journal_entries.c.kind == JournalKind.ACTION_SENT
        )
        .order_by(journal_entries.c.seq)
    ).all()
    for entry in entries:
        if json.loads(entry.payload).get("action_id") == row.id:
            return FirstLetter(reference, mappers.as_date(entry.occurred_on))
    sent_at = datetime.fromisoformat(str(row.sent_at).replace("Z", "+00:00"))
    return FirstLetter(reference, sent_at.astimezone(_PARIS).date())


def _claimed(action: OutboxAction, worker: str, stamp: str | None) -> OutboxAction:
    return replace(action, status=ActionStatus.SENDING, claimed_by=worker, claimed_at=stamp)
