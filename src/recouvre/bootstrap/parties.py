"""Wiring of the parties (``services.parties``): creditors and agencies, debtors and their
contact requests."""

from __future__ import annotations

from recouvre.adapters.db.unit_of_work import SqlUnitOfWork
from recouvre.bootstrap.app import App
from recouvre.bootstrap.daily_run import run_settings
from recouvre.services.parties.creditors import Parties
from recouvre.services.parties.debtors import Debtors
from recouvre.services.parties.legal_identity import LegalIdentities


def parties_uow(app: App, actor: str | None = None) -> SqlUnitOfWork:
    """The storage unit of work with the party store
    (``services.parties.creditors.PartyUnitOfWork``)."""
    return SqlUnitOfWork(app.engine, app.clock, actor or app.actor)


def parties_service(app: App, actor: str | None = None) -> Parties:
    """Creditors and agencies (``services.parties.creditors.Parties``); changes journaled as
    ``actor``."""
    return Parties(lambda: parties_uow(app, actor), app.clock, lambda: app.scenarios)


def debtors_uow(app: App, actor: str | None = None) -> SqlUnitOfWork:
    """The plan unit of work with the debtor store
    (``services.parties.debtors.DebtorUnitOfWork``)."""
    return SqlUnitOfWork(app.engine, app.clock, actor or app.actor, bulk=True)


def debtors_service(app: App, actor: str | None = None) -> Debtors:
    """Debtors' details and contact requests (``services.parties.debtors.Debtors``); changes
    journaled as ``actor``; the cases react with the shipped scenarios (``run_settings``)."""
    return Debtors(lambda: debtors_uow(app, actor), app.clock, lambda: run_settings(app))


def legal_identities(app: App) -> LegalIdentities:
    """The creditors' legal identity for court papers (``services.parties.legal_identity``)."""
    return LegalIdentities(app.uow, app.clock)
