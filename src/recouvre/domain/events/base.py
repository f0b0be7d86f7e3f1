"""The journal's closed vocabulary and the base of every typed event.

Each fact the evidence journal keeps is a frozen dataclass (one module per family beside this
one) whose class names its ``kind``, a member of ``JournalKind``. ``journal_form`` turns an
event into the kind and the JSON object the journal stores: the stored bytes are the
canonical JSON of that object (``recouvre.domain.journal.canonical_json``), so a payload
type must give exactly the object the journal has always held for its kind, or existing
journals would no longer verify (``tests/unit/domain/events/`` pins each kind's text).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar


class JournalKind(enum.StrEnum):
    """Every kind of journal entry (``journal_entries.kind``, ``events.kind``)."""

    # cases: life of a case and of its invoices (``events.cases``)
    CASE_OPENED = "case_opened"
    PHASE_CHANGED = "phase_changed"
    ATTITUDE_CHANGED = "attitude_changed"
    CASE_CLOSED = "case_closed"
    INVOICE_IMPORTED = "invoice_imported"
    INVOICE_AMOUNT_CHANGED = "invoice_amount_changed"
    PAYMENT_RECORDED = "payment_recorded"
    PAYMENT_REVERSED = "payment_reversed"
    CASE_REOPENED = "case_reopened"
    # collection: promises, disputes, plans, scenarios (``events.collection``)
    PROMISE_MADE = "promise_made"
    PROMISE_KEPT = "promise_kept"
    PROMISE_BROKEN = "promise_broken"
    DISPUTE_OPENED = "dispute_opened"
    DISPUTE_RESOLVED = "dispute_resolved"
    PAYMENT_PLAN_AGREED = "payment_plan_agreed"
    PAYMENT_PLAN_REQUESTED = "payment_plan_requested"
    INSTALMENT_MISSED = "instalment_missed"
    SCENARIO_ASSIGNED = "scenario_assigned"
    STEP_CANCELLED = "step_cancelled"
    STEP_WITHDRAWN = "step_withdrawn"
    CLOSURE_PROPOSED = "closure_proposed"
    CASE_SET_ASIDE = "case_set_aside"
    COLLECTIVE_PROCEEDINGS_OPENED = "collective_proceedings_opened"
    INVOICE_STATUS_RECEIVED = "invoice_status_received"
    # contacts: actions planned, reviewed, cancelled; the guard (``events.contacts``)
    ACTION_PLANNED = "action_planned"
    ACTION_STATUS_CHANGED = "action_status_changed"
    ACTION_APPROVED = "action_approved"
    ACTION_DELAYED = "action_delayed"
    ACTION_CANCELLED = "action_cancelled"
    CONTACT_DEFERRED = "contact_deferred"
    CONTACT_REFUSED = "contact_refused"
    CONTACT_FAILED = "contact_failed"
    # delivery: the outbox's moves, calls, bounces, registered mail (``events.delivery``)
    ACTION_SENDING = "action_sending"
    ACTION_SENT = "action_sent"
    ACTION_FAILED = "action_failed"
    ACTION_QUARANTINED = "action_quarantined"
    ACTION_QUEUED = "action_queued"
    ACTION_HELD = "action_held"
    ACTION_RESOLVED = "action_resolved"
    ACTION_RETRIED = "action_retried"
    CALL_OUTCOME = "call_outcome"
    CALL_REACHED = "call_reached"
    CALL_NO_ANSWER = "call_no_answer"
    EMAIL_BOUNCED = "email_bounced"
    REGISTERED_LETTER_POSTED = "registered_letter_posted"
    REGISTERED_LETTER_PRESENTED = "registered_letter_presented"
    REGISTERED_LETTER_DELIVERED = "registered_letter_delivered"
    REGISTERED_LETTER_RETURNED_UNCLAIMED = "registered_letter_returned_unclaimed"
    REGISTERED_LETTER_RETURNED_UNKNOWN_ADDRESS = "registered_letter_returned_unknown_address"
    FORMAL_NOTICE_RECEIVED = "formal_notice_received"
    ACKNOWLEDGEMENT_ATTACHED = "acknowledgement_attached"
    # judicial: facts, procedures, titles, papers (``events.judicial``)
    JUDICIAL_FACTS_RECORDED = "judicial_facts_recorded"
    PROCEDURE_STARTED = "procedure_started"
    PROCEDURE_EVENT = "procedure_event"
    ENFORCEABLE_TITLE_RECORDED = "enforceable_title_recorded"
    JUDICIAL_PAPERS_PRODUCED = "judicial_papers_produced"
    AMICABLE_SCENARIO_CLOSED = "amicable_scenario_closed"
    PROCEDURE_FROZEN = "procedure_frozen"
    # parties: creditors, agencies, debtors (``events.parties``)
    CREDITOR_ADDED = "creditor_added"
    CREDITOR_UPDATED = "creditor_updated"
    AGENCY_ADDED = "agency_added"
    AGENCY_UPDATED = "agency_updated"
    DEBTOR_PREFERENCES_CHANGED = "debtor_preferences_changed"
    DEBTOR_DETAILS_CHANGED = "debtor_details_changed"
    # imports (``events.imports``)
    INVOICES_IMPORTED = "invoices_imported"


# Values ``asdict`` would return unchanged (or as an equal copy): no deep copy needed.
_SCALARS = (str, int, float, type(None), date, Decimal, enum.Enum)
_NAMES: dict[type, tuple[str, ...]] = {}


def _payload_names(cls: type) -> tuple[str, ...]:
    """The payload fields of an event class (case and date excluded), computed once."""
    names = _NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls) if f.name not in ("case_id", "on"))
        _NAMES[cls] = names
    return names


@dataclass(frozen=True, slots=True)
class Event:
    """A fact in the past tense about one case (``case_id``) or none, on the date ``on``."""

    kind: ClassVar[JournalKind]
    case_id: int | None
    on: date

    def payload(self) -> dict[str, Any]:
        """JSON-ready fields (dates ISO, amounts as two-decimal strings, enums by value), case
        and date excluded.

        A shallow walk of the fields: ``asdict`` deep-copies every value, which costs when a
        whole import is journaled. A field holding something else than a scalar (a nested
        dataclass, a list...) still goes through ``asdict``, so the output is the same."""
        out: dict[str, Any] = {}
        deep: dict[str, Any] | None = None
        for key in _payload_names(type(self)):
            value = getattr(self, key)
            if not isinstance(value, _SCALARS):
                if deep is None:
                    deep = asdict(self)
                value = deep[key]
            if isinstance(value, date):
                out[key] = value.isoformat()
            elif isinstance(value, Decimal):
                out[key] = f"{value:.2f}"
            elif isinstance(value, enum.Enum):
                out[key] = value.value
            else:
                out[key] = value
        return out


def journal_form(event: Event) -> tuple[JournalKind, dict[str, Any]]:
    """The kind and the JSON object the journal stores for ``event``."""
    return event.kind, event.payload()
