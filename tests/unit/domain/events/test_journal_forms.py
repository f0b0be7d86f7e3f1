"""Each typed event is journaled with exactly the kind and JSON text its kind has always had.

The expected objects are written here as the services wrote them before the events were typed
(dict literals with the same keys and values), so an entry already stored keeps verifying:
``canonical_json`` of the typed event's payload must be the same bytes.
"""

from __future__ import annotations

import importlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from recouvre.domain.events.base import Event, JournalKind, journal_form
from recouvre.domain.events.cases import CaseReopened, PaymentReversed
from recouvre.domain.events.collection import (
    CaseSetAside,
    ClosureProposed,
    CollectiveProceedingsOpened,
    InvoiceStatusReceived,
    PaymentPlanRequested,
    ProceedingsPublication,
    ScenarioAssigned,
)
from recouvre.domain.events.contacts import (
    ActionApproved,
    ActionCancelled,
    ActionDelayed,
    ActionPlanned,
    ActionStatusChanged,
    ContactDeferred,
    ContactRefused,
)
from recouvre.domain.events.delivery import (
    AcknowledgementAttached,
    ActionFailed,
    ActionQuarantined,
    ActionRequeued,
    ActionResolved,
    ActionRetried,
    ActionSending,
    ActionSent,
    CallNoAnswer,
    CallOutcomeRecorded,
    CallReached,
    EmailBounced,
    FormalNoticeReceived,
    MovedAction,
    RegisteredLetterDelivered,
    RegisteredLetterPosted,
    RegisteredLetterPresented,
    RegisteredLetterReturnedUnclaimed,
    RegisteredLetterReturnedUnknownAddress,
)
from recouvre.domain.events.imports import InvoicesImported
from recouvre.domain.events.judicial import (
    AmicableScenarioClosed,
    EnforceableTitleRecorded,
    ExhibitDigest,
    JudicialFactsRecorded,
    JudicialPapersProduced,
    ProcedureEventRecorded,
    ProcedureFrozen,
    ProcedureStarted,
    TitleSummary,
)
from recouvre.domain.events.parties import (
    AgencyAdded,
    AgencyUpdated,
    CreditorAdded,
    CreditorUpdated,
    DebtorDetailsChanged,
    DebtorPreferencesChanged,
)
from recouvre.domain.journal import canonical_json, chain, entry_for_event

D = date(2026, 3, 3)
CHANGES = {"email": [None, "compta@exemple.fr"], "name": ["Ancien", "Nouvel été 😀"]}
ASSIGNED = ScenarioAssigned(7, D, None, "standard", "règle : défaut")
MOVED = MovedAction(12, "case:7:step:r1:attempt:1", "email", "r1", 1)
IDENTITY = {
    "action_id": 12,
    "idempotency_key": "case:7:step:r1:attempt:1",
    "channel": "email",
    "step_id": "r1",
    "attempt": 1,
}
TRACKING = {"action_id": 12, "tracking_number": "1A00000000001", "source": "suivi.csv, ligne 2"}

