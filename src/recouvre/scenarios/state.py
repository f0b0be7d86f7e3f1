"""The state of a case's plan: running, paused by a promise, frozen, under a payment plan...

Kept on the case (storage) and changed only by ``lifecycle.react`` and ``switching.switch``.
``paused_until`` serves both the promise to pay (promised date + grace) and the payment plan
(next unpaid instalment + grace): past that date without news, the promise is broken or the
instalment missed, and collection resumes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from recouvre.domain.events.collection import Instalment
from recouvre.domain.money import ZERO


class PlanStatus(enum.StrEnum):
    ACTIVE = "active"  # the scenario runs
    PAUSED = "paused"  # promise to pay: wait until paused_until
    PAYMENT_PLAN = "payment_plan"  # instalment schedule replaces the scenario
    FROZEN = "frozen"  # dispute: nothing until a person resolves it
    STOPPED = "stopped"  # collective proceedings: nothing, ever
    CLOSED = "closed"  # case closed


@dataclass(frozen=True, slots=True)
class PlanState:
    scenario_id: str
    status: PlanStatus = PlanStatus.ACTIVE
    active_since: date | None = None  # no step is due before this date (switch, resume)
    paused_until: date | None = None
    promised_on: date | None = None
    promise_amount: Decimal = ZERO
    paid_since_promise: Decimal = ZERO
    instalments: tuple[Instalment, ...] = ()
    paid_on_plan: Decimal = ZERO
    broken_promises: int = 0

    def next_open_instalment(self) -> Instalment | None:
        """The first instalment not covered by what was paid under the plan."""
        covered = self.paid_on_plan
        for instalment in self.instalments:
            if covered >= instalment.amount:
                covered -= instalment.amount
                continue
            return instalment
        return None
