"""``recouvre import statuses``: the platforms' lifecycle statuses applied to collection.

Why: from 2026 the buyer's answer to an invoice travels back through the e-invoicing platforms
(``domain.einvoicing``). A buyer who disputes (207) or asks for information (208) must not be
pressed (C. conso L121-6, C. pén. 222-16); an invoice refused (210) or rejected (213) is not
owed as sent; a buyer who says it paid (211) deserves a few days before the next reminder; an
invoice the seller's platform says cashed (212) is settled.

Each status drives the case events every other source drives (``services.cases.case_events``),
so the plan, the pending actions and the journal change as they would for the same fact said
by a person:

* 207 opens a dispute (``DisputeOpened``: the case freezes, pending steps withdrawn);
* 206 lowers the invoice to the approved amount (``InvoiceAmountChanged``) and opens a dispute
  on the rest;
* 208 freezes the plan; 209 resumes it (a 207 through ``DisputeResolved``, a 208 by
  resuming the plan), unless another invoice of the case is still disputed or suspended;
* 211 withdraws the pending steps and holds every step until the status date plus
  ``hold_days``;
* 210 and 213 take the invoice out of collection (``cancelled``): the pending steps are
  withdrawn to be planned again without it, or the case is closed (withdrawn) when nothing is
  left;
* 212 records a payment of what is left on the invoice (imputed to it, C. civ. 1342-10), which
  closes the case when nothing else is owed;
* 200 to 205 are only recorded.

Every status is journaled (``InvoiceStatusReceived``) with what it did, the case events it
caused naming it as their reason. One transaction per file: a status naming an unknown invoice
refuses the whole file and writes nothing; the same file imported again applies nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from recouvre.domain.cases import Case, Closure
from recouvre.domain.claims import InvoiceStatus
from recouvre.domain.einvoicing import (
    DEFAULT_PAYMENT_SENT_HOLD_DAYS,
    HOLDING_CODES,
    LifecycleStatus,
    StatusEffect,
)
from recouvre.domain.events.cases import InvoiceAmountChanged
from recouvre.domain.events.collection import DisputeOutcome, InvoiceStatusReceived
from recouvre.domain.journal import format_timestamp
from recouvre.scenarios.lifecycle import PendingFate, Reaction
from recouvre.scenarios.state import PlanState, PlanStatus
from recouvre.services.cases.case_events import CaseEvents
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.einvoicing.ports import StatusInvoice, StatusUnitOfWork
from recouvre.services.errors import StatusImportError
from recouvre.services.ports import Clock

Change = Callable[[PlanUnitOfWork, Case, PlanState], Reaction]
_RUNNING = frozenset({PlanStatus.ACTIVE, PlanStatus.PAUSED, PlanStatus.PAYMENT_PLAN})


@dataclass(frozen=True, slots=True)
class StatusOutcome:
    invoice: str
    code: int
    label: str
    case: str | None
    effect: str

    def as_json(self) -> dict[str, object]:
        return {"invoice": self.invoice, "code": self.code, "label": self.label,
                "case": self.case, "effect": self.effect}  # fmt: skip


@dataclass(slots=True)
class StatusImportReport:
    file: str
    statuses: int = 0
    already_known: int = 0
    outcomes: list[StatusOutcome] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "statuses": self.statuses,
                "already_known": self.already_known,
                "applied": [o.as_json() for o in self.outcomes]}  # fmt: skip


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",") + " €"


def _source(status: LifecycleStatus) -> str:
    return (f"statut {status.code} « {status.label} » du {status.on:%d/%m/%Y} "
            f"({status.source})")  # fmt: skip


def _said(status: LifecycleStatus) -> str:
    return _source(status) + (f" : {status.reason}" if status.reason else "")


class StatusImport:
    """The lifecycle statuses of one file, applied in one transaction."""

    def __init__(
        self,
        uow_factory: Callable[[], StatusUnitOfWork],
        events: CaseEvents,
        clock: Clock,
        hold_days: int = DEFAULT_PAYMENT_SENT_HOLD_DAYS,
    ) -> None:
        if hold_days < 0:
            raise StatusImportError("délai d'attente après « Paiement transmis » négatif")
        self.uow_factory = uow_factory
        self.events = events
        self.clock = clock
        self.hold_days = hold_days

    def run(self, name: str, statuses: Sequence[LifecycleStatus]) -> StatusImportReport:
        report = StatusImportReport(name, len(statuses))
        ordered = sorted(statuses, key=lambda s: s.on)  # stable: the file's order within a day
        with self.uow_factory() as uow:
            targets = _resolve(uow, name, ordered)
            store = uow.invoice_statuses
            known = store.known_keys([s.key for s in ordered])
            events = self.events.within(uow)
            stamp = format_timestamp(self.clock.now())
            for status in ordered:
                if status.key in known:
                    report.already_known += 1
                    continue
                known.add(status.key)
                target = targets[status.key]
                (fresh,) = [i for i in store.invoices([target.number])
                            if i.invoice_id == target.invoice_id]  # fmt: skip
                effect = self._apply(uow, events, status, fresh)
                store.add(status, fresh.invoice_id, fresh.case_id, stamp)
                uow.journal.record(InvoiceStatusReceived(
                    fresh.case_id, status.on, status.invoice_number, status.code, status.label,
                    status.on, f"{status.source}, {status.where}", status.reason,
                    status.approved, status.disputed, effect,
                ))  # fmt: skip
                report.outcomes.append(StatusOutcome(
                    status.invoice_number, status.code, status.label, fresh.case_reference,
                    effect,
                ))  # fmt: skip
            uow.commit()
        return report

    def _apply(
        self, uow: StatusUnitOfWork, events: CaseEvents, status: LifecycleStatus,
        invoice: StatusInvoice,
    ) -> str:  # fmt: skip
        """What ``status`` does to its invoice and case; the effect said in French."""
        effect = status.effect
        if effect is StatusEffect.RECORD:
            return "statut enregistré, le recouvrement ne change pas"
        if invoice.case_id is None or invoice.case_reference is None:
            return "facture hors dossier : statut enregistré"
        if effect is StatusEffect.PAID:
            return _paid(events, status, invoice)
        if not invoice.case_open:
            return "dossier clos : statut enregistré"
        rows = uow.plans.case_rows([invoice.case_id])
        plan = PlanStatus(rows[0].status) if rows and rows[0].status else PlanStatus.ACTIVE
        case = invoice.case_reference
        match effect:
            case StatusEffect.DISPUTE:
                if plan is PlanStatus.FROZEN:
                    return "dossier déjà gelé : litige noté"
                events.dispute(case, f"facture {invoice.number} en litige, {_said(status)}",
                               status.on)  # fmt: skip
                return "litige ouvert : tout contact suspendu"
            case StatusEffect.PARTIAL:
                return _partial(uow, events, status, invoice, plan)
            case StatusEffect.SUSPEND:
                if plan not in _RUNNING:
                    return f"plan « {plan.value} » : statut enregistré"
                events.react_with(case, status.on, _freeze(_said(status)))
                return "recouvrement suspendu jusqu'au statut 209 « Complétée »"
            case StatusEffect.RESUME:
                return _resume(uow, events, status, invoice, plan)
            case StatusEffect.HOLD:
                if plan is not PlanStatus.ACTIVE:
                    return f"plan « {plan.value} » : statut enregistré"
                until = status.on + timedelta(days=self.hold_days)
                events.react_with(case, status.on, _hold(until, _said(status)))
                return f"relances retenues jusqu'au {until:%d/%m/%Y}"
            case StatusEffect.STOP:
                return _stop(uow, events, status, invoice)
        return "statut enregistré"


def _resolve(
    uow: StatusUnitOfWork, name: str, statuses: Sequence[LifecycleStatus]
) -> dict[str, StatusInvoice]:
    """The invoice each status names, or ``StatusImportError`` listing every problem."""
    candidates: dict[str, list[StatusInvoice]] = {}
    for invoice in uow.invoice_statuses.invoices(s.invoice_number for s in statuses):
        candidates.setdefault(invoice.number, []).append(invoice)
    found: dict[str, StatusInvoice] = {}
    problems: list[str] = []
    for status in statuses:
        where = f"{status.where or f'ligne {status.line}'}, facture « {status.invoice_number} »"
        matching = candidates.get(status.invoice_number, [])
        if status.siren is not None:
            matching = [i for i in matching if status.siren in (i.creditor_siren, i.debtor_siren)]
        if not matching:
            problems.append(f"{where} : inconnue" + (
                f" pour le SIREN {status.siren}" if status.siren and candidates.get(
                    status.invoice_number) else ""))  # fmt: skip
            continue
        if len(matching) > 1:
            problems.append(f"{where} : plusieurs créanciers ont ce numéro, SIREN à préciser")
            continue
        invoice = matching[0]
        if status.effect is StatusEffect.PARTIAL:
            problem = _partial_problem(status, invoice)
            if problem:
                problems.append(f"{where} : {problem}")
                continue
        found[status.key] = invoice
    if problems:
        listed = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … et {len(problems) - 50} autres" if len(problems) > 50 else ""
        raise StatusImportError(
            f"fichier de statuts refusé : {len(problems)} erreur(s) dans {name}, rien n'a été "
            f"enregistré.\n{listed}{more}"
        )
    return found


def _approved(status: LifecycleStatus, invoice: StatusInvoice) -> Decimal | None:
    if status.approved is not None:
        return status.approved
    if status.disputed is not None:
        return invoice.amount - status.disputed
    return None


def _partial_problem(status: LifecycleStatus, invoice: StatusInvoice) -> str:
    approved = _approved(status, invoice)
    if approved is None:
        return "statut 206 sans montant approuvé ni montant contesté"
    if approved < 0 or approved > invoice.amount:
        return (f"montant approuvé {_money(approved)} hors du montant de la facture "
                f"({_money(invoice.amount)})")  # fmt: skip
    return ""


def _partial(
    uow: StatusUnitOfWork, events: CaseEvents, status: LifecycleStatus, invoice: StatusInvoice,
    plan: PlanStatus,
) -> str:  # fmt: skip
    approved = _approved(status, invoice)
    assert approved is not None and invoice.case_id is not None
    assert invoice.case_reference is not None
    if approved >= invoice.amount:
        return "montant approuvé égal à la facture : rien ne change"
    rest = invoice.amount - approved
    uow.invoice_statuses.set_amount(invoice.invoice_id, approved)
    uow.journal.record(InvoiceAmountChanged(
        invoice.case_id, status.on, invoice.number, invoice.amount, approved, _source(status)
    ))  # fmt: skip
    said = f"seul {_money(approved)} est réclamé, litige sur {_money(rest)}"
    if plan is PlanStatus.FROZEN:
        return f"{said} ; dossier déjà gelé"
    events.dispute(invoice.case_reference,
                   f"facture {invoice.number} : {_money(rest)} contestés, {_said(status)}",
                   status.on)  # fmt: skip
    return said


def _resume(
    uow: StatusUnitOfWork, events: CaseEvents, status: LifecycleStatus, invoice: StatusInvoice,
    plan: PlanStatus,
) -> str:  # fmt: skip
    assert invoice.case_id is not None and invoice.case_reference is not None
    holds = uow.invoice_statuses.holds(invoice.case_id)
    own = holds.get(invoice.invoice_id)
    if own not in HOLDING_CODES:
        return "aucun litige ni suspension de cette facture à lever"
    others = [i for i, code in holds.items() if i != invoice.invoice_id and code in HOLDING_CODES]
    if others:
        return "d'autres factures du dossier restent en litige ou suspendues : il reste gelé"
    if plan is not PlanStatus.FROZEN:
        return "le dossier n'était pas gelé : statut enregistré"
    if own == 207:
        events.dispute_resolved(invoice.case_reference, status.on, DisputeOutcome.REJECTED,
                                f"litige levé par la plateforme, {_said(status)}")  # fmt: skip
    else:
        events.react_with(invoice.case_reference, status.on, _thaw(status.on, _said(status)))
    return "le recouvrement reprend"


def _stop(
    uow: StatusUnitOfWork, events: CaseEvents, status: LifecycleStatus, invoice: StatusInvoice
) -> str:
    assert invoice.case_id is not None and invoice.case_reference is not None
    if invoice.status is not InvoiceStatus.OPEN:
        return f"facture déjà {'soldée' if invoice.status is InvoiceStatus.PAID else 'retirée'}"
    store = uow.invoice_statuses
    store.cancel(invoice.invoice_id)
    reason = f"facture {invoice.number} retirée du recouvrement, {_said(status)}"
    if store.owed_count(invoice.case_id) == 0:
        events.close(invoice.case_reference, Closure.WITHDRAWN, status.on, reason)
        return "facture retirée du recouvrement ; plus rien à recouvrer : dossier clos"
    events.react_with(invoice.case_reference, status.on, _withdraw(reason))
    return "facture retirée du recouvrement ; le reste du dossier continue"


def _paid(events: CaseEvents, status: LifecycleStatus, invoice: StatusInvoice) -> str:
    assert invoice.case_reference is not None
    if invoice.status is not InvoiceStatus.OPEN or invoice.outstanding <= 0:
        return "facture déjà soldée ou retirée : statut enregistré"
    outcome = events.payment(
        invoice.case_reference, invoice.outstanding, status.on, invoice.number
    )
    said = f"paiement de {_money(invoice.outstanding)} enregistré : facture soldée"
    return said + (" ; dossier clos" if outcome.closure is not None else "")


def _freeze(reason: str) -> Change:
    def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
        frozen = replace(state, status=PlanStatus.FROZEN, paused_until=None)
        return Reaction(frozen, PendingFate.WITHDRAW, f"recouvrement suspendu, {reason}")

    return change


def _thaw(on: date, reason: str) -> Change:
    def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
        active = replace(state, status=PlanStatus.ACTIVE, paused_until=None, active_since=on)
        return Reaction(active, PendingFate.KEEP, f"le recouvrement reprend, {reason}",
                        reselect=True)  # fmt: skip

    return change


def _hold(until: date, reason: str) -> Change:
    def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
        since = state.active_since
        held = replace(state, active_since=until if since is None or since < until else since)
        return Reaction(held, PendingFate.WITHDRAW, f"paiement annoncé, {reason}")

    return change


def _withdraw(reason: str) -> Change:
    def change(uow: PlanUnitOfWork, case: Case, state: PlanState) -> Reaction:
        return Reaction(state, PendingFate.WITHDRAW, reason)

    return change
