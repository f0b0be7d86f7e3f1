"""The compliance guard: may this contact go out now, later, or never?

``check(contact, ctx, policy, on)`` runs every rule of ``rules.py`` and answers:

* **refused**, with every reason, when a standing rule forbids the contact (closed or
  time-barred case, collective proceedings, do-not-contact or single-channel request, dispute,
  payment plan, wording announcing what the law does not allow);
* **deferred**, with the next allowed moment, when only timing rules object (promise, channel
  hours and holidays, caps); the next moment is found by moving forward to the latest
  « not before » and checking again, until every timing rule agrees;
* **allowed** otherwise.

``on`` is a **naive datetime in Europe/Paris local time**; ``next_allowed`` is given back in the
same clock. Internal tasks (``channel is None``) are not contacts: only a closed or
time-barred case stops them.
Every deferral and refusal is journaled by the caller (``ContactDeferred``, ``ContactRefused``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from recouvre.compliance.facts import GuardContext, OutgoingContact
from recouvre.compliance.policy import ContactPolicy
from recouvre.compliance.rules import (
    INTERNAL_RULES,
    STANDING_RULES,
    TIMING_RULES,
    Deferral,
    Refusal,
    Rule,
)
from recouvre.domain.errors import DomainError


class Outcome(enum.StrEnum):
    ALLOWED = "allowed"  # autorisé
    DEFERRED = "deferred"  # reporté
    REFUSED = "refused"  # refusé


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ALLOWED: "autorisé",
    Outcome.DEFERRED: "reporté",
    Outcome.REFUSED: "refusé",
}


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[Reason, ...] = ()
    next_allowed: datetime | None = None  # naive Europe/Paris time, when deferred

    def explain(self) -> str:
        """One French line for the journal and the CLI."""
        head = OUTCOME_LABELS[self.outcome]
        if self.next_allowed is not None:
            head += f" jusqu'au {self.next_allowed.strftime('%d/%m/%Y %H:%M')}"
        if not self.reasons:
            return head
        return head + " : " + " ; ".join(r.message for r in self.reasons)


MAX_STEPS = 100  # each step moves forward; a policy that never opens is a configuration error


class PolicyNeverAllows(DomainError):
    """The policy never opens for this channel (e.g. a window with no weekday)."""


def _run(
    rules: tuple[Rule, ...],
    contact: OutgoingContact,
    ctx: GuardContext,
    policy: ContactPolicy,
    at: datetime,
) -> list[Refusal | Deferral]:
    return [f for rule in rules if (f := rule(contact, ctx, policy, at)) is not None]


def check(
    contact: OutgoingContact, ctx: GuardContext, policy: ContactPolicy, on: datetime
) -> Verdict:
    if on.tzinfo is not None:
        raise ValueError("le garde-fou attend une heure locale de Paris sans fuseau")
    local = on + ctx.local_offset
    standing = INTERNAL_RULES if contact.channel is None else STANDING_RULES
    refusals = [f for f in _run(standing, contact, ctx, policy, local) if isinstance(f, Refusal)]
    if refusals:
        return Verdict(Outcome.REFUSED, tuple(Reason(f.rule, f.message) for f in refusals))
    if contact.channel is None:
        return Verdict(Outcome.ALLOWED)
    findings = _run(TIMING_RULES, contact, ctx, policy, local)
    if not findings:
        return Verdict(Outcome.ALLOWED)
    reasons = [Reason(f.rule, f.message) for f in findings]
    moment = local
    for _ in range(MAX_STEPS):
        deferrals = [f for f in findings if isinstance(f, Deferral)]
        moment = max(f.until for f in deferrals)
        findings = _run(TIMING_RULES, contact, ctx, policy, moment)
        if not findings:
            return Verdict(Outcome.DEFERRED, tuple(reasons), moment - ctx.local_offset)
    raise PolicyNeverAllows(
        f"la politique de contact n'autorise jamais le canal {contact.channel.value}"
    )
