"""Everything the judicial phase reads about one case, gathered in one unit of work.

Why: the route, the papers (CPC 1407) and the deadlines need the same facts:
the parties, the invoices and payments, the statement of the claim on a date (the law
engine's ``statement``: L441-10 penalties between professionals, legal interest from the
formal notice otherwise; interest and the 40 € stop at the opening of collective
proceedings, L622-28, L441-10 II), the prescription end (C. civ. 2224, L110-4, C. conso
L218-2, with the interruptions recorded: payments, service of an order, legal actions,
conservatory measures, claim declaration) and where the debtor lives (holidays, CPC 643).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Creditor, Debtor, DebtorKind
from recouvre.domain.payments import Payment
from recouvre.domain.rate_policy import MissingRatePolicy
from recouvre.law.calendar import DEFAULT_DEPARTEMENT, HolidayCalendar
from recouvre.law.deadlines.cpc import METROPOLITAN, Residence
from recouvre.law.parameters import LegalTables
from recouvre.law.prescription.computation import (
    PrescriptionLaw,
    PrescriptionResult,
    compute_prescription,
)
from recouvre.law.prescription.events import ClaimKind, EventKind, PrescriptionEvent
from recouvre.law.routes.rules import (
    ClaimAmounts,
    ClaimNature,
    CollectiveProceedings,
    JudicialContext,
)
from recouvre.law.statement.computation import (
    ClaimFacts,
    ClaimInvoice,
    CreditorKind,
    FormalNotice,
    Statement,
    StatementOptions,
    statement,
)
from recouvre.services.daily_run.prescription import procedure_event
from recouvre.services.errors import ServiceError
from recouvre.services.judicial.collective_stay import collective_kind_of
from recouvre.services.judicial.ports import JudicialUnitOfWork
from recouvre.services.judicial.records import (
    CollectiveRecord,
    EnforceableTitle,
    JudicialFacts,
    Procedure,
    ProcedureEvent,
)

# Beyond this horizon a prescription stopped by pending proceedings is shown as « not soon ».
STOPPED_HORIZON = timedelta(days=3650)


class CaseNotFound(ServiceError):
    def __init__(self, key: str) -> None:
        super().__init__(f"dossier introuvable : « {key} » (numéro ou référence D-AAAA-NNNNNN)")


@dataclass(frozen=True, slots=True)
class CaseFile:
    case: Case
    creditor: Creditor
    debtor: Debtor
    invoices: tuple[Invoice, ...]
    payments: tuple[Payment, ...]
    facts: JudicialFacts
    collective: tuple[CollectiveRecord, ...]
    titles: tuple[EnforceableTitle, ...]
    procedures: tuple[tuple[Procedure, tuple[ProcedureEvent, ...]], ...]

    @property
    def case_id(self) -> int:
        assert self.case.id is not None
        return self.case.id

    @property
    def reference(self) -> str:
        return self.case.reference or str(self.case.id)

    @property
    def residence(self) -> Residence:
        return residence_of(self.debtor)

    @property
    def calendar(self) -> HolidayCalendar:
        departement = self.debtor.address.departement
        return HolidayCalendar.for_departement(departement or DEFAULT_DEPARTEMENT)

    @property
    def opening(self) -> CollectiveRecord | None:
        """The first opening (or liquidation) judgment matched, if any."""
        return self.collective[0] if self.collective else None

    @property
    def open_invoices(self) -> tuple[Invoice, ...]:
        return tuple(i for i in self.invoices if i.outstanding > 0)


def residence_of(debtor: Debtor) -> Residence:
    address = debtor.address
    if address.is_abroad:
        return Residence.abroad(address.country)
    if address.departement:
        return Residence.from_departement(address.departement)
    return METROPOLITAN


def find_case(uow: JudicialUnitOfWork, key: str) -> Case:
    case = uow.cases.by_key(key)
    if case is None:
        raise CaseNotFound(key)
    return case


def load_case_file(uow: JudicialUnitOfWork, case: Case) -> CaseFile:
    assert case.id is not None
    creditor = uow.creditors.get(case.creditor_id)
    debtor = uow.debtors.get(case.debtor_id)
    assert creditor is not None and debtor is not None
    store = uow.judicial
    procedures = tuple(
        (p, tuple(store.events_for(p.id))) for p in store.procedures_for(case.id) if p.id
    )
    return CaseFile(
        case=case,
        creditor=creditor,
        debtor=debtor,
        invoices=tuple(uow.invoices.for_case(case.id)),
        payments=tuple(uow.payments.for_case(case.id)),
        facts=store.facts_for(case.id),
        collective=tuple(store.collective_for(case.id)),
        titles=tuple(store.titles_for(case.id)),
        procedures=procedures,
    )


def claim_facts(file: CaseFile, *, collective_stop: bool = True) -> ClaimFacts:
    f = file.facts
    notice = (
        FormalNotice(f.formal_notice_sent_on, f.formal_notice_received_on)
        if f.formal_notice_sent_on or f.formal_notice_received_on
        else None
    )
    opening = file.opening
    stop = None
    if collective_stop and opening is not None:
        stop = opening.judgment_on or opening.published_on
    return ClaimFacts(
        creditor=CreditorKind.COMPANY,
        debtor=file.debtor.kind,
        formal_notice=notice,
        collective_opened_on=stop,
    )


def case_statement(
    file: CaseFile,
    on: date,
    tables: LegalTables,
    missing: MissingRatePolicy = MissingRatePolicy.REVIEW,
) -> Statement:
    """The statement of the case's invoices on ``on`` (collective proceedings applied). A court
    paper states a precise amount (CPC 1407): it keeps ``REVIEW`` and is refused while a rate
    is not published; the advice and ``case show`` follow the creditor's choice."""
    lines = [ClaimInvoice(i) for i in file.invoices if i.outstanding > 0]
    options = StatementOptions(missing_rate=missing)
    return statement(lines, file.payments, claim_facts(file), on, tables, options)


