"""Wiring of the web application's services: accounts and sessions (``services.web_accounts``)
over the unit of work and the argon2 hasher, the dashboard and the case list within a scope,
and the case page's summary (``case_overview``, shared with ``recouvre case show``)."""

from __future__ import annotations

from recouvre.adapters.db.queries.case_search import SqlCaseFinder
from recouvre.adapters.db.queries.dashboard import SqlDashboardReader
from recouvre.adapters.passwords import Argon2Hasher
from recouvre.bootstrap.app import App
from recouvre.services.cases.case_search import CaseFinder
from recouvre.services.cases.dashboard import DashboardReader
from recouvre.services.web_accounts.accounts import Accounts
from recouvre.services.web_accounts.scope import Scope
from recouvre.services.web_accounts.sessions import Sessions


def accounts_service(app: App) -> Accounts:
    """``recouvre user add/list/disable/passwd``."""
    return Accounts(app.uow, Argon2Hasher(), app.clock)


def sessions_service(app: App) -> Sessions:
    """Sign-in, sign-out and the session of each request of the web application."""
    return Sessions(app.uow, app.snapshot, Argon2Hasher(), app.clock)


def dashboard_reader(app: App, scope: Scope) -> DashboardReader:
    return SqlDashboardReader(app.engine, scope.creditor_sirens)


def case_finder(app: App) -> CaseFinder:
    return SqlCaseFinder(app.engine)
