"""The web application end to end in a real browser: ``recouvre serve``'s server (uvicorn, in
a thread, on a free port of 127.0.0.1) driven by Debian's chromium through Playwright.

A person signs in through the form, reads the dashboard, filters the case list (HTMX), opens a
case and reads its debtor and what is owed today; screenshots of each page at desktop
(1280 px) and phone (390 px) widths are left in the test's folder, and no page is wider than
the phone's screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from recouvre.bootstrap import App
from recouvre.entrypoints.case_overview import case_overview
from recouvre.letters.formatting import eur
from support.browser import chromium, serving
from support.web_world import PASSWORD, build_world


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[App, str]]:
    app = build_world(tmp_path_factory.mktemp("served"))
    with serving(app) as base:
        yield app, base
    app.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/dossiers/D-2026-000001")  # asks for sign-in, then comes back
    expect(page).to_have_url(re.compile(r"/connexion\?suite="))
    page.get_by_label("Identifiant").fill("agent")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base}/dossiers/D-2026-000001")


def test_an_agent_signs_in_reads_the_dashboard_filters_and_opens_a_case(
    served: tuple[App, str], browser: Browser, tmp_path: Path
) -> None:
    app, base = served
    detail = app.case_queries.case_detail("D-2026-000001")
    assert detail is not None
    statement = case_overview(app, detail).statement
    assert statement is not None
    owed = eur(statement.totals.total_due).replace("\u202f", " ").replace("\u00a0", " ")
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, base)
    page.get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.locator(".kpi").first).to_contain_text("1 584,56 €")  # Durand's only
    page.screenshot(path=tmp_path / "dashboard-1280.png", full_page=True)

    page.get_by_role("link", name="Dossiers", exact=True).click()
    expect(page.locator(".result-count")).to_contain_text("2 dossier(s)")
    page.get_by_label("Phase").select_option("formal_notice")  # HTMX, no reload
    expect(page.locator(".result-count")).to_contain_text("1 dossier(s)")
    expect(page).to_have_url(re.compile(r"phase=formal_notice"))
    page.get_by_label("Rechercher").fill("F-2")
    expect(page).to_have_url(re.compile(r"q=F-2"))
    expect(page.locator("table.cases tbody tr")).to_have_count(1)
    page.screenshot(path=tmp_path / "cases-1280.png", full_page=True)
    cases_url = page.url

    page.get_by_role("link", name="Boulangerie Schmitt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boulangerie Schmitt")
    text = page.locator("main").inner_text().replace("\u202f", " ").replace("\u00a0", " ")
    assert owed in text and "Dû aujourd'hui" in text and "SIREN 542065479" in text
    assert "Dossier ouvert" in text and "F-1" in text
    page.screenshot(path=tmp_path / "case-1280.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone, same session
    for name, url in (("dashboard", base + "/"), ("cases", cases_url), ("case", page.url)):
        page.goto(url)
        page.screenshot(path=tmp_path / f"{name}-390.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
    expect(page.locator(".owed-total")).to_be_visible()
    page.close()
    assert errors == []  # no script error, nothing refused by the Content-Security-Policy
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        f"{name}-{w}.png" for name in ("case", "cases", "dashboard") for w in (1280, 390)
    ]
