"""Wiring of the cases (``services.cases``): the portfolio summary's read side and the event
use cases."""

from __future__ import annotations

from recouvre.adapters.db.queries.portfolio import SqlPortfolioReader
from recouvre.bootstrap.app import App
from recouvre.bootstrap.daily_run import plan_uow, run_settings
from recouvre.services.cases.case_events import CaseEvents
from recouvre.services.cases.payment_plans import PlanRulesSettings
from recouvre.services.cases.portfolio import PortfolioReader


def portfolio_reader(app: App) -> PortfolioReader:
    """The read side of the portfolio summary (``services.cases.portfolio.summarise``)."""
    return SqlPortfolioReader(app.engine)


def case_events(app: App, actor: str | None = None) -> CaseEvents:
    """The event use cases (``services.cases.case_events.CaseEvents``)."""
    return CaseEvents(lambda: plan_uow(app, actor), run_settings(app), app.clock)


def plan_rules_settings(app: App, actor: str | None = None) -> PlanRulesSettings:
    """Each creditor's payment-plan rules (``services.cases.payment_plans.PlanRulesSettings``)."""
    return PlanRulesSettings(lambda: plan_uow(app, actor))