def claim_kind(file: CaseFile) -> ClaimKind:
    if file.debtor.kind is DebtorKind.CONSUMER:
        return ClaimKind.CONSUMER
    if file.facts.nature is ClaimNature.COMMERCIAL:
        return ClaimKind.COMMERCIAL
    return ClaimKind.CIVIL


def title_executable_on(title: EnforceableTitle) -> date:
    """The day a title recorded outside a procedure can be executed, from which its ten years
    run (CPCE L111-4; Cass. 2e civ., 5 Oct. 2023, n° 20-23.523): its service (CPC 503), else
    its date (the earlier day: never a later end than the law's)."""
    return title.served_on or title.pronounced_on


def _prescription_events(file: CaseFile) -> list[PrescriptionEvent]:
    events = [PrescriptionEvent(EventKind.PARTIAL_PAYMENT, p.received_on) for p in file.payments]
    events += [
        PrescriptionEvent(EventKind.ENFORCEABLE_TITLE, title_executable_on(t))
        for t in file.titles
        if t.procedure_id is None  # a procedure's title is its ``executoire`` event
    ]
    for procedure, procedure_events in file.procedures:
        for e in procedure_events:
            event = procedure_event(procedure.route, e.kind, e.on)
            if event is not None:
                events.append(event)
    return events


def prescription_of(file: CaseFile, on: date, tables: LegalTables) -> PrescriptionResult | None:
    """The prescription of the oldest open invoice (``None`` without one)."""
    invoices = file.open_invoices
    if not invoices:
        return None
    kind = claim_kind(file)
    oldest = min(invoices, key=lambda i: i.due_date)
    start = kind.invoice_start(oldest.due_date, oldest.completed_on)
    law = PrescriptionLaw.from_tables(kind, start, tables)
    return compute_prescription(
        kind, start, _prescription_events(file), law=law, on=on, calendar=file.calendar
    )


def judicial_context(
    file: CaseFile, on: date, tables: LegalTables
) -> tuple[JudicialContext, Statement, PrescriptionResult | None]:
    """The route recommendation's input, with the statement and prescription it came from
    (under the creditor's « dernier taux publié », a provisional statement: « montant à
    parfaire »)."""
    current = case_statement(file, on, tables, file.creditor.missing_rate)
    totals = current.totals
    amounts = ClaimAmounts(
        principal=max(totals.principal_outstanding, Decimal("0.00")),
        interest=max(totals.interest_outstanding, Decimal("0.00")),
        indemnity=max(totals.indemnity_outstanding, Decimal("0.00")),
        costs=max(totals.costs_outstanding, Decimal("0.00")),
    )
    prescription = prescription_of(file, on, tables)
    end = on + STOPPED_HORIZON
    if prescription is not None and prescription.legal_end is not None:
        end = prescription.legal_end
    collective = None
    if file.collective:
        latest = file.collective[-1]
        collective = CollectiveProceedings(
            collective_kind_of(latest), file.collective[0].published_on
        )
    f = file.facts
    context = JudicialContext(
        on=on,
        amounts=amounts,
        debtor_kind=file.debtor.kind,
        nature=f.nature,
        residence=file.residence,
        prescription_end=end,
        dispute=f.dispute,
        evidence=f.evidence,
        enforceable_title=bool(file.titles),
        assets_at_risk=f.assets_at_risk,
        debtor_cooperation_likely=f.cooperation_likely,
        small_claims_failed=f.small_claims_failed,
        collective=collective,
    )
    return context, current, prescription


def letter_statement(
    file: CaseFile, on: date, tables: LegalTables, left_out: frozenset[str]
) -> Statement:
    """The statement a letter claims on ``on``: the case's open invoices but ``left_out`` (the
    time-barred ones, those not yet due). When a rate of the period is not in the tables:
    ``MissingLegalData`` (the action waits in review), or under the creditor's « dernier taux
    publié » a provisional statement (``Statement.provisional_rate_on``): never a silent zero."""
    lines = [
        ClaimInvoice(i) for i in file.invoices if i.outstanding > 0 and i.number not in left_out
    ]
    options = StatementOptions(missing_rate=file.creditor.missing_rate)
    return statement(lines, file.payments, claim_facts(file), on, tables, options)