CASES: list[tuple[Event, str, dict[str, Any]]] = [
    (ActionPlanned(7, D, 12, "case:7:step:r1:attempt:1", "email", "queued", D,
                   "2026-03-03T09:00:00", None),
     "action_planned",
     {"action_id": 12, "idempotency_key": "case:7:step:r1:attempt:1", "channel": "email",
      "status": "queued", "due_on": "2026-03-03", "not_before": "2026-03-03T09:00:00",
      "reason": None}),
    (ActionPlanned(7, D, 12, "k", "letter", "deferred", D, None, "fenêtre", ASSIGNED),
     "action_planned",
     {"action_id": 12, "idempotency_key": "k", "channel": "letter", "status": "deferred",
      "due_on": "2026-03-03", "not_before": None, "reason": "fenêtre",
      "scenario_assigned": True, "from_scenario": None, "scenario_id": "standard",
      "assignment_reason": "règle : défaut"}),
    (ASSIGNED, "scenario_assigned",
     {"from_scenario": None, "to_scenario": "standard", "reason": "règle : défaut"}),
    (ActionStatusChanged(7, D, 12, "r1", "deferred", "queued", None), "action_status_changed",
     {"action_id": 12, "step_id": "r1", "from": "deferred", "to": "queued", "reason": None}),
    (ActionApproved(7, D, 12, "mise_en_demeure", "awaiting_approval", "queued"),
     "action_approved",
     {"action_id": 12, "step_id": "mise_en_demeure", "from": "awaiting_approval",
      "to": "queued"}),
    (ActionDelayed(7, D, 12, "r1", 5, "2026-03-08T09:00:00", 5), "action_delayed",
     {"action_id": 12, "step_id": "r1", "days": 5, "not_before": "2026-03-08T09:00:00",
      "extra_delay_days": 5}),
    (ActionCancelled(7, D, 12, "r2", "queued", "procédure engagée"), "action_cancelled",
     {"action_id": 12, "step_id": "r2", "from_status": "queued", "reason": "procédure engagée"}),
    (ContactDeferred(7, D, "r1", datetime(2026, 3, 4, 9, 0), ("fenêtre", "plafond")),  # noqa: DTZ001 (Paris wall time)
     "contact_deferred",
     {"step_id": "r1", "until": "2026-03-04T09:00:00", "reasons": ["fenêtre", "plafond"]}),
    (ContactRefused(7, D, "r1", ("ne plus contacter",)), "contact_refused",
     {"step_id": "r1", "reasons": ["ne plus contacter"]}),
    (ClosureProposed(7, D, 40, "time_barred", ("F1", "F2"), "créance prescrite"),
     "closure_proposed",
     {"action_id": 40, "closure": "time_barred", "time_barred_invoices": ["F1", "F2"],
      "reason": "créance prescrite"}),
    (CaseSetAside(7, D, 41, "ValueError", "date hors calendrier"), "case_set_aside",
     {"action_id": 41, "error": "ValueError", "reason": "date hors calendrier"}),
    (PaymentPlanRequested(7, D, 12), "payment_plan_requested", {"action_id": 12}),
    (PaymentReversed(7, D, Decimal("1200"), "contre-passation"), "payment_reversed",
     {"amount": "1200.00", "reason": "contre-passation"}),
    (CaseReopened(7, D, "contre-passation"), "case_reopened", {"reason": "contre-passation"}),
    (CollectiveProceedingsOpened(7, D, "redressement judiciaire", date(2026, 2, 20)),
     "collective_proceedings_opened",
     {"procedure": "redressement judiciaire", "judgment_on": "2026-02-20"}),
    (CollectiveProceedingsOpened(
        7, D, "liquidation", date(2026, 2, 20),
        ProceedingsPublication(D, "A-1", "TC Metz", date(2026, 5, 3), date(2026, 5, 3), (1, 2)),
    ),
     "collective_proceedings_opened",
     {"procedure": "liquidation", "judgment_on": "2026-02-20", "published_on": "2026-03-03",
      "announcement_id": "A-1", "tribunal": "TC Metz", "declaration_due_on": "2026-05-03",
      "relief_due_on": "2026-05-03", "cancelled_actions": [1, 2]}),
    (InvoiceStatusReceived(7, D, "F-1", 206, "Approuvée partiellement", date(2026, 2, 20),
                           "s.csv, ligne 2", "quantités", Decimal("900"), Decimal("300.5"),
                           "seul 900,00 € est réclamé"),
     "invoice_status_received",
     {"invoice_number": "F-1", "code": 206, "label": "Approuvée partiellement",
      "status_on": "2026-02-20", "source": "s.csv, ligne 2", "reason": "quantités",
      "approved_amount": "900.00", "disputed_amount": "300.50",
      "effect": "seul 900,00 € est réclamé"}),
    (InvoiceStatusReceived(7, D, "F-1", 200, "Déposée", D, "m.xml, ligne 9", "", None, None,
                           "statut enregistré"),
     "invoice_status_received",
     {"invoice_number": "F-1", "code": 200, "label": "Déposée", "status_on": "2026-03-03",
      "source": "m.xml, ligne 9", "reason": "", "approved_amount": None,
      "disputed_amount": None, "effect": "statut enregistré"}),
    (ProcedureFrozen(7, D, 3, "payment_order", "liquidation", D, "suspendue (L622-21)"),
     "procedure_frozen",
     {"procedure_id": 3, "route": "payment_order", "proceedings": "liquidation",
      "judgment_on": "2026-03-03", "reason": "suspendue (L622-21)"}),
    (AmicableScenarioClosed(7, D, "liquidation"), "amicable_scenario_closed",
     {"reason": "liquidation"}),
    (JudicialFactsRecorded(7, D, "contractual", "none", ("signed_order", "accepted_quote"),
                           False, None),
     "judicial_facts_recorded",
     {"nature": "contractual", "dispute": "none", "evidence": ["accepted_quote", "signed_order"],
      "assets_at_risk": False, "formal_notice_received_on": None}),
    (ProcedureStarted(7, D, 3, "payment_order", "TJ Metz", Decimal("1234.5"), True, (4,)),
     "procedure_started",
     {"procedure_id": 3, "route": "payment_order", "court": "TJ Metz", "claimed": "1234.50",
      "forced": True, "cancelled_actions": [4]}),
    (ProcedureEventRecorded(7, D, 3, "payment_order", "filed"), "procedure_event",
     {"procedure_id": 3, "route": "payment_order", "event": "filed"}),
    (ProcedureEventRecorded(7, D, 3, "payment_order", "served", True, Decimal("10"), "R-1",
                            TitleSummary(D, Decimal("99.9"), None)),
     "procedure_event",
     {"procedure_id": 3, "route": "payment_order", "event": "served", "to_person": True,
      "amount": "10.00", "reference": "R-1",
      "title": {"pronounced_on": "2026-03-03", "amount": "99.90", "served_on": None}}),
    (EnforceableTitleRecorded(7, D, D, Decimal("5"), D, "jugement"),
     "enforceable_title_recorded",
     {"pronounced_on": "2026-03-03", "amount": "5.00", "served_on": "2026-03-03",
      "description": "jugement"}),
    (JudicialPapersProduced(7, D, 3, "payment_order_request", "b" * 64,
                            (ExhibitDigest(1, "Facture", 2, "c" * 64),)),
     "judicial_papers_produced",
     {"procedure_id": 3, "paper": "payment_order_request", "bundle_sha256": "b" * 64,
      "exhibits": [{"number": 1, "title": "Facture", "pages": 2, "sha256": "c" * 64}]}),
    (CreditorAdded(None, D, "123456789", CHANGES), "creditor_added",
     {"siren": "123456789", "changes": CHANGES}),
    (CreditorUpdated(None, D, "123456789", CHANGES), "creditor_updated",
     {"siren": "123456789", "changes": CHANGES}),
    (AgencyAdded(None, D, "123456789", {"siren": "123456789", "name": "Agence"}),
     "agency_added", {"siren": "123456789", "agency": {"siren": "123456789", "name": "Agence"}}),
    (AgencyUpdated(None, D, "123456789", CHANGES), "agency_updated",
     {"siren": "123456789", "changes": CHANGES}),
    (DebtorPreferencesChanged(7, D, 5, "Dupont", None, CHANGES, "appel du débiteur"),
     "debtor_preferences_changed",
     {"debtor_id": 5, "debtor": "Dupont", "siren": None, "changes": CHANGES,
      "reason": "appel du débiteur"}),
    (DebtorDetailsChanged(None, D, 5, "Dupont", "123456789", CHANGES, ""),
     "debtor_details_changed",
     {"debtor_id": 5, "debtor": "Dupont", "siren": "123456789", "changes": CHANGES,
      "reason": ""}),
    (InvoicesImported(None, D, 1, "f.csv", "a" * 64, 10, 8, 1, 1, 4), "invoices_imported",
     {"creditor_id": 1, "file_name": "f.csv", "file_sha256": "a" * 64, "rows": 10, "created": 8,
      "changed": 1, "unchanged": 1, "cases_opened": 4}),
    (ActionSending(7, D, MOVED, "sender-1"), "action_sending", {**IDENTITY, "worker": "sender-1"}),
    (ActionSent(7, D, MOVED, {"provider_ref": "smtp:<1@x>", "content_sha256": "d" * 64,
                              "batch_on": "2026-03-03"}),
     "action_sent",
     {**IDENTITY, "provider_ref": "smtp:<1@x>", "content_sha256": "d" * 64,
      "batch_on": "2026-03-03"}),
    (ActionSent(7, D, MOVED, {"provider_ref": "simulation:k", "simulated": True}), "action_sent",
     {**IDENTITY, "provider_ref": "simulation:k", "simulated": True}),
    (ActionFailed(7, D, MOVED, "550 refusé"), "action_failed",
     {**IDENTITY, "reason": "550 refusé"}),
    (ActionQuarantined(7, D, MOVED, "délai dépassé"), "action_quarantined",
     {**IDENTITY, "reason": "délai dépassé"}),
    (ActionRequeued(7, D, MOVED, "serveur indisponible"), "action_queued",
     {**IDENTITY, "reason": "serveur indisponible"}),
    (ActionResolved(7, D, MOVED, "resend", "vu chez le prestataire"), "action_resolved",
     {**IDENTITY, "decision": "resend", "note": "vu chez le prestataire"}),
    (ActionRetried(7, D, MOVED, 13, "case:7:step:r1:attempt:2", 2, "2026-03-04T00:00:00",
                   "adresse corrigée"),
     "action_retried",
     {**IDENTITY, "new_action_id": 13, "new_idempotency_key": "case:7:step:r1:attempt:2",
      "new_attempt": 2, "not_before": "2026-03-04T00:00:00", "reason": "adresse corrigée"}),
    (CallOutcomeRecorded(7, D, 12, "k", "reached", "sent", None), "call_outcome",
     {"action_id": 12, "idempotency_key": "k", "outcome": "reached", "status": "sent"}),
    (CallOutcomeRecorded(7, D, 12, "k", "dispute", "sent", "déjà payé"), "call_outcome",
     {"action_id": 12, "idempotency_key": "k", "outcome": "dispute", "status": "sent",
      "reason": "déjà payé"}),
    (CallReached(7, D, 12), "call_reached", {"action_id": 12}),
    (CallNoAnswer(7, D, 12), "call_no_answer", {"action_id": 12}),
    (EmailBounced(7, D, "a@exemple.fr", "5.1.1", "user unknown", None, "dsn.mbox", "e" * 64),
     "email_bounced",
     {"address": "a@exemple.fr", "status": "5.1.1", "diagnostic": "user unknown",
      "message_id": None, "source": "dsn.mbox", "file_sha256": "e" * 64}),
    (RegisteredLetterPosted(7, D, 12, "1A00000000001"), "registered_letter_posted",
     {"action_id": 12, "tracking_number": "1A00000000001"}),
    (AcknowledgementAttached(7, D, 12, "1A00000000001", "ar.pdf", "f" * 64),
     "acknowledgement_attached",
     {"action_id": 12, "tracking_number": "1A00000000001", "file_name": "ar.pdf",
      "sha256": "f" * 64}),
    (RegisteredLetterPresented(7, D, 12, "1A00000000001", "presented", "première présentation",
                               "suivi.csv, ligne 2"),
     "registered_letter_presented",
     {**TRACKING, "event": "presented", "label": "première présentation"}),
    (RegisteredLetterDelivered(7, D, 12, "1A00000000001", "delivered", "distribué (AR signé)",
                               "suivi.csv, ligne 2"),
     "registered_letter_delivered",
     {**TRACKING, "event": "delivered", "label": "distribué (AR signé)"}),
    (RegisteredLetterReturnedUnclaimed(7, D, 12, "1A00000000001", "returned_unclaimed",
                                       "pli avisé non réclamé", "suivi.csv, ligne 2"),
     "registered_letter_returned_unclaimed",
     {**TRACKING, "event": "returned_unclaimed", "label": "pli avisé non réclamé"}),
    (RegisteredLetterReturnedUnknownAddress(7, D, 12, "1A00000000001", "returned_unknown_address",
                                            "destinataire inconnu à l'adresse",
                                            "suivi.csv, ligne 2"),
     "registered_letter_returned_unknown_address",
     {**TRACKING, "event": "returned_unknown_address",
      "label": "destinataire inconnu à l'adresse"}),
    (FormalNoticeReceived(7, D, 12, "1A00000000001", D, "acknowledgement"),
     "formal_notice_received",
     {"action_id": 12, "tracking_number": "1A00000000001", "received_on": "2026-03-03",
      "basis": "acknowledgement"}),
]  # fmt: skip


