"""The outbox as the sender sees it: the actions waiting to go out and the port of their store.

Every outgoing action is a row of the ``actions`` table (written by the daily run, revision
0002) with an idempotency key ``case:{case}:step:{step}:attempt:{n}``. The sender moves a row
``queued -> sending`` (committed before any provider is called), then ``sent``, ``failed`` or,
when a crash leaves the outcome unknown, ``quarantined`` for a person (docs/outbox.md).

Status machine::

    awaiting_approval --review--> queued --claim--> sending --> sent
                                    ^                 |   \\--> failed
                                    |                 |   \\--> awaiting_approval (rate unknown)
                                    |                 \\-----> quarantined --resolve--> sent
                                    \\-------- requeue (safe: nothing left) <--/ (resend)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from recouvre.compliance.facts import ContactRecord
from recouvre.domain.agencies import Agency, PaymentTo
from recouvre.domain.claims import Invoice
from recouvre.domain.events.collection import Instalment
from recouvre.domain.parties import Channel, Creditor, Debtor
from recouvre.letters.channels import Appearance
from recouvre.letters.view_model import FirstLetter


class ActionStatus(enum.StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    QUARANTINED = "quarantined"
    CANCELLED = "cancelled"
    DEFERRED = "deferred"


# Actions not yet handed to the sender: a plan change may still withdraw or cancel them.
PENDING: tuple[ActionStatus, ...] = (
    ActionStatus.AWAITING_APPROVAL,
    ActionStatus.QUEUED,
    ActionStatus.DEFERRED,
)


# The ``actions.channel`` values (``domain.parties.Channel``) the sender drains; phone calls
# are an agent's tasks (``services.outbox.calls``) and internal steps are reviews.
SENDABLE: tuple[Channel, ...] = (
    Channel.EMAIL,
    Channel.LETTER,
    Channel.REGISTERED_LETTER,
    Channel.SMS,
)

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.EMAIL: "courriel",
    Channel.LETTER: "lettre simple",
    Channel.REGISTERED_LETTER: "lettre recommandée AR",
    Channel.SMS: "SMS",
    Channel.PHONE: "appel",
    Channel.INTERNAL: "tâche interne",
}


@dataclass(frozen=True, slots=True)
class OutboxAction:
    """One ``actions`` row, as read. ``payload`` is the daily run's canonical JSON snapshot."""

    id: int
    idempotency_key: str
    case_id: int
    step_id: str
    attempt: int
    kind: str
    channel: Channel
    template: str
    due_on: date
    status: ActionStatus
    payload: Mapping[str, Any]
    extra_delay_days: int = 0
    reason: str | None = None
    claimed_by: str | None = None
    claimed_at: str | None = None
    sent_at: str | None = None
    provider_ref: str | None = None
    content_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the sender reads about the case when the payload does not say it.

    ``agency`` writes for the creditor when set (CPCE R124-4 mentions; ``payment_to`` says
    whose account the payment block shows); ``first_letter`` is the first letter or email sent
    on the case, which every later contact of an agency quotes (R124-4, last paragraph);
    ``appearance`` comes from the creditor's settings, ``None`` when it has none (the channel's
    default then applies); ``signatory``/``signatory_title`` sign when the payload does not:
    the agency's named person when an agency writes, else the creditor's settings."""

    reference: str
    creditor: Creditor
    debtor: Debtor
    invoices: tuple[Invoice, ...]
    via_agency: bool = False
    agency: Agency | None = None
    payment_to: PaymentTo = PaymentTo.CREDITOR
    appearance: Appearance | None = None
    first_letter: FirstLetter | None = None
    signatory: str = ""
    signatory_title: str = ""
    # One creditor and no agency in the whole install: the global sender settings may stand in
    # for a missing identity (``services.outbox.identities``).
    single_party: bool = False


@dataclass(frozen=True, slots=True)
class Delivery:
    """A provider's acceptance: its reference and the digests the journal keeps."""

    provider_ref: str
    content_sha256: str  # of the bytes handed to the provider
    document_sha256: str  # of the document (the PDF, or the SMS text)
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SendReport:
    sent: int = 0
    failed: int = 0
    quarantined: int = 0
    requeued: int = 0
    deferred: int = 0  # outside the contact window or caps at the instant of sending
    held: int = 0  # back in review: an amount incalculable on the date (a rate not published)
    resolved: int = 0  # unknown outcomes settled from the provider after a crash
    by_channel: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[int, str]] = field(default_factory=list)
    held_reasons: list[tuple[int, str]] = field(default_factory=list)
    print_batch: Path | None = None
    print_letters: int = 0
    print_registered: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "failed": self.failed,
            "quarantined": self.quarantined,
            "requeued": self.requeued,
            "deferred": self.deferred,
            "held": self.held,
            "held_for_review": [{"action": i, "reason": r} for i, r in self.held_reasons],
            "resolved": self.resolved,
            "by_channel": dict(sorted(self.by_channel.items())),
            "failures": [{"action": i, "reason": r} for i, r in self.failures],
            "print_batch": str(self.print_batch) if self.print_batch else None,
            "print_letters": self.print_letters,
            "print_registered": self.print_registered,
        }


