"""The debtor portal end to end in a real browser (Debian's chromium through Playwright, the
launch of ``test_web_browser``): the debtor opens the link of their letter, reads what is owed,
contests an invoice with its reason; the case is frozen (a dispute, journaled as the debtor's
own act) and the agent's case page shows it. Screenshots at 1280 and 390 px are left in the
test's folder; no page is wider than the phone's screen, no script error, nothing refused by
the Content-Security-Policy."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from recouvre.bootstrap import App
from recouvre.bootstrap.portal import portal_link
from recouvre.entrypoints.case_overview import case_overview
from recouvre.letters.formatting import eur
from support.browser import chromium, serving
from support.web_world import PASSWORD, build_world


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[App, str]]:
    app = build_world(tmp_path / "world")
    with sqlite3.connect(tmp_path / "world" / "recouvre.sqlite3") as db:  # the payment block
        db.execute("UPDATE creditors SET iban = 'FR7630006000011234567890189', bic = NULL")
    with serving(app) as base:
        yield app, base
    app.dispose()


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched



def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_a_debtor_contests_an_invoice_and_the_agent_sees_the_case_frozen(
    served: tuple[App, str], browser: Browser, tmp_path: Path
) -> None:
    app, base = served
    detail = app.case_queries.case_detail("D-2026-000001")
    assert detail is not None
    statement = case_overview(app, detail).statement
    assert statement is not None
    owed = plain(eur(statement.totals.total_due))
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    link = portal_link(app, "D-2026-000001", app.clock.today(), base)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boulangerie Schmitt")
    assert owed in plain(page.locator(".owed-total").inner_text())
    expect(page.get_by_role("img", name=re.compile("QR code de virement SEPA"))).to_be_visible()
    expect(page.locator(".pay-lines")).to_contain_text("FR76 3000 6000 0112 3456 7890 189")
    page.screenshot(path=tmp_path / "portal-1280.png", full_page=True)

    page.get_by_text("Je conteste une facture").click()  # a <details>, no script
    page.get_by_label("Facture contestée").select_option("F-1")
    page.get_by_label("Motif").fill("Marchandise jamais livrée : bon de livraison non signé.")
    page.get_by_role("button", name="Envoyer ma contestation").click()
    expect(page.get_by_role("status").first).to_contain_text("C'est noté")
    expect(page.get_by_text("Contestation en cours d'examen")).to_be_visible()
    page.screenshot(path=tmp_path / "portal-contested-1280.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    page.get_by_text("J'ai déjà payé").click()
    page.screenshot(path=tmp_path / "portal-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    frozen = app.case_queries.case_detail("D-2026-000001")
    assert frozen is not None and frozen.attitude.value == "disputing"
    dispute = [e for e in frozen.events if e.kind == "dispute_opened"]
    assert dispute and dispute[0].actor == "debtor:portal"

    agent = browser.new_page(viewport={"width": 1280, "height": 900})
    agent.on("pageerror", lambda e: errors.append(str(e)))
    agent.goto(f"{base}/dossiers/D-2026-000001")
    agent.get_by_label("Identifiant").fill("agent")
    agent.get_by_label("Mot de passe").fill(PASSWORD)
    agent.get_by_role("button", name="Se connecter").click()
    expect(agent).to_have_url(f"{base}/dossiers/D-2026-000001")
    expect(agent.locator(".case-tags")).to_contain_text("conteste")
    expect(agent.locator(".timeline")).to_contain_text(re.compile("Marchandise jamais livrée"))
    expect(agent.locator(".timeline")).to_contain_text("debtor:portal")
    agent.screenshot(path=tmp_path / "agent-case-1280.png", full_page=True)
    page.close()
    agent.close()
    assert errors == []
