"""What the engine needs to know about a case: a frozen snapshot built by the caller.

The planner never loads anything: the service (or the batch path, from columns) builds this
snapshot from the case, its debtor and its unpaid invoices on the planning date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.cases import Attitude, Case, Phase
from recouvre.domain.claims import Invoice
from recouvre.domain.money import ZERO
from recouvre.domain.parties import Channel, Debtor, DebtorKind


@dataclass(frozen=True, slots=True)
class CaseContext:
    """A case on one date: who owes, how much, since when, and how they can be reached.

    ``oldest_due`` is the due date of the oldest unpaid invoice: it sets the step for the whole
    case (one communication per debtor and step, covering every unpaid invoice).
    """

    case_id: int | None
    debtor_kind: DebtorKind
    attitude: Attitude
    phase: Phase
    channels: frozenset[Channel]
    outstanding: Decimal
    oldest_due: date | None
    invoice_numbers: tuple[str, ...] = ()
    # The creditor's « first reminder N days after the due date » (``domain.claim_settings``);
    # ``None``: the scenario's own timing.
    first_reminder_days: int | None = None

    @classmethod
    def of(
        cls,
        case: Case,
        debtor: Debtor,
        invoices: Iterable[Invoice],
        first_reminder_days: int | None = None,
    ) -> CaseContext:
        unpaid = sorted(
            (i for i in invoices if i.outstanding > 0), key=lambda i: (i.due_date, i.number)
        )
        return cls(
            case_id=case.id,
            debtor_kind=debtor.kind,
            attitude=case.attitude,
            phase=case.phase,
            channels=debtor.channels(),
            outstanding=sum((i.outstanding for i in unpaid), ZERO),
            oldest_due=unpaid[0].due_date if unpaid else None,
            invoice_numbers=tuple(i.number for i in unpaid),
            first_reminder_days=first_reminder_days,
        )
