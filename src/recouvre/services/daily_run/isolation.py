"""A case the daily run cannot handle is set aside, not allowed to stop the run.

One bad row must not stop everyone's reminders: an invoice due 31/12/9999 (an ERP placeholder
that reached the database before the import checked dates, or by hand) makes the date
arithmetic of the batch planner leave the calendar (``ValueError: year 10000 is out of
range``), a legal rule may raise a ``LawError``... The run plans a page in one transaction; when
that page raises, ``services.daily_run.run`` rolls it back and retries it case by case, and a
case that still raises on its own is **set aside** here:

* a review item is queued for a person (``recouvre review list``): an internal action, step
  ``ISOLATION_STEP``, ``awaiting_approval``, the reason in French (which invoice dates look
  wrong, what failed), idempotency key ``case:{id}:step:revue_anomalie:attempt:{n}``;
* ``case_set_aside`` is journaled with the item's id, the failure's type and the reason;
* the run's report lists the case (``recouvre run``: « 1 dossier mis en revue : … »).

The case keeps its plan as it was: once its data is corrected, the next run plans it normally.
While its review item waits (neither approved nor cancelled), a run that still fails on it
reports it again but adds no item and no journal entry (a re-run is idempotent); after a
person's decision, a new failure opens the next attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from recouvre.domain.errors import DomainError
from recouvre.domain.events.collection import CaseSetAside
from recouvre.domain.journal import canonical_json
from recouvre.domain.parties import Channel
from recouvre.input_limits import EARLIEST_DATE, LATEST_DATE
from recouvre.law.errors import LawError
from recouvre.scenarios.model import StepKind
from recouvre.services.daily_run.ports import CaseRow, InvoiceLine, NewAction, PlanUnitOfWork
from recouvre.services.errors import ServiceError
from recouvre.services.outbox.model import ActionStatus

ISOLATION_STEP = "revue_anomalie"
ISOLATION_TEMPLATE = "revue_anomalie"
AWAITING = ActionStatus.AWAITING_APPROVAL.value


@dataclass(frozen=True, slots=True)
class SetAside:
    """A case the run took out of its page: the review item holding it (``new``: opened by
    this run; otherwise one already waiting for a person)."""

    case_id: int
    reference: str
    reason: str
    review_action_id: int
    new: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "reference": self.reference,
            "reason": self.reason,
            "review_action_id": self.review_action_id,
            "new": self.new,
        }


def _suspect_dates(lines: Sequence[InvoiceLine]) -> list[str]:
    """The invoice dates outside the range an import accepts (``recouvre.input_limits``)."""
    found = []
    for line in lines:
        for label, day in (("émise le", line.issue_date), ("échue le", line.due_date)):
            if not EARLIEST_DATE <= day <= LATEST_DATE:
                found.append(f"facture {line.number} {label} {day.strftime('%d/%m/%Y')}")
    return found


def failure_reason(error: BaseException, lines: Sequence[InvoiceLine]) -> str:
    """What a person reads in the review queue: what failed, in French, and the invoice dates
    that explain it when some lie outside the plausible range."""
    if isinstance(error, DomainError | LawError | ServiceError):
        what = str(error)  # the project's errors speak French already
    elif isinstance(error, OverflowError) or (
        isinstance(error, ValueError) and "out of range" in str(error)
    ):
        what = f"calcul de date hors du calendrier ({type(error).__name__} : {error})"
    else:
        what = f"erreur inattendue ({type(error).__name__} : {error})"
    reason = f"tournée impossible pour ce dossier : {what}"
    suspects = _suspect_dates(lines)
    if suspects:
        reason += (
            f" ; dates hors de la plage plausible ({EARLIEST_DATE.year}–{LATEST_DATE.year}) : "
            + ", ".join(suspects)
            + " : corrigez-les"
        )
        if any("/9999" in suspect for suspect in suspects):
            reason += " (un 31/12/9999 est souvent une date de remplacement d'un ERP)"
    return reason


def set_aside(
    uow: PlanUnitOfWork,
    row: CaseRow,
    error: BaseException,
    lines: Sequence[InvoiceLine],
    on: date,
    stamp: str,
) -> SetAside:
    """Open (or find) the review item of a case the run could not handle, journaled
    ``case_set_aside`` when new (module docstring)."""
    reason = failure_reason(error, lines)
    earlier = [
        a for a in uow.actions.for_cases(row.case_id, row.case_id) if a.step_id == ISOLATION_STEP
    ]
    waiting = [a for a in earlier if a.status == AWAITING]
    if waiting:
        return SetAside(row.case_id, row.reference, reason, waiting[-1].id, False)
    attempt = 1 + max((a.attempt for a in earlier), default=0)
    key = f"case:{row.case_id}:step:{ISOLATION_STEP}:attempt:{attempt}"
    payload = {
        "case_reference": row.reference,
        "error": type(error).__name__,
        "kind": StepKind.INTERNAL_REVIEW.value,
        "reason": reason,
        "step_id": ISOLATION_STEP,
    }
    item = NewAction(
        idempotency_key=key,
        case_id=row.case_id,
        step_id=ISOLATION_STEP,
        attempt=attempt,
        kind=StepKind.INTERNAL_REVIEW.value,
        channel=Channel.INTERNAL.value,
        template=ISOLATION_TEMPLATE,
        due_on=on,
        status=AWAITING,
        requires_approval=True,
        extra_delay_days=0,
        payload=canonical_json(payload),
        not_before=None,
        reason=reason,
    )
    action_id, is_new = uow.actions.insert([item], stamp)[key]
    if is_new:
        uow.journal.record(CaseSetAside(row.case_id, on, action_id, type(error).__name__, reason))
    return SetAside(row.case_id, row.reference, reason, action_id, is_new)
