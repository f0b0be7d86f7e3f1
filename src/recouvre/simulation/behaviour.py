"""The debtor-behaviour model of ``recouvre simulate``: how a debtor answers, day by day.

A pure function of its inputs and a seeded ``random.Random`` (no global state, no clock): given
the case as it stands on a day and the contacts the debtor received, ``react`` returns what the
debtor does that day: pays in full, pays part, promises to pay, disputes, or nothing.

The baseline is **fitted** on IBM's late-payment histories (``scripts/fit_behaviour_params.py``,
numbers in ``adapters/sample/behaviour.toml``): the daily hazard of payment of an invoice still
unpaid ``d`` days after its due date, per week of lateness, for undisputed and disputed
invoices. Everything about contacts is **assumed** and layered on it (docs/simulation.md):

* a contact multiplies the hazard by its kind's lift on the day it is received, the extra lift
  halving every ``half_life_days`` (the strongest recent contact counts, lifts do not stack);
* past the fitted horizon the hazard is a flat assumed tail;
* a payment is a part payment with an assumed share, for an assumed fraction of the balance;
* on the day of a contact, a debtor who does not pay may promise (kept or not, decided at once
  so the simulator can replay it) or dispute (at most once per case).

Worked example: an undisputed case 3 days late (hazard 0.1162) that received a formal notice
(lift 3.0) 5 days ago has a lift of 1 + (3 - 1) * 0.5 = 2.0, so pays that day with
probability 0.2324.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from recouvre.scenarios.model import StepKind


class Response(enum.StrEnum):
    NOTHING = "nothing"
    PAYS_IN_FULL = "pays_in_full"
    PAYS_PART = "pays_part"
    PROMISES = "promises"
    DISPUTES = "disputes"


@dataclass(frozen=True, slots=True)
class Baseline:
    """Fitted daily hazards of payment by week of lateness, up to ``horizon_days``."""

    share_on_time: float
    horizon_days: int
    band_days: int
    hazards: tuple[float, ...]
    share_paid_within_horizon: float
    tail_hazard: float  # assumed, past the horizon

    def hazard(self, days_late: int) -> float:
        if days_late < 1:
            return 0.0  # not yet due: nothing to collect
        if days_late > self.horizon_days:
            return self.tail_hazard
        return self.hazards[min((days_late - 1) // self.band_days, len(self.hazards) - 1)]


@dataclass(frozen=True, slots=True)
class BehaviourParams:
    source_sha256: str
    undisputed: Baseline
    disputed: Baseline
    lifts: Mapping[StepKind, float]
    half_life_days: float
    max_daily_probability: float
    partial_share: float
    partial_min: float
    partial_max: float
    promise_by_kind: Mapping[StepKind, float]
    promise_other: float
    promise_min_days: int
    promise_max_days: int
    promise_kept_share: float
    dispute_by_kind: Mapping[StepKind, float]
    dispute_other: float
    dispute_review_days: int
    dispute_upheld_share: float


def _baseline(fitted: Mapping[str, Any], tail: float) -> Baseline:
    return Baseline(
        share_on_time=float(fitted["share_on_time"]),
        horizon_days=int(fitted["horizon_days"]),
        band_days=int(fitted["band_days"]),
        hazards=tuple(float(h) for h in fitted["hazards"]),
        share_paid_within_horizon=float(fitted["share_paid_within_horizon"]),
        tail_hazard=tail,
    )


def _by_kind(table: Mapping[str, Any]) -> dict[StepKind, float]:
    return {kind: float(table[kind.value]) for kind in StepKind if kind.value in table}


def parse_behaviour(data: Mapping[str, Any]) -> BehaviourParams:
    """Typed parameters from the parsed ``behaviour.toml`` (a missing key raises ``KeyError``)."""
    fitted, assumed = data["fitted"], data["assumed"]
    tail, lift = assumed["tail"], assumed["contact_lift"]
    part, promise, dispute = assumed["partial_payment"], assumed["promise"], assumed["dispute"]
    return BehaviourParams(
        source_sha256=str(data["source"]["sha256"]),
        undisputed=_baseline(fitted["undisputed"], float(tail["hazard_undisputed"])),
        disputed=_baseline(fitted["disputed"], float(tail["hazard_disputed"])),
        lifts={kind: float(lift[kind.value]) for kind in StepKind},
        half_life_days=float(lift["half_life_days"]),
        max_daily_probability=float(lift["max_daily_probability"]),
        partial_share=float(part["share"]),
        partial_min=float(part["min_fraction"]),
        partial_max=float(part["max_fraction"]),
        promise_by_kind=_by_kind(promise),
        promise_other=float(promise["other_contact"]),
        promise_min_days=int(promise["min_delay_days"]),
        promise_max_days=int(promise["max_delay_days"]),
        promise_kept_share=float(promise["kept_share"]),
        dispute_by_kind=_by_kind(dispute),
        dispute_other=float(dispute["other_contact"]),
        dispute_review_days=int(dispute["review_days"]),
        dispute_upheld_share=float(dispute["upheld_share"]),
    )


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact the debtor received: its day and the step kind (a call, a formal notice...)."""

    on: date
    kind: StepKind


