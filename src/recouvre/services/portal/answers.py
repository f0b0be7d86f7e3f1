"""What a debtor answers on the portal, each through the use case a person would use at the
command line, in a unit of work journaled under the debtor's own actor (``debtor:portal``,
given by the composition root):

- **A payment already made** (« j'ai déjà payé ») is a promise to pay (``CaseEvents.promise``,
  ``recouvre event promise``): the plan pauses until the promised day, ``DECLARED_PAUSE_DAYS``
  after the declaration (the time a transfer takes to reach the account and be matched), so
  nothing is sent meanwhile; the payment that arrives keeps the promise, none breaks it and the
  plan resumes. A declaration is not a payment (C. civ. 1353: who claims to be freed proves
  it); it only gives the bank statement time to show it.
- **A contested invoice** is a dispute (``CaseEvents.dispute``, ``recouvre event dispute``):
  the case is frozen until a person resolves it; the reason quotes the invoice and the
  attachment's SHA-256.
- **A contact request** (one channel only) goes through ``Debtors.set`` (``recouvre debtor set
  --only-channel``): journaled on every open case, what waits on another channel withdrawn.
- **A proposed plan** of N monthly instalments is agreed at once when it stays within the
  creditor's own rules (``PlanRules``: at most ``max_months`` instalments, each at least
  ``min_instalment``, ``law.payment_plan``), as ``recouvre event plan --monthly`` does, and its
  agreement letter is queued; otherwise it is recorded as a request for an agent
  (``CaseEvents.plan_requested``: the debtor becomes « en difficulté », the scenario is chosen
  again) and the page says an agent will answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.money import to_cents
from recouvre.domain.parties import Channel
from recouvre.law.payment_plan import PlanRules
from recouvre.services.cases.case_events import CaseEvents, EventOutcome
from recouvre.services.cases.instalments import CaseEventError
from recouvre.services.parties.debtor_changes import DebtorChanges
from recouvre.services.parties.debtors import Debtors, DebtorUpdate

DECLARED_PAUSE_DAYS = 10
CONTACT_CHOICES: dict[str, Channel] = {
    "email": Channel.EMAIL,
    "letter": Channel.LETTER,
    "phone": Channel.PHONE,
}


@dataclass(frozen=True, slots=True)
class PlanAnswer:
    agreed: bool
    count: int
    outcome: EventOutcome


def within_rules(owed: Decimal, count: int, rules: PlanRules) -> bool:
    """``count`` monthly instalments of ``owed`` within the creditor's rules: no longer than
    ``max_months``, and each (the equal part, to the cent) at least ``min_instalment``, unless
    the whole is one instalment."""
    if not 1 <= count <= rules.max_months or owed <= 0:
        return False
    return count == 1 or to_cents(owed) // count >= to_cents(rules.min_instalment)


class DebtorAnswers:
    def __init__(
        self,
        events: CaseEvents,
        debtors: Debtors,
        rules: Callable[[str], PlanRules],
    ) -> None:
        self.events = events
        self.debtors = debtors
        self.rules = rules

    def declare_payment(
        self, reference: str, amount: Decimal, paid_on: date, on: date
    ) -> EventOutcome:
        if paid_on > on:
            raise CaseEventError("paiement déclaré : la date est dans le futur")
        by = on + timedelta(days=DECLARED_PAUSE_DAYS)
        return self.events.promise(reference, amount, by, on)

    def contest(
        self, reference: str, invoice: str, reason: str, on: date, attachment: str = ""
    ) -> EventOutcome:
        if not reason.strip():
            raise CaseEventError("contestation : motif obligatoire")
        text = f"facture {invoice} : {reason.strip()}" if invoice else reason.strip()
        if attachment:
            text += f" (pièce jointe {attachment})"
        return self.events.dispute(reference, f"{text} — déclaré sur le portail", on)

    def contact(self, reference: str, choice: str, on: date) -> DebtorUpdate:
        channel = CONTACT_CHOICES.get(choice)
        if channel is None:
            raise CaseEventError("préférence de contact inconnue")
        when = on.strftime("%d/%m/%Y")
        return self.debtors.set(
            reference,
            DebtorChanges(only_channel=channel, reason=f"demande sur le portail le {when}"),
        )

    def propose_plan(
        self, reference: str, creditor_siren: str, owed: Decimal, count: int, first: date,
        on: date,
    ) -> PlanAnswer:  # fmt: skip
        if first < on:
            raise CaseEventError("échéancier : la première échéance est déjà passée")
        if within_rules(owed, count, self.rules(creditor_siren)):
            outcome = self.events.payment_plan(reference, on, count, first, None, True)
            return PlanAnswer(True, count, outcome)
        return PlanAnswer(False, count, self.events.plan_requested(reference, on))
