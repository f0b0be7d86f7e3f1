"""The demo's last step: the web application's accounts on the demo portfolio, and how to open
it (``recouvre serve``).

The demo accounts' passwords are derived from the demo's seed, so that the demo prints the same
text on each run (its promise, ``demo``); they protect a demonstration database on this machine
only and must never guard real data: real accounts are made with ``recouvre user add``, their
password typed by the person.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from rich.table import Table

from recouvre.services.web_accounts.model import Role

if TYPE_CHECKING:
    from recouvre.entrypoints.cli.demo import DemoRun

DEMO_URL = "http://127.0.0.1:8000/"


def demo_password(seed: int, login: str) -> str:
    return "demo-" + hashlib.sha256(f"recouvre demo {seed} {login}".encode()).hexdigest()[:12]


def step_web(run: DemoRun) -> None:
    """Create (or reset) the demo's administrator, agent and creditor client, then say how to
    open the web application."""
    from recouvre.bootstrap.web import accounts_service

    portfolio = run.need_portfolio()
    sirens = [c.creditor.siren for c in portfolio.creditors]
    accounts = accounts_service(run.need_app())
    existing = {u.login for u in accounts.users()}
    wanted: tuple[tuple[str, str, Role, list[str]], ...] = (
        ("demo-admin", "Administrateur de démonstration", Role.ADMINISTRATOR, []),
        ("demo-agent", "Chargé de recouvrement (démo)", Role.AGENT, sirens),
        ("demo-client", portfolio.creditors[0].creditor.name, Role.CREDITOR_CLIENT, sirens[:1]),
    )
    table = Table(title="Comptes de démonstration")
    for title in ("Identifiant", "Mot de passe", "Rôle", "Voit"):
        table.add_column(title)
    for login, name, role, creditors in wanted:
        password = demo_password(run.seed, login)
        if login in existing:
            accounts.set_password(login, password)
            accounts.disable(login, disabled=False)
        else:
            accounts.add(login, name, role, password, creditors)
        sees = "tous les dossiers" if not creditors else f"{len(creditors)} créancier(s)"
        table.add_row(login, password, role.label_fr, sees)
    run.console.print("Démarrez l'application web sur cette base :")
    run.console.print("  recouvre serve", soft_wrap=True)
    run.console.print(f"puis ouvrez {DEMO_URL} dans un navigateur.", soft_wrap=True)
    run.console.print(table)
    run.console.print(
        "Ces mots de passe ne protègent que la base de démonstration ; pour de vrais comptes : "
        "recouvre user add IDENTIFIANT --role administrator.",
        soft_wrap=True,
    )
    print_portal_link(run)


def print_portal_link(run: DemoRun) -> None:
    """One debtor's portal link (the case owing the most), dated the demo's day (today unless
    ``--on``), like a letter of that day: the same on each run in the same data folder (its
    ``portal.key``), valid ``RECOUVRE_PORTAL_DAYS`` from that day."""
    from recouvre.bootstrap.portal import LOCAL_BASE, portal_base, portal_link
    from recouvre.bootstrap.web import case_finder
    from recouvre.services.cases.case_search import CaseQuery, find_cases
    from recouvre.services.web_accounts.scope import EVERYTHING

    app = run.need_app()
    rows = find_cases(case_finder(app), CaseQuery(scope=EVERYTHING, page_size=1)).rows
    if not rows:
        return
    link = portal_link(app, rows[0].reference, run.on, portal_base(app) or LOCAL_BASE)
    run.console.print(f"Portail débiteur du dossier {rows[0].reference} (sans compte) :")
    run.console.print(f"  {link}", soft_wrap=True)