class OutboxStore(Protocol):
    """Short transactions on the ``actions`` table; every status change is journaled on the
    case's stream in the same transaction. Updates are conditional on the expected status and
    claimer, and return whether they applied (another process may have moved the row)."""

    def claim(
        self, worker: str, on: date, now_local: str, channels: Sequence[Channel], limit: int
    ) -> list[OutboxAction]:
        """Take up to ``limit`` due ``queued`` rows (``due_on <= on``, ``not_before`` passed)
        and mark them ``sending``; PostgreSQL skips rows another sender has locked."""
        ...

    def abandoned(self, channels: Sequence[Channel], worker: str) -> list[OutboxAction]:
        """Rows left in ``sending`` by a sender that is gone, taken over by ``worker``."""
        ...

    def facts(self, case_id: int) -> CaseFacts: ...

    def mark_sent(
        self, action: OutboxAction, worker: str, on: date, delivery: Delivery
    ) -> bool: ...

    def mark_failed(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool: ...

    def mark_quarantined(
        self, action: OutboxAction, worker: str, on: date, reason: str
    ) -> bool: ...

    def requeue(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool: ...

    def hold_for_review(self, action: OutboxAction, worker: str, on: date, reason: str) -> bool:
        """Back to ``awaiting_approval`` with ``reason``: a person decides (a rate unknown)."""
        ...

    def sent_contacts(self, debtor_id: int) -> list[ContactRecord]:
        """The contacts already sent to the debtor (any case, any creditor), naive Paris time:
        what the caps count at the moment of sending."""
        ...

    def defer(
        self, action: OutboxAction, worker: str, on: date, until: datetime, reasons: Sequence[str]
    ) -> bool:
        """Back to ``queued`` with ``not_before = until`` (naive Paris time), journaled as
        ``contact_deferred`` with the reasons: the hours rule at the moment of sending."""
        ...

    def get(self, action_id: int) -> OutboxAction | None: ...

    def with_status(
        self, status: ActionStatus, channels: Sequence[Channel] | None = None,
        case_id: int | None = None,
    ) -> list[OutboxAction]: ...  # fmt: skip

    def resolve(self, action_id: int, on: date, *, sent: bool, note: str) -> OutboxAction:
        """A person settles a quarantined action: ``sent`` or back to ``queued``."""
        ...


class CaseEventSink(Protocol):
    """The daily run's case event use cases (``services.cases.case_events.CaseEvents``): each
    records
    the event and lets the plan react (pause, freeze, switch channel, withdraw what waits).
    ``case_key`` is a case id or reference."""

    def promise(self, case_key: str, amount: Decimal, by: date, on: date) -> object: ...

    def dispute(self, case_key: str, reason: str, on: date) -> object: ...

    def unreachable(self, case_key: str, channel: Channel, on: date) -> object: ...

    def plan_requested(self, case_key: str, on: date) -> object:
        """The debtor asked for a payment plan: « in difficulty », the scenario chosen again."""
        ...

    def agreed_plan(
        self, case_key: str, on: date, instalments: Sequence[Instalment]
    ) -> object:
        """The debtor's schedule replaces the scenario; its agreement letter is queued."""
        ...
