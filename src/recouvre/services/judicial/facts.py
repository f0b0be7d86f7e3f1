"""The facts of a claim as the creditor tells them (the evidence held, the dispute, the nature
of the claim, the formal notice), which decide the judicial route and fill its papers.

A change names only what it changes (``FactsChanges``: ``None`` keeps the stored value); it is
merged with the stored facts and written in one transaction with its journal entry, so that two
changes made at once never lose one another.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from recouvre.domain.events.judicial import JudicialFactsRecorded
from recouvre.law.routes.rules import ClaimNature, Dispute, Evidence
from recouvre.services.judicial.ports import JudicialUnitOfWork
from recouvre.services.judicial.records import JudicialFacts

EVIDENCE_LABELS: dict[str, str] = {
    "signed_order": "bon de commande signé",
    "accepted_quote": "devis accepté",
    "delivery_note": "bon de livraison signé",
    "terms_accepted": "conditions générales acceptées",
    "bill_of_exchange": "lettre de change acceptée",
    "unpaid_cheque": "chèque impayé",
}
DISPUTE_LABELS: dict[Dispute, str] = {
    Dispute.NONE: "aucune",
    Dispute.MINOR: "mineure",
    Dispute.SERIOUS: "sérieuse",
}
NATURE_LABELS: dict[ClaimNature, str] = {
    ClaimNature.COMMERCIAL: "commerciale",
    ClaimNature.CIVIL: "civile",
    ClaimNature.CONSUMER_CREDIT: "crédit à la consommation",
    ClaimNature.RESIDENTIAL_LEASE: "bail d'habitation",
}


def evidence_held(evidence: Evidence) -> list[str]:
    """The names of the pieces of evidence held, in the order of ``EVIDENCE_LABELS``."""
    return [name for name in EVIDENCE_LABELS if getattr(evidence, name)]


@dataclass(frozen=True, slots=True)
class FactsChanges:
    """What a person changes in the facts of a claim; ``None`` keeps the stored value."""

    signed_order: bool | None = None
    accepted_quote: bool | None = None
    delivery_note: bool | None = None
    terms_accepted: bool | None = None
    bill_of_exchange: bool | None = None
    unpaid_cheque: bool | None = None
    dispute: Dispute | None = None
    nature: ClaimNature | None = None
    assets_at_risk: bool | None = None
    cooperation_likely: bool | None = None
    small_claims_failed: bool | None = None
    formal_notice_sent_on: date | None = None
    formal_notice_received_on: date | None = None

    def applied_to(self, facts: JudicialFacts) -> JudicialFacts:
        evidence = replace(
            facts.evidence,
            **{
                name: value
                for name in EVIDENCE_LABELS
                if (value := getattr(self, name)) is not None
            },
        )
        kept = {
            name: value
            for name in (
                "dispute",
                "nature",
                "assets_at_risk",
                "cooperation_likely",
                "small_claims_failed",
                "formal_notice_sent_on",
                "formal_notice_received_on",
            )
            if (value := getattr(self, name)) is not None
        }
        return replace(facts, evidence=evidence, **kept)


def write_facts(
    uow: JudicialUnitOfWork, case_id: int, facts: JudicialFacts, on: date, now: str
) -> None:
    """Store ``facts`` on the case and journal them, in ``uow``'s transaction."""
    uow.judicial.save_facts(case_id, facts, now)
    uow.journal.record(
        JudicialFactsRecorded(
            case_id,
            on,
            facts.nature.value,
            facts.dispute.value,
            tuple(evidence_held(facts.evidence)),
            facts.assets_at_risk,
            facts.formal_notice_received_on,
        ),
    )
