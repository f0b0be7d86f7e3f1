"""Prescription in the daily run: which cases of a page are time-barred, set-based first.

The guard refuses every contact on a case whose open invoices are all time-barred, and any
announce of a court action when some of them are (``compliance.rules``): threatening a court
action for a claim the law no longer lets one sue for is a misleading practice (C. conso
L121-2); the periods are those of C. com. L110-4 and C. conso L218-2.
Per page of the run:

1. **screening**, in memory: the page's open invoices are already loaded; a case is screened
   only when one of them starts before ``compliance.time_bar.screening_cutoff`` (the run
   date minus the shortest prescription period of the legal rows, plus six months of margin).
   Younger portfolios pay one pass over the lines and nothing else;
2. **evidence**, one query set for the screened cases only (``PlanStore
   .prescription_evidence``): payments received and promises or payment plans recorded (each an
   acknowledgement, C. civ. 2240), procedure events (2241, 2242, 2244) and enforceable titles
   (ten years from the day they can be executed, CPCE L111-4), mapped to the law engine's
   events as the judicial services map them (``services.judicial.case_file``);
3. **exact**: ``compliance.time_bar.time_bar`` per screened case, invoice by invoice.

A case whose open invoices are all time-barred gets a **closure proposal** in the review queue
(an internal ``awaiting_approval`` action, step ``cloture_prescription``, journaled as
``closure_proposed``): a person confirms it (``recouvre review approve``, then the next run
closes the case as ``time_barred``) or cancels it with the reason (an acknowledgement the
software does not know of, for instance). Nothing is closed without a person.

A case holding an invoice whose prescription cannot be computed (no legal row for its starting
date: ``TimeBar.unknown``) is never taken as « not time-barred »: the guard refuses its contacts
with the reason and the case goes to the review queue (an internal ``awaiting_approval`` action,
step ``revue_prescription``, with the reason): a person adds the missing legal row (or checks
the claim) and approves it; the next run marks it done and frees the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from recouvre.compliance.time_bar import OpenInvoice, TimeBar, screening_cutoff, time_bar
from recouvre.domain.cases import Closure
from recouvre.domain.events.base import JournalKind
from recouvre.domain.journal import canonical_json
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.law.parameters import LegalTables
from recouvre.law.prescription.events import EventKind, PrescriptionEvent
from recouvre.law.routes.rules import Route
from recouvre.scenarios.model import StepKind
from recouvre.services.daily_run.plan_state import calendar_for
from recouvre.services.daily_run.ports import (
    CaseRow,
    EvidenceRow,
    InvoiceLine,
    NewAction,
    PlanStore,
)
from recouvre.services.judicial.records import ProcedureEventKind
from recouvre.services.outbox.model import ActionStatus

# Journal events that acknowledge the debt (C. civ. 2240): a promise to pay, a payment plan.
ACKNOWLEDGEMENT_EVENTS = (JournalKind.PROMISE_MADE, JournalKind.PAYMENT_PLAN_AGREED)
CLOSURE_STEP = "cloture_prescription"
CLOSURE_TEMPLATE = "cloture_prescription"
REVIEW_STEP = "revue_prescription"


def procedure_event(route: Route, kind: ProcedureEventKind, on: date) -> PrescriptionEvent | None:
    """What a procedure event does to prescription: the filing of a payment-order request
    does nothing, its service interrupts; a summons interrupts until the end of the
    proceedings; an executed conservatory measure interrupts; a claim declaration interrupts
    until the closure; a title (the order declared enforceable, a judgment) sets the period
    to the title's from that day (CPCE L111-4); an enforcement measure interrupts (C. civ.
    2244) (the judicial services' mapping, ``services.judicial.case_file``)."""
    match (route, kind):
        case (
            Route.PAYMENT_ORDER
            | Route.SMALL_CLAIMS
            | Route.INTERIM_PAYMENT
            | Route.SUMMONS_ON_MERITS
            | Route.ENFORCEMENT,
            ProcedureEventKind.ENFORCEABLE,
        ):
            return PrescriptionEvent(EventKind.ENFORCEABLE_TITLE, on)
        case (Route.PAYMENT_ORDER, ProcedureEventKind.FILED):
            return PrescriptionEvent(EventKind.PAYMENT_ORDER_FILED, on)
        case (Route.PAYMENT_ORDER, ProcedureEventKind.SERVED):
            return PrescriptionEvent(EventKind.PAYMENT_ORDER_SERVED, on)
        case (Route.INTERIM_PAYMENT | Route.SUMMONS_ON_MERITS, ProcedureEventKind.FILED):
            return PrescriptionEvent(EventKind.LEGAL_ACTION, on, end=on)
        case (Route.CONSERVATORY_ATTACHMENT, ProcedureEventKind.EXECUTED):
            return PrescriptionEvent(EventKind.CONSERVATORY_MEASURE, on)
        case (Route.CLAIM_DECLARATION, ProcedureEventKind.FILED):
            return PrescriptionEvent(EventKind.CLAIM_DECLARATION, on, end=on)
        case (_, ProcedureEventKind.EXECUTED):
            return PrescriptionEvent(EventKind.ENFORCEMENT, on)
        case _:
            return None


def evidence_events(rows: Iterable[EvidenceRow]) -> dict[int, list[PrescriptionEvent]]:
    """The law engine's events of each case, from the stored evidence."""
    out: dict[int, list[PrescriptionEvent]] = {}
    for row in rows:
        event: PrescriptionEvent | None = None
        if row.source == "payment":
            event = PrescriptionEvent(EventKind.PARTIAL_PAYMENT, row.on)
        elif row.source == "event" and row.kind in ACKNOWLEDGEMENT_EVENTS:
            event = PrescriptionEvent(EventKind.ACKNOWLEDGEMENT, row.on)
        elif row.source == "title":  # a title recorded outside a procedure (CPCE L111-4)
            event = PrescriptionEvent(EventKind.ENFORCEABLE_TITLE, row.on)
        elif row.source == "procedure" and row.route is not None:
            try:
                event = procedure_event(Route(row.route), ProcedureEventKind(row.kind), row.on)
            except ValueError:
                event = None  # an unknown route or event kind acts on nothing
        if event is not None:
            out.setdefault(row.case_id, []).append(event)
    return out


def screen_page(
    store: PlanStore,
    rows: Iterable[CaseRow],
    lines: Sequence[InvoiceLine],
    law: LegalTables | None,
    on: date,
) -> dict[int, TimeBar]:
    """The cases of ``rows`` with at least one time-barred open invoice on ``on`` (see the
    module docstring); ``{}`` without legal tables."""
    if law is None or not lines:
        return {}
    cutoff = screening_cutoff(law, on)
    if cutoff is None:
        return {}
    candidates = {
        line.case_id
        for line in lines
        if line.due_date < cutoff or (line.completed_on is not None and line.completed_on < cutoff)
    }
    if not candidates:
        return {}
    events = evidence_events(
        store.prescription_evidence(sorted(candidates), ACKNOWLEDGEMENT_EVENTS)
    )
    grouped: dict[int, list[OpenInvoice]] = {}
    for line in lines:
        if line.case_id in candidates:
            grouped.setdefault(line.case_id, []).append(
                OpenInvoice(line.number, line.due_date, line.completed_on)
            )
    out: dict[int, TimeBar] = {}
    for row in rows:
        if row.case_id not in candidates:
            continue
        bar = time_bar(
            grouped.get(row.case_id, []),
            DebtorKind(row.debtor_kind),
            events.get(row.case_id, []),
            tables=law,
            on=on,
            calendar=calendar_for(row.departement),
            cutoff=cutoff,
        )
        if bar.some_barred or bar.some_unknown:
            out[row.case_id] = bar
    return out


def closure_reason(bar: TimeBar) -> str:
    return (
        f"créance prescrite au {bar.on.isoformat()} (factures {', '.join(bar.barred)}) : "
        "clôture « prescrite » proposée, à confirmer (recouvre review approve) ou à annuler "
        "avec le motif (reconnaissance de dette non saisie...)"
    )


def closure_proposal(row: CaseRow, bar: TimeBar, on: date) -> NewAction:
    """The review-queue entry proposing to close ``row``'s case as time-barred (attempt 1:
    proposed once; a person's cancellation is not proposed again)."""
    payload = canonical_json(
        {
            "case_reference": row.reference,
            "closure": Closure.TIME_BARRED.value,
            "claim_kind": bar.kind.value,
            "explanation": list(bar.explanation),
            "kind": StepKind.INTERNAL_REVIEW.value,
            "step_id": CLOSURE_STEP,
            "time_barred_invoices": list(bar.barred),
        }
    )
    return _review_action(row, CLOSURE_STEP, CLOSURE_TEMPLATE, on, payload, closure_reason(bar))


def _review_action(
    row: CaseRow, step: str, template: str, on: date, payload: str, reason: str
) -> NewAction:
    """An internal step a person approves or cancels in review (attempt 1: proposed once)."""
    return NewAction(
        idempotency_key=f"case:{row.case_id}:step:{step}:attempt:1",
        case_id=row.case_id,
        step_id=step,
        attempt=1,
        kind=StepKind.INTERNAL_REVIEW.value,
        channel=Channel.INTERNAL.value,
        template=template,
        due_on=on,
        status=ActionStatus.AWAITING_APPROVAL.value,
        requires_approval=True,
        extra_delay_days=0,
        payload=payload,
        not_before=None,
        reason=reason,
    )


def review_reason(bar: TimeBar) -> str:
    return (
        f"prescription inconnue au {bar.on.isoformat()} (factures {', '.join(bar.unknown)}) : "
        f"{bar.unknown_reason} ; aucune relance tant que la règle n'est pas connue : ajoutez la "
        "ligne aux données juridiques (RECOUVRE_LAW_FILE) ou vérifiez la créance, puis "
        "approuvez (recouvre review approve)"
    )


def review_proposal(row: CaseRow, bar: TimeBar, on: date) -> NewAction:
    """The review-queue entry for a case whose prescription cannot be computed (attempt 1)."""
    payload = canonical_json(
        {
            "case_reference": row.reference,
            "claim_kind": bar.kind.value,
            "kind": StepKind.INTERNAL_REVIEW.value,
            "reason": bar.unknown_reason,
            "step_id": REVIEW_STEP,
            "unknown_prescription_invoices": list(bar.unknown),
        }
    )
    return _review_action(row, REVIEW_STEP, REVIEW_STEP, on, payload, review_reason(bar))


def proposal_for(row: CaseRow, bar: TimeBar, on: date) -> NewAction | None:
    """What the review queue gets for a screened case: a closure proposal when every open
    invoice is time-barred, a review when some prescription is unknown, else nothing."""
    if bar.all_barred:
        return closure_proposal(row, bar, on)
    if bar.some_unknown:
        return review_proposal(row, bar, on)
    return None


def barred_numbers(bars: Mapping[int, TimeBar], case_id: int) -> tuple[str, ...]:
    bar = bars.get(case_id)
    return () if bar is None else bar.barred