@dataclass(frozen=True, slots=True)
class DebtorDay:
    """The case as the debtor sees it on ``on``."""

    on: date
    oldest_due: date  # due date of the oldest unpaid invoice
    disputed_before: bool  # a dispute was raised (and resolved): the disputed baseline applies
    can_dispute: bool  # no dispute raised yet in this case
    can_promise: bool  # no promise running


@dataclass(frozen=True, slots=True)
class Reaction:
    response: Response
    fraction: float = 1.0  # of the balance, for a part payment
    promised_on: date | None = None
    promise_kept: bool = False  # decided when the promise is made


NOTHING = Reaction(Response.NOTHING)


def lift(params: BehaviourParams, on: date, contacts: Sequence[Contact]) -> float:
    """The strongest recent contact's lift on ``on``, its excess halving every half-life."""
    best = 1.0
    for contact in contacts:
        age = (on - contact.on).days
        if age < 0:
            continue
        excess = params.lifts[contact.kind] - 1.0
        best = max(best, 1.0 + excess * 0.5 ** (age / params.half_life_days))
    return best


def payment_probability(
    params: BehaviourParams, day: DebtorDay, contacts: Sequence[Contact]
) -> float:
    baseline = params.disputed if day.disputed_before else params.undisputed
    hazard = baseline.hazard((day.on - day.oldest_due).days)
    return min(params.max_daily_probability, hazard * lift(params, day.on, contacts))


def react(
    params: BehaviourParams,
    day: DebtorDay,
    contacts: Sequence[Contact],
    rng: random.Random,
) -> Reaction:
    """What the debtor does on ``day.on``. ``contacts`` are those received so far (any order);
    the ones received that very day may also draw a promise or a dispute."""
    if rng.random() < payment_probability(params, day, contacts):
        if rng.random() < params.partial_share:
            return Reaction(Response.PAYS_PART, rng.uniform(params.partial_min, params.partial_max))
        return Reaction(Response.PAYS_IN_FULL)
    for contact in (c for c in contacts if c.on == day.on):
        if day.can_dispute:
            chance = params.dispute_by_kind.get(contact.kind, params.dispute_other)
            if rng.random() < chance:
                return Reaction(Response.DISPUTES)
        if day.can_promise:
            chance = params.promise_by_kind.get(contact.kind, params.promise_other)
            if rng.random() < chance:
                delay = rng.randint(params.promise_min_days, params.promise_max_days)
                kept = rng.random() < params.promise_kept_share
                return Reaction(Response.PROMISES, 1.0, day.on + timedelta(days=delay), kept)
    return NOTHING


def day_rng(seed: int, case_id: int, on: date) -> random.Random:
    """The random stream of one case on one day: the same whatever order cases are visited in."""
    return random.Random(f"{seed}:{case_id}:{on.isoformat()}")
