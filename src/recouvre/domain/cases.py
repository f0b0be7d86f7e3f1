"""The case (dossier): the aggregate that collects one debtor's unpaid invoices for one creditor.

There is at most one open case per (creditor, debtor). Its ``phase`` and the debtor's
``attitude`` are closed enums (docs/glossary.md). Every change goes through a method that
guards the allowed transitions and records an event; nothing else mutates a case.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from recouvre.domain.errors import InvariantViolation
from recouvre.domain.events.cases import (
    AttitudeChanged,
    CaseClosed,
    CaseOpened,
    CaseReopened,
    Event,
    PhaseChanged,
)


class Phase(enum.StrEnum):
    """Where the case stands on the road from reminder to court."""

    AMICABLE = "amicable"  # phase amiable: reminders
    FORMAL_NOTICE = "formal_notice"  # mise en demeure sent
    PRE_LITIGATION = "pre_litigation"  # précontentieux: judicial route being prepared
    JUDICIAL = "judicial"  # a procedure is under way
    COLLECTIVE_PROCEEDINGS = "collective_proceedings"  # procédure collective opened
    CLOSED = "closed"


class Closure(enum.StrEnum):
    """Why a case was closed."""

    PAID = "paid"  # soldé par paiement
    SETTLED = "settled"  # transaction / accord
    WRITTEN_OFF = "written_off"  # passé en perte (irrécouvrable)
    TIME_BARRED = "time_barred"  # prescrit
    WITHDRAWN = "withdrawn"  # retiré par le créancier


class Attitude(enum.StrEnum):
    """What the debtor's behaviour says (chooses the scenario)."""

    UNKNOWN = "unknown"  # nothing known yet
    FORGETFUL = "forgetful"  # oubli
    IN_DIFFICULTY = "in_difficulty"  # en difficulté
    UNREACHABLE = "unreachable"  # injoignable
    DISPUTING = "disputing"  # conteste
    BAD_FAITH = "bad_faith"  # de mauvaise foi

    @property
    def label_fr(self) -> str:
        """The French word a person reads (``entrypoints.cli.labels.ATTITUDES``)."""
        return _ATTITUDE_LABELS[self]


_ATTITUDE_LABELS: dict[Attitude, str] = {
    Attitude.UNKNOWN: "non connue",
    Attitude.FORGETFUL: "oubli",
    Attitude.IN_DIFFICULTY: "en difficulté",
    Attitude.UNREACHABLE: "injoignable",
    Attitude.DISPUTING: "conteste",
    Attitude.BAD_FAITH: "mauvaise foi",
}

# Allowed forward moves; any open phase may also close, and COLLECTIVE_PROCEEDINGS may be
# entered from any open phase (the opening judgment overrides everything).
_TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.AMICABLE: frozenset({Phase.FORMAL_NOTICE, Phase.PRE_LITIGATION}),
    Phase.FORMAL_NOTICE: frozenset({Phase.AMICABLE, Phase.PRE_LITIGATION, Phase.JUDICIAL}),
    Phase.PRE_LITIGATION: frozenset({Phase.AMICABLE, Phase.JUDICIAL}),
    Phase.JUDICIAL: frozenset({Phase.PRE_LITIGATION}),
    Phase.COLLECTIVE_PROCEEDINGS: frozenset(),
    Phase.CLOSED: frozenset(),
}


@dataclass(slots=True)
class Case:
    id: int | None
    creditor_id: int
    debtor_id: int
    opened_on: date
    phase: Phase = Phase.AMICABLE
    attitude: Attitude = Attitude.UNKNOWN
    closure: Closure | None = None
    closed_on: date | None = None
    reference: str | None = None
    events: list[Event] = field(default_factory=list)

    @classmethod
    def open(cls, creditor_id: int, debtor_id: int, on: date, case_id: int | None = None) -> Case:
        case = cls(id=case_id, creditor_id=creditor_id, debtor_id=debtor_id, opened_on=on)
        case.events.append(CaseOpened(case_id, on, creditor_id=creditor_id, debtor_id=debtor_id))
        return case

    @property
    def is_open(self) -> bool:
        return self.phase is not Phase.CLOSED

    def move_to(self, phase: Phase, on: date, reason: str) -> None:
        """Change phase along an allowed transition, recording why."""
        if phase is Phase.CLOSED:
            raise InvariantViolation("utiliser close() pour clore un dossier")
        allowed = _TRANSITIONS[self.phase]
        if phase is Phase.COLLECTIVE_PROCEEDINGS and self.is_open:
            allowed = allowed | {Phase.COLLECTIVE_PROCEEDINGS}
        if phase not in allowed:
            raise InvariantViolation(
                f"dossier {self.id} : passage de la phase {self.phase} à {phase} interdit"
            )
        self.events.append(PhaseChanged(self.id, on, self.phase.value, phase.value, reason))
        self.phase = phase

    def close(self, closure: Closure, on: date, reason: str) -> None:
        if not self.is_open:
            raise InvariantViolation(f"dossier {self.id} déjà clos")
        self.events.append(CaseClosed(self.id, on, closure.value, reason))
        self.phase = Phase.CLOSED
        self.closure = closure
        self.closed_on = on

    def reopen(self, on: date, reason: str) -> None:
        """Open a case closed as paid again, in the amicable phase (its plan's history says
        which steps were already taken): the payment that settled it was taken back."""
        if self.is_open or self.closure is not Closure.PAID:
            raise InvariantViolation(f"dossier {self.id} : seul un dossier soldé se rouvre")
        self.events.append(CaseReopened(self.id, on, reason))
        self.phase = Phase.AMICABLE
        self.closure = None
        self.closed_on = None

    def set_attitude(self, attitude: Attitude, on: date, reason: str) -> None:
        if attitude is self.attitude:
            return
        self.events.append(
            AttitudeChanged(self.id, on, self.attitude.value, attitude.value, reason)
        )
        self.attitude = attitude

    def pull_events(self) -> list[Event]:
        """Hand the recorded events over (to the unit of work) and forget them."""
        events, self.events = self.events, []
        return events


# The largest id a database row can carry (a signed 64-bit integer on SQLite and PostgreSQL).
MAX_CASE_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class CaseKey:
    """How a person names a case: its id (ASCII digits) or its reference (``D-2026-000123``).

    ``id`` is ``None`` for a reference; an id no row can carry (beyond ``MAX_CASE_ID``, or 0)
    names no case, so ``matches_nothing`` is true and the lookup answers « introuvable » without
    asking the database (which would overflow)."""

    id: int | None
    reference: str

    @classmethod
    def parse(cls, text: str) -> CaseKey:
        key = text.strip()
        if key.isascii() and key.isdigit():
            number = int(key)
            return cls(number if 0 < number <= MAX_CASE_ID else None, key)
        return cls(None, key.upper())

    @property
    def matches_nothing(self) -> bool:
        return self.id is None and self.reference.isdigit()
