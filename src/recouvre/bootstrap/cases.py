"""Wiring of the cases (``services.cases``): the portfolio summary's read side and the event
use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast

from recouvre.adapters.db.queries.portfolio import SqlPortfolioReader
from recouvre.bootstrap.app import App
from recouvre.bootstrap.daily_run import plan_uow, run_settings
from recouvre.domain.cases import Case
from recouvre.domain.money import ZERO
from recouvre.domain.payments import Payment
from recouvre.law.imputation import Imputation
from recouvre.law.parameters import LegalTables
from recouvre.law.statement.computation import statement
from recouvre.law.statement.inputs import ClaimInvoice, StatementOptions
from recouvre.law.statement.result import Statement
from recouvre.services.cases.case_events import CaseEvents
from recouvre.services.cases.payment_plans import PlanRulesSettings
from recouvre.services.cases.portfolio import PortfolioReader
from recouvre.services.daily_run.ports import PlanUnitOfWork
from recouvre.services.judicial.case_file import claim_facts, load_case_file
from recouvre.services.judicial.ports import JudicialUnitOfWork


@dataclass(frozen=True, slots=True)
class StatementImputer:
    """``services.cases.payment_parts.CaseImputer`` on the legal engine: the case as stored
    (its invoices, the payments in force, its formal notice and collective proceedings), the
    creditor's choice for a rate not yet published. The unit of work is the one application
    unit of work, seen by the cases' use cases through their narrower port."""

    tables: LegalTables

    def impute(self, uow: PlanUnitOfWork, case: Case, payment: Payment) -> Imputation:
        return self._statement(uow, case, payment.received_on, (payment,)).payments[-1].imputation

    def owed_due(self, uow: PlanUnitOfWork, case: Case, on: date) -> Decimal:
        computed = self._statement(uow, case, on, ())
        return sum((i.total_due for i in computed.invoices if i.due_date <= on), ZERO)

    def _statement(
        self, uow: PlanUnitOfWork, case: Case, on: date, new: tuple[Payment, ...]
    ) -> Statement:
        file = load_case_file(cast(JudicialUnitOfWork, uow), case)
        lines = [ClaimInvoice(i) for i in file.invoices if i.outstanding > 0]
        options = StatementOptions(missing_rate=file.creditor.missing_rate)
        return statement(lines, (*file.payments, *new), claim_facts(file), on, self.tables, options)


def portfolio_reader(app: App) -> PortfolioReader:
    """The read side of the portfolio summary (``services.cases.portfolio.summarise``)."""
    return SqlPortfolioReader(app.engine)


def case_events(app: App, actor: str | None = None) -> CaseEvents:
    """The event use cases (``services.cases.case_events.CaseEvents``)."""
    return CaseEvents(
        lambda: plan_uow(app, actor), run_settings(app), app.clock, StatementImputer(app.tables)
    )


def plan_rules_settings(app: App, actor: str | None = None) -> PlanRulesSettings:
    """Each creditor's payment-plan rules (``services.cases.payment_plans.PlanRulesSettings``)."""
    return PlanRulesSettings(lambda: plan_uow(app, actor))
