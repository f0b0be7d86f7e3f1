"""The scenario model: a scenario is data (YAML, see ``recouvre.reference.scenario_loader``).

A scenario is an ordered list of steps chosen « selon le contexte de chaque dossier et
l'attitude de votre débiteur ». Each step has a kind (what is sent or done), a date rule (when),
conditions (for whom), the extra delay granted to the debtor, whether a person must approve it,
and what it announces (so that the compliance guard can refuse a threat of an action that is
not legally possible, C. conso L121-6).

Conventions fixed here (docs/scenarios.md explains them to credit managers):

* amounts in conditions are Decimal euros, ``min_amount`` inclusive, ``max_amount`` exclusive;
* an empty set in a condition means « any »;
* a step sends on the channel of its kind (``default_channel``); only a payment-plan proposal
  may choose between e-mail and letter. A step whose channel the debtor cannot be reached on is
  passed over (never sent elsewhere silently);
* step ids are shared between the shipped scenarios for the same step (``mise_en_demeure``),
  so that a case that switches scenario never receives the same step twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal
from typing import assert_never

from recouvre.domain.cases import Attitude, Phase
from recouvre.domain.parties import Channel, DebtorKind
from recouvre.scenarios.case_context import CaseContext


class StepKind(enum.StrEnum):
    """What a step does. Closed list: adding one means touching ``default_channel`` etc."""

    COURTESY_EMAIL = "courtesy_email"  # relance de courtoisie par courriel
    REMINDER_EMAIL = "reminder_email"  # relance par courriel
    SMS = "sms"  # SMS de rappel
    PHONE_CALL = "phone_call"  # tâche d'appel pour un chargé de recouvrement
    REMINDER_LETTER = "reminder_letter"  # lettre de relance simple
    PAYMENT_PLAN_PROPOSAL = "payment_plan_proposal"  # proposition d'échéancier
    FORMAL_NOTICE = "formal_notice"  # mise en demeure par lettre recommandée AR
    INTERNAL_REVIEW = "internal_review"  # revue interne du dossier
    JUDICIAL_REVIEW = "judicial_review"  # examen de la voie judiciaire


KIND_LABELS: dict[StepKind, str] = {
    StepKind.COURTESY_EMAIL: "Relance de courtoisie (courriel)",
    StepKind.REMINDER_EMAIL: "Relance (courriel)",
    StepKind.SMS: "SMS de rappel",
    StepKind.PHONE_CALL: "Appel téléphonique",
    StepKind.REMINDER_LETTER: "Lettre de relance",
    StepKind.PAYMENT_PLAN_PROPOSAL: "Proposition d'échéancier",
    StepKind.FORMAL_NOTICE: "Mise en demeure (LRAR)",
    StepKind.INTERNAL_REVIEW: "Revue interne",
    StepKind.JUDICIAL_REVIEW: "Examen de la voie judiciaire",
}


def default_channel(kind: StepKind) -> Channel | None:
    """The channel a step of this kind uses; ``None`` for internal tasks (no contact)."""
    match kind:
        case StepKind.COURTESY_EMAIL | StepKind.REMINDER_EMAIL:
            return Channel.EMAIL
        case StepKind.SMS:
            return Channel.SMS
        case StepKind.PHONE_CALL:
            return Channel.PHONE
        case StepKind.REMINDER_LETTER | StepKind.FORMAL_NOTICE | StepKind.PAYMENT_PLAN_PROPOSAL:
            return Channel.LETTER
        case StepKind.INTERNAL_REVIEW | StepKind.JUDICIAL_REVIEW:
            return None
        case _:
            assert_never(kind)


def allowed_channels(kind: StepKind) -> frozenset[Channel]:
    """Channels a scenario author may pick for a step of this kind."""
    match kind:
        case StepKind.PAYMENT_PLAN_PROPOSAL:
            return frozenset({Channel.LETTER, Channel.EMAIL})
        case _:
            channel = default_channel(kind)
            return frozenset() if channel is None else frozenset({channel})


def severity(kind: StepKind) -> int:
    """How firm a step is, used when a case switches scenario.

    0 = neutral (a call, a review, a plan proposal: never made pointless by a firmer step),
    1 = friendly reminder, 2 = reminder letter, 3 = formal notice, 4 = judicial review.
    A step softer than the firmest one already done is passed over after a switch: no courtesy
    e-mail after a mise en demeure.
    """
    match kind:
        case StepKind.PHONE_CALL | StepKind.INTERNAL_REVIEW | StepKind.PAYMENT_PLAN_PROPOSAL:
            return 0
        case StepKind.COURTESY_EMAIL | StepKind.REMINDER_EMAIL | StepKind.SMS:
            return 1
        case StepKind.REMINDER_LETTER:
            return 2
        case StepKind.FORMAL_NOTICE:
            return 3
        case StepKind.JUDICIAL_REVIEW:
            return 4
        case _:
            assert_never(kind)


THREATENING_SEVERITY = 3


class DayUnit(enum.StrEnum):
    CALENDAR = "calendar"  # jours calendaires
    WORKING = "working"  # jours ouvrés (ni samedi, ni dimanche, ni férié du département)


class Anchor(enum.StrEnum):
    OLDEST_DUE_DATE = "oldest_due_date"  # échéance de la plus ancienne facture impayée
    PREVIOUS_STEP = "previous_step"  # date d'envoi de l'étape précédente


@dataclass(frozen=True, slots=True)
class DateRule:
    """« N jours (calendaires | ouvrés) après (l'échéance la plus ancienne | l'étape
    précédente) »."""

    days: int
    unit: DayUnit = DayUnit.CALENDAR
    anchor: Anchor = Anchor.PREVIOUS_STEP

    def describe(self) -> str:
        unit = "calendaires" if self.unit is DayUnit.CALENDAR else "ouvrés"
        match self.anchor:
            case Anchor.OLDEST_DUE_DATE:
                after = "l'échéance la plus ancienne"
            case Anchor.PREVIOUS_STEP:
                after = "l'étape précédente"
            case _:
                assert_never(self.anchor)
        return f"{self.days} jours {unit} après {after}"


@dataclass(frozen=True, slots=True)
class Conditions:
    """For whom a scenario or a step is meant. Empty sets mean « any »."""

    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    debtor_kinds: frozenset[DebtorKind] = frozenset()
    attitudes: frozenset[Attitude] = frozenset()
    channels_required: frozenset[Channel] = frozenset()
    channels_absent: frozenset[Channel] = frozenset()
    phases: frozenset[Phase] = frozenset()

    def mismatch(self, ctx: CaseContext) -> str | None:
        """Why the case does not fit (French), or ``None`` when it does."""
        if self.min_amount is not None and ctx.outstanding < self.min_amount:
            return f"encours inférieur à {self.min_amount} €"
        if self.max_amount is not None and ctx.outstanding >= self.max_amount:
            return f"encours supérieur ou égal à {self.max_amount} €"
        if self.debtor_kinds and ctx.debtor_kind not in self.debtor_kinds:
            return f"débiteur de type {ctx.debtor_kind.value} non visé"
        if self.attitudes and ctx.attitude not in self.attitudes:
            return f"attitude {ctx.attitude.value} non visée"
        missing = self.channels_required - ctx.channels
        if missing:
            return "canal indisponible : " + ", ".join(sorted(c.value for c in missing))
        present = self.channels_absent & ctx.channels
        if present:
            return "canal présent : " + ", ".join(sorted(c.value for c in present))
        if self.phases and ctx.phase not in self.phases:
            return f"phase {ctx.phase.value} non visée"
        return None

    def matches(self, ctx: CaseContext) -> bool:
        return self.mismatch(ctx) is None


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    kind: StepKind
    rule: DateRule
    template: str
    label: str = ""
    grace_days: int = 0  # délai supplémentaire accordé au débiteur pour payer
    conditions: Conditions = field(default_factory=Conditions)
    approval_required: bool = False
    channel: Channel | None = None  # None: the kind's default channel
    announces_legal_action: bool = False
    announces_fixed_indemnity: bool = False
    announces_late_penalties: bool = False
    enters_phase: Phase | None = None

    @property
    def contact_channel(self) -> Channel | None:
        return self.channel if self.channel is not None else default_channel(self.kind)

    @property
    def severity(self) -> int:
        return severity(self.kind)

    def unfit(self, ctx: CaseContext) -> str | None:
        """Why this step cannot go to this case (conditions or channel), or ``None``."""
        channel = self.contact_channel
        if channel is not None and channel not in ctx.channels:
            return f"débiteur injoignable par {channel.value}"
        return self.conditions.mismatch(ctx)


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    priority: int = 0
    conditions: Conditions = field(default_factory=Conditions)

    def step(self, step_id: str) -> Step | None:
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def index(self, step_id: str) -> int | None:
        for i, step in enumerate(self.steps):
            if step.id == step_id:
                return i
        return None
