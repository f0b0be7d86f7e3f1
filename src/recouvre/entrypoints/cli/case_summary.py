"""The summary block that opens ``case show``: what is owed today and its parts, the next
action and its date, the open judicial procedures with their next deadline, the documents.

What is owed is the legal engine's statement of the case on the app clock's today, the one
``judicial advise`` prints (principal, late-payment interest or penalties of C. com. L441-10,
the 40 € fixed indemnity of D441-5); procedures' deadlines come from the judicial agenda.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rich.console import Console

from recouvre.bootstrap import App
from recouvre.bootstrap.errors import USER_ERRORS
from recouvre.entrypoints.cli.labels import ACTION_STATUSES, CHANNELS, fr_date, word
from recouvre.entrypoints.cli.options import euros
from recouvre.law.statement.computation import Statement
from recouvre.law.statement.explain import provisional_words
from recouvre.services.judicial.agenda import AgendaItem
from recouvre.services.judicial.records import Procedure, ProcedureStatus
from recouvre.services.outbox.model import PENDING, OutboxAction
from recouvre.services.queries import CaseDetail


@dataclass(frozen=True, slots=True)
class CaseSummary:
    on: date
    statement: Statement | None
    statement_error: str | None
    next_action: OutboxAction | None
    procedures: tuple[tuple[Procedure, AgendaItem | None], ...]
    documents: int


def case_summary(app: App, detail: CaseDetail) -> CaseSummary:
    """Everything the summary prints, read on ``app.clock.today()``."""
    from recouvre.bootstrap import judicial_service, outbox_store
    from recouvre.bootstrap.outbox import sent_documents

    on = app.clock.today()
    judicial = judicial_service(app)
    statement: Statement | None = None
    error: str | None = None
    try:
        statement = judicial.advise(detail.reference, on).statement
    except USER_ERRORS as refused:
        error = str(refused)
    file = judicial.case_file(detail.reference)
    agenda = [item for ref, _, item in judicial.agenda(on) if ref == detail.reference]
    procedures = tuple(
        (p, next((i for i in agenda if i.procedure_id == p.id), None))
        for p, _ in file.procedures
        if p.status is ProcedureStatus.OPEN
    )
    pending = [
        a
        for status in PENDING
        for a in outbox_store(app).with_status(status)
        if a.case_id == detail.id
    ]
    next_action = min(pending, key=lambda a: (a.due_on, a.id or 0), default=None)
    documents = len(sent_documents(app, detail.reference).documents)
    return CaseSummary(on, statement, error, next_action, procedures, documents)


def print_summary(console: Console, d: CaseDetail, s: CaseSummary) -> None:
    console.print(f"[bold]En résumé au {fr_date(s.on)}[/bold]")
    if s.statement is None:
        console.print(f"  Dû aujourd'hui : non calculable ({s.statement_error})")
    else:
        t = s.statement.totals
        console.print(f"  Dû aujourd'hui : [bold]{euros(t.total_due)}[/bold]")
        upcoming = sum(
            (i.outstanding for i in d.invoices if i.due_date > s.on and i.outstanding > 0),
            Decimal(0),
        )
        not_yet = f" (dont {euros(upcoming)} à échoir, pas encore exigibles)" if upcoming else ""
        console.print(f"    principal : {euros(t.principal_outstanding)}{not_yet}")
        console.print(f"    intérêts et pénalités de retard : {euros(t.interest_outstanding)}")
        if s.statement.provisional_rate_on is not None:  # never shown as final
            words = provisional_words(s.statement.provisional_rate_on)
            console.print(f"      ({words}, dernier taux publié)", soft_wrap=True, markup=False)
        indemnity = euros(t.indemnity_outstanding)
        console.print(f"    indemnité forfaitaire de recouvrement : {indemnity}")
        if t.costs_outstanding:
            console.print(f"    frais : {euros(t.costs_outstanding)}")
    action = s.next_action
    if action is not None:
        when = (
            f"le {fr_date(action.due_on)}"
            if action.due_on > s.on
            else f"due depuis le {fr_date(action.due_on)}, à la prochaine tournée"
        )
        console.print(
            f"  Prochaine action : {action.step_id} par {word(CHANNELS, action.channel)}, "
            f"{when} ({word(ACTION_STATUSES, action.status)}, action {action.id})"
        )
    elif d.next_action_on is not None:
        console.print(f"  Prochaine action : le {fr_date(d.next_action_on)}")
    else:
        console.print("  Prochaine action : aucune de prévue")
    if not s.procedures:
        console.print("  Procédures judiciaires en cours : aucune")
    for p, item in s.procedures:
        due = "aucune échéance calculée"
        if item is not None:
            due = f"prochaine échéance le {fr_date(item.due_on)} ({item.kind})"
        console.print(f"  Procédure n° {p.id} : {p.route.label_fr}, {due}")
    console.print(f"  Documents envoyés : {s.documents} (recouvre case documents {d.reference})")
