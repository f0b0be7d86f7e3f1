"""Collective proceedings: match BODACC announcements to debtors, freeze the cases, prepare
the claim declaration.

Why: from the opening judgment individual actions stop (C. com. L622-21),
interest stops (L622-28) and pre-opening claims may not be paid (L622-7), so the 40 €
indemnity is not claimable for invoices falling due after it (L441-10 II). The creditor must
declare its claim to the mandataire within 2 months of the BODACC publication (4 months for a
creditor outside metropolitan France, R622-24), or ask for relief from foreclosure within
6 months (L622-26). A liquidation ends any hope of amicable collection.

For each announcement of an opening (safeguard, receivership, liquidation) whose SIREN is a
debtor's, every open case of that debtor: moves to ``COLLECTIVE_PROCEEDINGS`` (journaled),
has its pending amicable actions cancelled with the reason, gets the match stored with its
declaration and relief deadlines, and a claim-declaration procedure opened (its paper is
written by ``judicial papers``, with the statement computed at the opening date). A
liquidation also removes the case's next planned date for good (and the phase has no way
back). Importing the same file twice changes nothing. Cancellation notices (« annulation »)
are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from recouvre.domain.cases import Case, Phase
from recouvre.domain.events.collection import CollectiveProceedingsOpened, ProceedingsPublication
from recouvre.domain.events.judicial import AmicableScenarioClosed
from recouvre.law.deadlines.collective import CollectiveDeadlines, collective_deadlines
from recouvre.law.deadlines.cpc import METROPOLITAN, Residence
from recouvre.law.parameters import LegalTables
from recouvre.law.routes.rules import CollectiveKind, Route, court_for
from recouvre.services.judicial.case_file import case_statement, load_case_file, residence_of
from recouvre.services.judicial.collective_stay import freeze_case
from recouvre.services.judicial.ports import JudicialUnitOfWork, JudicialUnitOfWorkFactory
from recouvre.services.judicial.procedures import journal_cancellations
from recouvre.services.judicial.records import CollectiveRecord, Procedure, ProcedureStatus
from recouvre.services.ports import Clock

_ROLE = re.compile(
    r"\b(?:mandataire judiciaire|liquidateur(?: judiciaire)?|administrateur judiciaire|"
    r"mandataire)\s*:?\s*",
    re.IGNORECASE,
)
_PERSON = re.compile(r"\ben la personne de\s+", re.IGNORECASE)
# A name ends at a comma, a semicolon, a dash between spaces, a sentence's end or the number
# that starts the office's address (« … Maître Martin 5 rue Crillon 69006 Lyon »).
_NAME_END = re.compile(
    r"\s*(?:[,;(]|\s-\s|\.(?:\s|$)|\s\d|\s(?:prise\s)?en la personne de\b|$)", re.IGNORECASE
)


def _name_at(text: str) -> str:
    end = _NAME_END.search(text)
    name = " ".join(text[: end.start() if end else len(text)].split())
    name = re.sub(r"^Me\b\.?", "Maître", name)
    return name if name[:1].isupper() else ""


def mandatary_of(complement: str) -> str:
    """The mandataire (or liquidateur, administrateur) the judgment designates, as BODACC
    writes it: « Maître X », « SELARL Y, en la personne de Maître Z »; "" when the complement
    names none (C. com. L622-24: the claim is declared to that mandataire)."""
    role = _ROLE.search(complement)
    if role is None:
        return ""
    rest = complement[role.end() :]
    first = _name_at(rest)
    if not first:
        return ""
    sentence = rest.split(". ", 1)[0]
    person = _PERSON.search(sentence)
    if person is not None and not first.startswith("Maître"):
        named = _name_at(sentence[person.end() :])
        if named:
            return f"{first}, en la personne de {named}"
    return first


class JudgmentKindLike(Protocol):
    @property
    def value(self) -> str: ...

    @property
    def collective_kind(self) -> CollectiveKind | None: ...


class Announcement(Protocol):
    """What the service reads of an announcement (``adapters.importers.bodacc`` gives it)."""

    @property
    def announcement_id(self) -> str: ...

    @property
    def sirens(self) -> tuple[str, ...]: ...

    @property
    def kind(self) -> JudgmentKindLike: ...

    @property
    def judgment_date(self) -> date | None: ...

    @property
    def publication_date(self) -> date: ...

    @property
    def tribunal(self) -> str: ...

    @property
    def complement(self) -> str: ...

    @property
    def notice_type(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Match:
    reference: str
    case_id: int
    announcement_id: str
    proceedings: CollectiveKind
    published_on: date
    declaration_due_on: date
    relief_due_on: date
    cancelled_actions: int
    procedure_id: int | None
    liquidation: bool


@dataclass
class CollectiveImport:
    read: int = 0
    openings: int = 0
    matches: list[Match] = field(default_factory=list)
    already_known: int = 0
    skipped: int = 0


class CollectiveProceedingsService:
    def __init__(
        self,
        uow: JudicialUnitOfWorkFactory,
        tables: LegalTables,
        clock: Clock,
        creditor_residence: Residence = METROPOLITAN,
    ) -> None:
        self.uow = uow
        self.tables = tables
        self.clock = clock
        self.creditor_residence = creditor_residence

    def _now(self) -> str:
        return self.clock.now().isoformat().replace("+00:00", "Z")

    def apply(self, announcements: Sequence[Announcement]) -> CollectiveImport:
        """Match and apply every announcement, in one transaction."""
        report = CollectiveImport(read=len(announcements))
        with self.uow() as uow:
            for announcement in sorted(announcements, key=lambda a: a.publication_date):
                proceedings = announcement.kind.collective_kind
                if proceedings is None or announcement.notice_type.casefold().startswith("annul"):
                    report.skipped += 1
                    continue
                report.openings += 1
                for siren in announcement.sirens:
                    for case_id in uow.judicial.open_cases_of_siren(siren):
                        match = self._apply_one(uow, case_id, siren, announcement, proceedings)
                        if match is None:
                            report.already_known += 1
                        else:
                            report.matches.append(match)
            uow.commit()
        return report

    def _apply_one(
        self,
        work: JudicialUnitOfWork,
        case_id: int,
        siren: str,
        announcement: Announcement,
        proceedings: CollectiveKind,
    ) -> Match | None:
        """Store the match and freeze the case (``None``: this match was already known)."""
        on = announcement.publication_date
        case = work.cases.get(case_id)
        assert case is not None and case.id is not None
        debtor = work.debtors.get(case.debtor_id)
        assert debtor is not None
        deadlines = collective_deadlines(
            on,
            tables=self.tables,
            debtor_seat=residence_of(debtor),
            creditor_residence=self.creditor_residence,
        )
        record = CollectiveRecord(
            None,
            case_id,
            siren,
            announcement.announcement_id,
            announcement.kind.value,
            announcement.judgment_date,
            on,
            announcement.tribunal,
            mandatary_of(announcement.complement),
            deadlines.declaration.end,
            deadlines.relief.end,
        )
        if not work.judicial.add_collective(record, self._now()):
            return None
        cancelled = self._freeze(work, case, announcement, proceedings, deadlines)
        freeze_case(work, case_id, work.judicial.collective_for(case_id)[0], on)
        liquidation = proceedings is CollectiveKind.LIQUIDATION
        if liquidation:
            work.judicial.stop_planning(case_id)
            closed = "liquidation judiciaire : recouvrement amiable définitivement clos"
            work.journal.record(AmicableScenarioClosed(case_id, on, closed))
        return Match(
            case.reference or str(case_id),
            case_id,
            announcement.announcement_id,
            proceedings,
            on,
            deadlines.declaration.end,
            deadlines.relief.end,
            cancelled,
            self._open_declaration(work, case, announcement),
            liquidation,
        )

    def _freeze(
        self,
        work: JudicialUnitOfWork,
        case: Case,
        announcement: Announcement,
        proceedings: CollectiveKind,
        deadlines: CollectiveDeadlines,
    ) -> int:
        """Stop individual actions (C. com. L622-21): move the case to the collective phase,
        cancel its pending actions, journal the opening; the number of actions cancelled."""
        assert case.id is not None
        on = announcement.publication_date
        opened = announcement.judgment_date or on
        reason = (
            f"{proceedings.label_fr} ouverte par jugement du {opened.isoformat()} "
            f"(BODACC du {on.isoformat()}, annonce {announcement.announcement_id}) : arrêt des "
            "poursuites individuelles (C. com. L622-21)"
        )
        if case.phase is not Phase.COLLECTIVE_PROCEEDINGS:
            case.move_to(Phase.COLLECTIVE_PROCEEDINGS, on, reason)
        cancelled = work.judicial.cancel_pending_actions(case.id, reason, self._now())
        journal_cancellations(work, case.id, on, cancelled, reason)
        publication = ProceedingsPublication(
            on,
            announcement.announcement_id,
            announcement.tribunal,
            deadlines.declaration.end,
            deadlines.relief.end,
            tuple(a.id for a in cancelled),
        )
        work.journal.record(
            CollectiveProceedingsOpened(case.id, on, proceedings.value, opened, publication)
        )
        return len(cancelled)

    def _open_declaration(
        self, work: JudicialUnitOfWork, case: Case, announcement: Announcement
    ) -> int | None:
        """Open the claim-declaration procedure, claiming the statement on the publication
        date; ``None`` when one is already open."""
        file = load_case_file(work, case)
        if any(
            p.route is Route.CLAIM_DECLARATION and p.status is ProcedureStatus.OPEN
            for p, _ in file.procedures
        ):
            return None
        on = announcement.publication_date
        court = court_for(
            Route.CLAIM_DECLARATION, file.facts.nature, file.debtor.kind, file.residence
        )
        claimed = case_statement(file, on, self.tables).totals.total_due
        procedure = work.judicial.add_procedure(
            Procedure(
                None,
                file.case_id,
                Route.CLAIM_DECLARATION,
                court.kind.value,
                mandatary_of(announcement.complement) or court.label_fr,
                ProcedureStatus.OPEN,
                on,
                claimed,
            ),
            self._now(),
        )
        return procedure.id
