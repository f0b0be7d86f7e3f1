"""The dashboard, the case list and the case page, each within its reader's scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from html import unescape

import pytest
from fastapi.testclient import TestClient

from recouvre.bootstrap import App
from support.web_client import client_for, sign_in
from support.web_world import HOSTILE_NAME

SignedIn = Callable[[str], TestClient]


def visible_text(html: str) -> str:
    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text)


def references(html: str) -> list[str]:
    return sorted(set(re.findall(r'class="ref" href="/dossiers/(D-\d{4}-\d{6})"', html)))


def test_the_dashboard_sums_the_open_invoices_and_draws_the_ageing_balance(
    signed_in: SignedIn,
) -> None:
    page = signed_in("admin").get("/")
    text = visible_text(page.text)
    # 1 134,56 + 50,00 + 400,00 + 99,90 still owed on 2026-03-02, all past due
    assert "1 684,46 €" in text and "4 factures impayées" in text
    assert "3 dossiers ouverts" in text.replace("3 dossiers ouverts", "3 dossiers ouverts")
    assert page.text.count('class="chart-bar') == 12  # six buckets, wide and phone drawings
    assert "31 à 60 jours" in text and "61 à 90 jours" in text


def test_a_creditor_client_sees_its_creditor_only_and_others_cases_do_not_exist(
    signed_in: SignedIn,
) -> None:
    client = signed_in("martin")
    assert references(client.get("/dossiers").text) == ["D-2026-000003"]
    assert "99,90" in visible_text(client.get("/").text)
    assert client.get("/dossiers/D-2026-000003").status_code == 200
    for other in ("D-2026-000001", "D-2026-000002", "1", "D-2026-999999"):
        answer = client.get(f"/dossiers/{other}")
        assert answer.status_code == 404, other
        assert "Boulangerie" not in answer.text
    crossing = client.get("/dossiers?creancier=732829320")
    assert references(crossing.text) == [] and "0 dossier(s)" in crossing.text


def test_an_agent_sees_the_creditors_assigned_and_none_without_assignment(
    signed_in: SignedIn,
) -> None:
    agent = signed_in("agent")
    assert references(agent.get("/dossiers").text) == ["D-2026-000001", "D-2026-000002"]
    assert agent.get("/dossiers/D-2026-000003").status_code == 404
    idle = signed_in("idle")
    assert references(idle.get("/dossiers").text) == []
    assert idle.get("/dossiers/D-2026-000001").status_code == 404
    assert "0,00 €" in visible_text(idle.get("/").text)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=schmitt", ["D-2026-000001"]),
        ("q=542+065+479", ["D-2026-000001"]),
        ("q=M-77", ["D-2026-000003"]),
        ("q=d-2026-000002", ["D-2026-000002"]),
        ("phase=formal_notice", ["D-2026-000001"]),
        ("phase=amicable&creancier=732829320", ["D-2026-000002"]),
        ("minimum=300", ["D-2026-000001", "D-2026-000002"]),
        ("minimum=1+000%2C00", ["D-2026-000001"]),
        ("attitude=bad_faith", []),
        ("q=100%25", []),
    ],
)
def test_the_case_list_filters_and_searches(
    signed_in: SignedIn, query: str, expected: list[str]
) -> None:
    assert references(signed_in("admin").get(f"/dossiers?{query}").text) == expected


def test_the_case_list_sorts_and_pages(signed_in: SignedIn) -> None:
    client = signed_in("admin")
    page = client.get("/dossiers?tri=outstanding").text
    order = re.findall(r'class="ref" href="/dossiers/(D-\d{4}-\d{6})"', page)
    assert order == ["D-2026-000001", "D-2026-000002", "D-2026-000003"]
    page = client.get("/dossiers?tri=debtor").text
    order = re.findall(r'class="ref" href="/dossiers/(D-\d{4}-\d{6})"', page)
    assert order == ["D-2026-000002", "D-2026-000001", "D-2026-000003"]  # « < » sorts first


def test_an_htmx_filter_gets_the_results_alone_and_a_plain_request_the_page(
    signed_in: SignedIn,
) -> None:
    client = signed_in("admin")
    fragment = client.get("/dossiers?phase=amicable", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "<table" in fragment.text
    assert fragment.headers["vary"] == "HX-Request"
    full = client.get("/dossiers?phase=amicable")
    assert "<html" in full.text and 'hx-get="/dossiers"' in full.text


def test_the_case_page_shows_the_debtor_what_is_owed_and_the_journal(
    signed_in: SignedIn,
) -> None:
    page = signed_in("agent").get("/dossiers/D-2026-000001")
    text = visible_text(page.text)
    assert "Boulangerie Schmitt" in text and "SIREN 542065479" in text
    assert "Dû aujourd'hui" in text and "Principal 1 184,56 €" in text
    assert "Indemnité forfaitaire de recouvrement 80,00 €" in text  # 40 € per invoice
    assert "F-1" in text and "F-2" in text
    assert "Dossier ouvert" in text and "phase mise en demeure" in text


def test_user_text_is_escaped(signed_in: SignedIn) -> None:
    client = signed_in("admin")
    for path in ("/dossiers", "/dossiers/D-2026-000002", "/dossiers?q=%3Cscript%3E"):
        page = client.get(path).text
        assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Frères &amp; Cie" in page
    assert HOSTILE_NAME.startswith("<script>")


def test_the_interface_speaks_english_when_recouvre_lang_says_so(world: App) -> None:
    english = App(
        settings=replace(world.settings, language="en"),
        engine=world.engine,
        clock=world.clock,
        actor=world.actor,
    )
    client = client_for(english)
    assert "Sign in" in client.get("/connexion").text
    assert sign_in(client, "admin") == 303
    page = client.get("/").text
    assert "Dashboard" in page and "Ageing balance" in page and 'lang="en"' in page
