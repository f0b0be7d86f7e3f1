"""The web case list (``services.cases.case_search.CaseFinder``): one grouped query with the
filters, the search, the scope, the sort and a page (``LIMIT``/``OFFSET``), and one count.

The scope and the creditor filter select creditors by SIREN first (the unique index), the
phase and attitude filters use the cases' columns, the minimum amount a ``HAVING`` on the sum
of what the open invoices still owe (``adapters.db.invoice_status``). The search matches, in
one ``OR``: a debtor name containing the text (case-insensitive), the debtor's SIREN, a case
reference, or a case holding an invoice of that number (``ix_invoices_case_id``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from recouvre.adapters.db.invoice_status import OUTSTANDING_CENTS, OWED
from recouvre.adapters.db.queries.cases import SqlCaseQueries
from recouvre.adapters.db.tables import cases, creditors, debtors, invoices
from recouvre.domain.money import to_cents
from recouvre.services.cases.case_search import CaseQuery, CaseSort, CreditorChoice
from recouvre.services.queries import CaseSummary
from recouvre.services.web_accounts.scope import Scope

_OUTSTANDING = sa.func.coalesce(sa.func.sum(sa.case((OWED, OUTSTANDING_CENTS), else_=0)), 0)
_OLDEST = sa.func.min(sa.case((OWED, invoices.c.due_date), else_=None))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search(text: str) -> sa.ColumnElement[bool]:
    pattern = f"%{_escape_like(text.lower())}%"
    compact = text.replace(" ", "")
    searched = invoices.alias("searched")
    with_number = (
        sa.select(searched.c.id)
        .where(searched.c.case_id == cases.c.id, searched.c.number == text)
        .correlate_except(searched)
        .exists()
    )
    return sa.or_(
        sa.func.lower(debtors.c.name).like(pattern, escape="\\"),
        debtors.c.siren == compact,
        cases.c.reference == text.upper(),
        with_number,
    )


def _order(sort: CaseSort) -> tuple[Any, ...]:
    match sort:
        case CaseSort.OUTSTANDING:
            return (_OUTSTANDING.desc(), cases.c.id)
        case CaseSort.OLDEST:
            return (_OLDEST.is_(None), _OLDEST, cases.c.id)
        case CaseSort.REFERENCE:
            return (cases.c.reference,)
        case CaseSort.DEBTOR:
            return (debtors.c.name, cases.c.id)
        case CaseSort.OPENED:
            return (cases.c.opened_on.desc(), cases.c.id.desc())


def _filtered(query: CaseQuery) -> sa.Select[Any]:
    select = (
        sa.select(
            cases.c.id,
            cases.c.reference,
            cases.c.phase,
            cases.c.attitude,
            cases.c.opened_on,
            creditors.c.name.label("creditor_name"),
            creditors.c.siren.label("creditor_siren"),
            debtors.c.name.label("debtor_name"),
            debtors.c.kind.label("debtor_kind"),
            sa.func.count(invoices.c.id).label("invoices"),
            _OUTSTANDING.label("outstanding_cents"),
            _OLDEST.label("oldest_due_date"),
        )
        .select_from(
            cases.join(creditors, creditors.c.id == cases.c.creditor_id)
            .join(debtors, debtors.c.id == cases.c.debtor_id)
            .outerjoin(invoices, invoices.c.case_id == cases.c.id)
        )
        .group_by(
            cases.c.id,
            cases.c.reference,
            cases.c.phase,
            cases.c.attitude,
            cases.c.opened_on,
            creditors.c.name,
            creditors.c.siren,
            debtors.c.name,
            debtors.c.kind,
        )
    )
    if query.scope.creditor_sirens is not None:
        select = select.where(creditors.c.siren.in_(sorted(query.scope.creditor_sirens)))
    if query.creditor_siren is not None:
        select = select.where(creditors.c.siren == query.creditor_siren)
    if query.phase is not None:
        select = select.where(cases.c.phase == query.phase.value)
    if query.attitude is not None:
        select = select.where(cases.c.attitude == query.attitude.value)
    if query.text:
        select = select.where(_search(query.text))
    if query.min_outstanding is not None:
        select = select.having(to_cents(query.min_outstanding) <= _OUTSTANDING)
    return select


class SqlCaseFinder:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def find(self, query: CaseQuery) -> tuple[list[CaseSummary], int]:
        filtered = _filtered(query)
        page = (
            filtered.order_by(*_order(query.sort))
            .limit(query.page_size)
            .offset((query.page - 1) * query.page_size)
        )
        count = sa.select(sa.func.count()).select_from(filtered.subquery())
        with self.engine.connect() as connection:
            rows = [SqlCaseQueries._summary(row) for row in connection.execute(page)]
            total = int(connection.execute(count).scalar_one())
        return rows, total

    def creditors(self, scope: Scope) -> list[CreditorChoice]:
        select = sa.select(creditors.c.siren, creditors.c.name).order_by(creditors.c.name)
        if scope.creditor_sirens is not None:
            select = select.where(creditors.c.siren.in_(sorted(scope.creditor_sirens)))
        with self.engine.connect() as connection:
            return [CreditorChoice(row.siren, row.name) for row in connection.execute(select)]
