"""What a prescription computation gives: the legal end, the practical deadline, the alerts
and the French explanation (``recouvre.law.prescription.computation`` computes it)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from recouvre.law.deadlines.cpc import Period, Step, TimeUnit
from recouvre.law.parameters import LegalRow
from recouvre.law.prescription.events import ClaimKind

DEFAULT_ALERTS: tuple[Period, ...] = (
    Period(6, TimeUnit.MONTHS),
    Period(3, TimeUnit.MONTHS),
    Period(1, TimeUnit.MONTHS),
)


class PrescriptionStatus(enum.Enum):
    RUNNING = "en-cours"
    STOPPED = "interrompue-ou-suspendue"
    ACQUIRED = "acquise"


@dataclass(frozen=True, slots=True)
class Alert:
    """An alert date before the practical deadline; ``due`` when it is reached on ``on``."""

    before: Period
    on: date
    due: bool


@dataclass(frozen=True, slots=True)
class PrescriptionResult:
    """The legal end (``None`` while proceedings or a suspension with no known end run), the
    practical deadline, the alerts and, in ``steps``, the French explanation."""

    kind: ClaimKind
    start: date
    on: date
    period: Period
    legal_end: date | None
    practical_deadline: date | None
    status: PrescriptionStatus
    alerts: tuple[Alert, ...]
    steps: tuple[Step, ...]
    rows: tuple[LegalRow, ...]

    @property
    def explanation(self) -> tuple[str, ...]:
        return tuple(step.text for step in self.steps)

    @property
    def alerts_due(self) -> tuple[Alert, ...]:
        return tuple(alert for alert in self.alerts if alert.due)