@pytest.mark.parametrize(("event", "kind", "stored"), CASES, ids=[c[1] for c in CASES])
def test_the_typed_event_gives_the_stored_kind_and_bytes(
    event: Event, kind: str, stored: dict[str, Any]
) -> None:
    found_kind, payload = journal_form(event)
    assert found_kind == kind and type(found_kind) is JournalKind
    expected = json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_json(payload) == expected


def test_every_kind_is_a_distinct_text() -> None:
    values = [kind.value for kind in JournalKind]
    assert len(values) == len(set(values))


def test_a_run_entry_keeps_the_digest_the_bulk_path_has_always_stored() -> None:
    """The digest of a first ``action_planned`` entry of case 7, as the daily run's former bulk
    writer stored it: the typed event through ``entry_for_event`` and ``chain`` gives it too."""
    assigned = ScenarioAssigned(7, D, None, "standard", "règle « défaut » 😀")
    event = ActionPlanned(7, D, 12, "case:7:step:relance_1:attempt:1", "email", "queued", D,
                          "2026-03-03T09:00:00", None, assigned)  # fmt: skip
    stamp = datetime(2026, 3, 3, 8, 0, 0, 123456, tzinfo=UTC)
    (chained,) = chain([entry_for_event(event, 7, "run", stamp)], {})
    assert chained.digest == "4c3efcb5cfb13bd922db0d7768d72cb44208ddaf596f9af64c03fed05c81a604"


def _event_classes(cls: type[Event]) -> list[type[Event]]:
    found: list[type[Event]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_event_classes(sub)]
    return found


def test_every_kind_has_one_typed_event() -> None:
    """The journal port takes typed events only: a kind with no event class could never be
    recorded, and two classes of one kind could give it two payload shapes."""
    for family in ("cases", "collection", "contacts", "delivery", "imports", "judicial", "parties"):
        importlib.import_module(f"recouvre.domain.events.{family}")
    # ``slots=True`` rebuilds each class: the class first built stays a subclass, so each event
    # class is counted once by name.
    kinds = {
        f"{cls.__module__}.{cls.__qualname__}": kind
        for cls in _event_classes(Event)
        if (kind := vars(cls).get("kind")) is not None
    }
    assert sorted(kinds.values()) == sorted(JournalKind)
