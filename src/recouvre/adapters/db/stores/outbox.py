"""The outbox on SQL: claiming, marking and resolving ``actions`` rows in short transactions.

Claiming is the one place where concurrent senders meet:

- PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` then ``UPDATE ... SET status='sending'``
  in one short transaction: a row locked by another sender is skipped, never waited for and
  never taken twice;
- SQLite: one writer at a time, so the same statements run in a ``BEGIN IMMEDIATE`` transaction
  (the write lock is taken before the select: a second sender waits, then sees the row as
  ``sending``).

Every status change is journaled on the case's stream in the same transaction, and every update
is conditional on the status (and claimer) the caller saw, so that two processes resolving the
same row cannot both apply (the loser's update matches nothing and returns ``False``).

Who holds a ``sending`` row: ``claimed_by`` is ``host:pid:token``. A row is abandoned when its
claimer's process is gone (same host: the pid no longer runs) or when it was claimed longer ago
than the lease (15 minutes; another host, or a pid reused by another process).
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recouvre.adapters.db import mappers
from recouvre.adapters.db.journal import JournalWriter
from recouvre.adapters.db.stores.parties import agency_of, letter_settings_from_row
from recouvre.adapters.db.tables import (
    actions,
    cases,
    creditors,
    debtors,
    invoices,
    journal_entries,
    registered_mail_items,
)
from recouvre.domain.journal import JournalEntry, case_stream, format_timestamp
from recouvre.domain.parties import Channel
from recouvre.letters.view_model import FirstLetter
from recouvre.services.outbox.model import (
    ActionStatus,
    CaseFacts,
    Delivery,
    OutboxAction,
)
from recouvre.services.ports import Clock

if TYPE_CHECKING:
    from recouvre.services.outbox.retry import RetriedAction

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
    """``services.outbox.model.OutboxStore`` on SQLAlchemy Core."""

    def __init__(
        self, engine: sa.Engine, clock: Clock, actor: str, lease: timedelta = DEFAULT_LEASE
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.actor = actor
        self.lease = lease
        self.writer = JournalWriter()

    @contextmanager
    def _begin(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection:
            if self.engine.dialect.name == "sqlite":
                connection = connection.execution_options(sqlite_begin="IMMEDIATE")
            with connection.begin():
                yield connection

    def _stamp(self) -> str:
        return format_timestamp(self.clock.now())

    def _journal(
        self,
        connection: sa.Connection,
        action: OutboxAction,
        kind: str,
        on: date,
        extra: dict[str, Any],
        document_sha256: str | None = None,
    ) -> None:
        payload = {
            "action_id": action.id,
            "idempotency_key": action.idempotency_key,
            "channel": action.channel.value,
            "step_id": action.step_id,
            "attempt": action.attempt,
            **extra,
        }
        entry = JournalEntry(
            stream=case_stream(action.case_id),
            kind=kind,
            occurred_on=on,
            recorded_at=self.clock.now(),
            actor=self.actor,
            payload=payload,
            case_id=action.case_id,
            document_sha256=document_sha256,
        )
        self.writer.record(connection, [entry])

    # --- claiming ---------------------------------------------------------------------------

    def claim(
        self, worker: str, on: date, now_local: str, channels: Sequence[Channel], limit: int
    ) -> list[OutboxAction]:
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
        with self._begin() as connection:
            rows = connection.execute(query).all()
            if not rows:
                return []
            stamp = self._stamp()
            connection.execute(
                actions.update()
                .where(actions.c.id.in_([r.id for r in rows]))
                .values(
                    status=ActionStatus.SENDING.value,
                    claimed_by=worker,
                    claimed_at=stamp,
                    updated_at=stamp,
                )
            )
            claimed = [
                _replace(action_from_row(r), ActionStatus.SENDING, worker, stamp) for r in rows
            ]
            for action in claimed:
                self._journal(connection, action, "action_sending", on, {"worker": worker})
        return claimed

    def abandoned(self, channels: Sequence[Channel], worker: str) -> list[OutboxAction]:
        if not channels:
            return []
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(actions)
                .where(
                    actions.c.status == ActionStatus.SENDING.value,
                    actions.c.channel.in_([c.value for c in channels]),
                )
                .order_by(actions.c.id)
            ).all()
        now = self.clock.now()
        taken = []
        for row in rows:
            if not claimer_gone(row.claimed_by, row.claimed_at, now, self.lease):
                continue
            with self._begin() as connection:
                moved = connection.execute(
                    actions.update()
                    .where(
                        actions.c.id == row.id,
                        actions.c.status == ActionStatus.SENDING.value,
                        actions.c.claimed_by == row.claimed_by,
                    )
                    .values(claimed_by=worker, updated_at=self._stamp())
                ).rowcount
            if moved == 1:
                action = action_from_row(row)
                taken.append(_replace(action, ActionStatus.SENDING, worker, action.claimed_at))
        return taken

    # --- reading ----------------------------------------------------------------------------

    def facts(self, case_id: int) -> CaseFacts:
        with self.engine.connect() as connection:
            case = connection.execute(sa.select(cases).where(cases.c.id == case_id)).one()
            creditor = connection.execute(
                sa.select(creditors).where(creditors.c.id == case.creditor_id)
            ).one()
            debtor = connection.execute(
                sa.select(debtors).where(debtors.c.id == case.debtor_id)
            ).one()
            rows = connection.execute(
                sa.select(invoices)
                .where(invoices.c.case_id == case_id, invoices.c.status == "open")
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
            signatory=settings.signatory or "",
            signatory_title=settings.signatory_title or "",
        )

    def get(self, action_id: int) -> OutboxAction | None:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(actions).where(actions.c.id == action_id)).first()
        return None if row is None else action_from_row(row)

    def with_status(
        self, status: ActionStatus, channels: Sequence[Channel] | None = None
    ) -> list[OutboxAction]:
        query = sa.select(actions).where(actions.c.status == status.value)
        if channels is not None:
            query = query.where(actions.c.channel.in_([c.value for c in channels]))
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(actions.c.due_on, actions.c.id)).all()
        return [action_from_row(r) for r in rows]

    # --- outcomes ---------------------------------------------------------------------------

    def mark_sent(self, action: OutboxAction, worker: str, on: date, delivery: Delivery) -> bool:
        stamp = self._stamp()
        with self._begin() as connection:
            if not self._move(
                connection,
                action,
                worker,
                ActionStatus.SENT,
                sent_at=stamp,
                provider_ref=delivery.provider_ref,
                content_sha256=delivery.content_sha256 or None,
                reason=None,
            ):
                return False
            if action.channel is Channel.REGISTERED_LETTER:
                batch_on = delivery.details.get("batch_on")
                connection.execute(
                    registered_mail_items.insert().values(
                        action_id=action.id,
                        case_id=action.case_id,
                        batch_on=date.fromisoformat(batch_on) if batch_on else on,
                        status="printed",
                        updated_at=stamp,
                    )
                )
            self._journal(
                connection,
                action,
                "action_sent",
                on,
                {
                    "provider_ref": delivery.provider_ref,
                    "content_sha256": delivery.content_sha256 or None,
                    **dict(delivery.details),
                },
                document_sha256=delivery.document_sha256 or None,
            )
        return True

    def mark_failed(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.FAILED, reason)

    def mark_quarantined(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.QUARANTINED, reason)

    def requeue(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        return self._outcome(action, worker, on, ActionStatus.QUEUED, reason)

    def _outcome(
        self, action: OutboxAction, worker: str, on: date, status: ActionStatus, reason: str
    ) -> bool:
        with self._begin() as connection:
            extra: dict[str, Any] = {"reason": reason}
            if status is ActionStatus.QUEUED:
                extra |= {"claimed_by": None, "claimed_at": None}
            if not self._move(connection, action, worker, status, **extra):
                return False
            self._journal(connection, action, f"action_{status.value}", on, {"reason": reason})
        return True

    def _move(
        self,
        connection: sa.Connection,
        action: OutboxAction,
        worker: str,
        status: ActionStatus,
        **values: Any,
    ) -> bool:
        result = connection.execute(
            actions.update()
            .where(
                actions.c.id == action.id,
                actions.c.status == ActionStatus.SENDING.value,
                actions.c.claimed_by == worker,
            )
            .values(status=status.value, updated_at=self._stamp(), **values)
        )
        return result.rowcount == 1

    def resolve(self, action_id: int, on: date, *, sent: bool, note: str) -> OutboxAction:
        stamp = self._stamp()
        with self._begin() as connection:
            row = connection.execute(sa.select(actions).where(actions.c.id == action_id)).first()
            if row is None:
                raise LookupError(f"action {action_id} introuvable")
            if row.status != ActionStatus.QUARANTINED.value:
                raise ValueError(
                    f"action {action_id} : statut « {row.status} », seule une action en "
                    "quarantaine se règle ainsi"
                )
            values: dict[str, Any] = (
                {"status": ActionStatus.SENT.value, "sent_at": stamp, "reason": note}
                if sent
                else {
                    "status": ActionStatus.QUEUED.value,
                    "claimed_by": None,
                    "claimed_at": None,
                    "reason": note,
                }
            )
            connection.execute(
                actions.update()
                .where(
                    actions.c.id == action_id,
                    actions.c.status == ActionStatus.QUARANTINED.value,
                )
                .values(updated_at=stamp, **values)
            )
            action = action_from_row(row)
            decision = "sent" if sent else "resend"
            self._journal(
                connection, action, "action_resolved", on, {"decision": decision, "note": note}
            )
            if sent and action.channel is Channel.REGISTERED_LETTER:
                connection.execute(
                    registered_mail_items.insert().values(
                        action_id=action.id,
                        case_id=action.case_id,
                        batch_on=on,
                        status="printed",
                        updated_at=stamp,
                    )
                )
            updated = connection.execute(sa.select(actions).where(actions.c.id == action_id)).one()
        return action_from_row(updated)

    # --- retry of failed actions (``services.outbox.retry``; appended by task C) -------------

    def retry_failed(self, action_id: int, on: date, reason: str, not_before: str) -> RetriedAction:
        from recouvre.adapters.db.tables import case_plans
        from recouvre.services.daily_run.actions import idempotency_key
        from recouvre.services.outbox.retry import RetriedAction

        stamp = self._stamp()
        with self._begin() as connection:
            row = connection.execute(
                sa.select(actions).where(actions.c.id == action_id).with_for_update()
            ).first()
            if row is None:
                raise LookupError(f"action {action_id} introuvable")
            if row.status != ActionStatus.FAILED.value:
                raise ValueError(
                    f"action {action_id} : statut « {row.status} » ; seule une action en échec "
                    "(failed) peut être relancée"
                )
            same_step = sa.and_(actions.c.case_id == row.case_id, actions.c.step_id == row.step_id)
            later = connection.execute(
                sa.select(actions.c.id)
                .where(same_step, actions.c.attempt > row.attempt)
                .order_by(actions.c.id)
                .limit(1)
            ).scalar()
            if later is not None:
                raise ValueError(
                    f"action {action_id} déjà relancée : nouvel essai n° {later} (relancer "
                    "celui-ci s'il a échoué à son tour)"
                )
            top = connection.execute(sa.select(sa.func.max(actions.c.attempt)).where(same_step))
            attempt = int(top.scalar() or row.attempt) + 1
            key = idempotency_key(row.case_id, row.step_id, attempt)
            why = f"nouvel essai de l'action {action_id} : {reason}"
            new_id = connection.execute(
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
                    reason=why,
                    created_at=stamp,
                    updated_at=stamp,
                )
                .returning(actions.c.id)
            ).scalar_one()
            in_flight = (
                connection.execute(
                    case_plans.update()
                    .where(
                        case_plans.c.case_id == row.case_id,
                        case_plans.c.in_flight_action_id.is_(None),
                    )
                    .values(in_flight_action_id=new_id, updated_at=stamp)
                ).rowcount
                == 1
            )
            self._journal(
                connection,
                action_from_row(row),
                "action_retried",
                on,
                {"new_action_id": new_id, "new_idempotency_key": key, "new_attempt": attempt,
                 "not_before": not_before, "reason": reason},
            )  # fmt: skip
        return RetriedAction(
            failed_id=action_id,
            action_id=new_id,
            case_id=row.case_id,
            step_id=row.step_id,
            attempt=attempt,
            idempotency_key=key,
            not_before=not_before,
            in_flight=in_flight,
            reason=why,
        )

    def failed_not_retried(self, case_key: str | None = None) -> list[int]:
        later = actions.alias("later")
        query = sa.select(actions.c.id).where(
            actions.c.status == ActionStatus.FAILED.value,
            ~sa.exists().where(
                later.c.case_id == actions.c.case_id,
                later.c.step_id == actions.c.step_id,
                later.c.attempt > actions.c.attempt,
            ),
        )
        with self.engine.connect() as connection:
            if case_key is not None:
                key = case_key.strip()
                where = (
                    cases.c.id == int(key) if key.isdigit() else cases.c.reference == key.upper()
                )
                case_id = connection.execute(sa.select(cases.c.id).where(where)).scalar()
                if case_id is None:
                    raise LookupError(f"dossier « {case_key} » introuvable")
                query = query.where(actions.c.case_id == case_id)
            return list(connection.execute(query.order_by(actions.c.id)).scalars())


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
        .where(journal_entries.c.case_id == case_id, journal_entries.c.kind == "action_sent")
        .order_by(journal_entries.c.seq)
    ).all()
    for entry in entries:
        if json.loads(entry.payload).get("action_id") == row.id:
            return FirstLetter(reference, mappers.as_date(entry.occurred_on))
    sent_at = datetime.fromisoformat(str(row.sent_at).replace("Z", "+00:00"))
    return FirstLetter(reference, sent_at.astimezone(_PARIS).date())


def _replace(
    action: OutboxAction, status: ActionStatus, worker: str, stamp: str | None
) -> OutboxAction:
    from dataclasses import replace

    return replace(action, status=status, claimed_by=worker, claimed_at=stamp)
