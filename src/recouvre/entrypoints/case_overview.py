"""What a case's page says first, for the command line (``case show``) and the web case page
alike: what is owed today and its parts, the next action and its date, the open judicial
procedures with their next deadline, the documents sent.

What is owed is the legal engine's statement of the case on the app clock's today, the one
``judicial advise`` prints (principal, late-payment interest or penalties of C. com. L441-10,
the 40 € fixed indemnity of D441-5); procedures' deadlines come from the judicial agenda; the
documents are those ``case documents`` lists (``services.outbox.sent_documents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recouvre.bootstrap import App
from recouvre.bootstrap.errors import USER_ERRORS
from recouvre.law.statement.computation import Statement
from recouvre.services.judicial.agenda import AgendaItem
from recouvre.services.judicial.records import Procedure, ProcedureStatus
from recouvre.services.outbox.model import PENDING, OutboxAction
from recouvre.services.outbox.sent_documents import SentDocument
from recouvre.services.queries import CaseDetail


@dataclass(frozen=True, slots=True)
class CaseSummary:
    on: date
    statement: Statement | None
    statement_error: str | None
    next_action: OutboxAction | None
    procedures: tuple[tuple[Procedure, AgendaItem | None], ...]
    documents: tuple[SentDocument, ...]


def case_overview(app: App, detail: CaseDetail) -> CaseSummary:
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
    agenda = [item for _, _, item in judicial.agenda(on, case_id=detail.id)]
    procedures = tuple(
        (p, next((i for i in agenda if i.procedure_id == p.id), None))
        for p, _ in file.procedures
        if p.status is ProcedureStatus.OPEN
    )
    pending = [
        a
        for status in PENDING
        for a in outbox_store(app).with_status(status, case_id=detail.id)
    ]
    next_action = min(pending, key=lambda a: (a.due_on, a.id or 0), default=None)
    documents = sent_documents(app, detail.reference).documents
    return CaseSummary(on, statement, error, next_action, procedures, documents)
