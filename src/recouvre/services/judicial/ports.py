"""Ports of the judicial services: the judicial store, its unit of work, the paper renderer.

``recouvre.adapters.db.stores.judicial`` implements the store, ``uow.judicial`` of the one
unit of work (``recouvre.adapters.db.unit_of_work.SqlUnitOfWork``);
``recouvre.adapters.pdf.judicial`` implements the renderer; ``recouvre.bootstrap`` wires them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from recouvre.domain.legal_identity import LegalIdentity
from recouvre.letters.judicial.exhibits import ExhibitContent
from recouvre.letters.judicial.paper import Paper
from recouvre.services.judicial.records import (
    CollectiveRecord,
    EnforceableTitle,
    JudicialFacts,
    Procedure,
    ProcedureEvent,
)
from recouvre.services.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class ExhibitRecord:
    """One exhibit of a produced bundle: its number, what it is, its pages and digest."""

    number: int
    kind: str
    title: str
    pages: int
    sha256: str


@dataclass(frozen=True, slots=True)
class PendingAction:
    """An outbox action cancelled because the case left the amicable road."""

    id: int
    step_id: str
    previous_status: str


@dataclass(frozen=True, slots=True)
class SentRecord:
    """An outbox action sent for the case (reminder, formal notice), with its proof."""

    step_kind: str
    channel: str
    sent_on: date
    sha256: str | None
    tracking: str | None
    received_on: date | None
    action_id: int | None = None


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A call recorded by an agent: the dated note a court can read."""

    occurred_on: date
    outcome: str
    promised: Decimal | None
    promised_by: date | None
    reason: str | None
    actor: str


class SentCopies(Protocol):
    """The copies of what was sent, as sent (the letter's PDF from the print tray, the email
    as archived), looked up by the outbox action; ``None`` when none is kept."""

    def copy_of(self, action_id: int, channel: str) -> bytes | None: ...

    def acknowledgement_of(self, tracking_number: str) -> tuple[bytes, str] | None:
        """The scan of the letter's signed avis de réception and its SHA-256, if attached."""
        ...


class JudicialStore(Protocol):
    def facts_for(self, case_id: int) -> JudicialFacts: ...

    def save_facts(self, case_id: int, facts: JudicialFacts, now: str) -> None: ...

    def add_procedure(self, procedure: Procedure, now: str) -> Procedure: ...

    def procedure(self, procedure_id: int) -> Procedure | None: ...

    def procedures_for(self, case_id: int) -> list[Procedure]: ...

    def unclosed_procedures(self) -> list[Procedure]:
        """The procedures open or frozen (not closed), oldest first."""
        ...

    def freeze_procedure(self, procedure_id: int) -> None:
        """Mark the procedure frozen (collective proceedings, C. com. L622-21)."""
        ...

    def close_procedure(self, procedure_id: int, outcome: str, on: date) -> None: ...

    def add_event(self, event: ProcedureEvent, now: str) -> ProcedureEvent: ...

    def events_for(self, procedure_id: int) -> list[ProcedureEvent]: ...

    def replace_exhibits(
        self, procedure_id: int, records: Sequence[ExhibitRecord], now: str
    ) -> None: ...

    def exhibits_for(self, procedure_id: int) -> list[ExhibitRecord]: ...

    def add_title(self, title: EnforceableTitle, now: str) -> EnforceableTitle: ...

    def titles_for(self, case_id: int) -> list[EnforceableTitle]: ...

    def open_cases_of_siren(self, siren: str) -> list[int]: ...

    def add_collective(self, record: CollectiveRecord, now: str) -> bool: ...

    def collective_for(self, case_id: int) -> list[CollectiveRecord]: ...

    def sent_documents(self, case_id: int) -> list[SentRecord]: ...

    def call_records(self, case_id: int) -> list[CallRecord]: ...

    def stop_planning(self, case_id: int) -> None: ...

    def cancel_pending_actions(
        self, case_id: int, reason: str, now: str
    ) -> list[PendingAction]: ...


class LegalIdentityReader(Protocol):
    def get(self, creditor_id: int) -> LegalIdentity | None: ...


class JudicialUnitOfWork(UnitOfWork, Protocol):
    @property
    def judicial(self) -> JudicialStore: ...

    @property
    def legal_identities(self) -> LegalIdentityReader: ...


JudicialUnitOfWorkFactory = Callable[[], JudicialUnitOfWork]


@dataclass(frozen=True, slots=True)
class RenderedBundle:
    """The exhibits bundle PDF and, per exhibit, its pages and digest."""

    pdf: bytes
    exhibits: tuple[ExhibitRecord, ...]


class PaperRenderer(Protocol):
    def render_paper(self, paper: Paper) -> bytes:
        """The requête, request or declaration as a PDF."""
        ...

    def render_bundle(
        self, exhibits: Sequence[ExhibitContent], attachments: dict[int, Path], on: date
    ) -> RenderedBundle:
        """Every exhibit rendered (or read from ``attachments`` by number), numbered and
        stamped « Pièce n° N » on each page, merged in order."""
        ...
