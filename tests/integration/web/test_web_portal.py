"""The debtor portal through FastAPI's test client: the signed link opens its one case (an
expired, tampered, foreign-key or unknown link is 404, like any missing page), the page says
what is owed and how to pay (IBAN, RF reference, the EPC QR code), and each answer goes through
the command line's service and is journaled as ``debtor:portal``: a declared payment pauses the
plan (a promise), a contest freezes the case (dispute, attachment checked by its content), a
contact request sets the debtor's single channel, a plan within the creditor's rules is agreed
and one outside them is left to an agent. Forms without the link's CSRF field are refused, and
answers are rate-limited per link."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from recouvre.adapters.portal_tokens import PortalTokens
from recouvre.bootstrap import App
from recouvre.bootstrap.portal import portal_link
from recouvre.entrypoints.web import portal as portal_module
from recouvre.entrypoints.web.app import create_app
from support.web_world import build_world

TODAY = date(2026, 3, 2)
FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
IBAN = "FR7630006000011234567890189"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[App]:
    app = build_world(tmp_path)
    with sqlite3.connect(tmp_path / "recouvre.sqlite3") as db:
        db.execute("UPDATE creditors SET iban = ?, bic = 'AGRIFRPPXXX'", (IBAN,))
    portal_module._recent.clear()
    yield app
    app.dispose()


def client(app: App) -> TestClient:
    return TestClient(create_app(app), base_url="https://testserver", follow_redirects=False)


def link(app: App, reference: str = "D-2026-000001", on: date = TODAY) -> str:
    return portal_link(app, reference, on, "")


def opened(app: App, reference: str = "D-2026-000001") -> tuple[TestClient, str, str]:
    browser = client(app)
    path = link(app, reference)
    page = browser.get(path)
    assert page.status_code == 200, page.text[:300]
    found = FIELD.search(page.text)
    assert found
    return browser, path, found.group(1)


def journal(app: App, reference: str) -> list[tuple[str, str, str]]:
    detail = app.case_queries.case_detail(reference)
    assert detail is not None
    return [(e.kind, e.actor, str(e.payload)) for e in detail.events]


def test_the_page_says_what_is_owed_and_how_to_pay(world: App) -> None:
    browser, path, _ = opened(world)
    page = browser.get(path).text
    assert "Bonjour Boulangerie Schmitt" in page
    assert "Menuiserie Durand" in page and "F-1" in page and "F-2" in page
    assert "FR76 3000 6000 0112 3456 7890 189" in page and "RF" in page
    assert 'src="data:image/svg+xml' in page  # the EPC QR code
    assert "<script" not in page
    headers = browser.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"
    cookie = headers["set-cookie"]
    assert "recouvre_portal=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_bad_links_are_not_found(world: App) -> None:
    browser = client(world)
    good = link(world)
    token = good.rsplit("/", 1)[1]
    # change the signature's first character: its last one partly holds base64 padding bits,
    # and « A » for « B » there can decode to the very same signature
    payload, signature = token.rsplit(".", 1)
    tampered = f"{payload}.{'B' if signature[0] == 'A' else 'A'}{signature[1:]}"
    other_key = PortalTokens(b"another key", 180).issue("D-2026-000001", TODAY)
    expired = link(world, on=TODAY - timedelta(days=181))
    for path in (
        f"/portal/{tampered}",
        f"/portal/{other_key}",
        expired,
        link(world, "D-2026-999999"),
        "/portal/nothing",
    ):
        assert browser.get(path).status_code == 404, path
    assert browser.get(link(world, on=TODAY - timedelta(days=180))).status_code == 200
    # a document of another case through this case's link: not found
    assert browser.get(f"{good}/documents/1").status_code == 404


def test_forms_without_the_links_field_are_refused(world: App) -> None:
    browser, path, field = opened(world)
    data = {"facture": "F-1", "motif": "non livré"}
    assert browser.post(f"{path}/contestation", data=data).status_code == 403
    bad = {**data, "csrf_token": field[:-2] + "xx"}
    assert browser.post(f"{path}/contestation", data=bad).status_code == 403
    other, other_path, _ = opened(world, "D-2026-000003")
    # the field of one link does not open another link's forms
    answer = other.post(f"{other_path}/contestation", data={**data, "csrf_token": field})
    assert answer.status_code == 403
    stranger = client(world)  # no cookie: a form posted from another site
    assert (
        stranger.post(f"{path}/contestation", data={**data, "csrf_token": field}).status_code == 403
    )
    assert all(kind != "dispute_opened" for kind, _, _ in journal(world, "D-2026-000001"))


def test_contest_freezes_the_case_with_its_attachment(world: App) -> None:
    browser, path, field = opened(world)
    answer = browser.post(
        f"{path}/contestation",
        data={"csrf_token": field, "facture": "F-1", "motif": "Marchandise jamais livrée"},
        files={"piece": ("bon.pdf", b"%PDF-1.7\n1 0 obj\n", "application/pdf")},
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith(f"{path}?fait=contestation")
    events = journal(world, "D-2026-000001")
    dispute = [e for e in events if e[0] == "dispute_opened"]
    assert dispute and dispute[0][1] == "debtor:portal"
    assert "facture F-1 : Marchandise jamais livrée" in dispute[0][2]
    assert "SHA-256" in dispute[0][2]
    detail = world.case_queries.case_detail("D-2026-000001")
    assert detail is not None and detail.attitude.value == "disputing"
    kept = list((world.settings.data_dir / "portal" / "D-2026-000001").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"%PDF-")
    page = browser.get(answer.headers["location"]).text
    assert "Contestation en cours d'examen" in page and "C'est noté" in page


def test_an_attachment_is_checked_by_its_content(world: App) -> None:
    browser, path, field = opened(world)
    data = {"csrf_token": field, "facture": "F-2", "motif": "déjà payée"}
    fake = browser.post(
        f"{path}/contestation", data=data,
        files={"piece": ("facture.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
    )  # fmt: skip
    assert fake.status_code == 415 and "un PDF, une image PNG ou JPEG" in fake.text
    big = browser.post(
        f"{path}/contestation", data=data,
        files={"piece": ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(5 * 1024 * 1024), "image/png")},
    )  # fmt: skip
    assert big.status_code == 413
    no_reason = browser.post(
        f"{path}/contestation", data={**data, "motif": " "},
        files={"piece": ("bon.pdf", b"%PDF-1.7\n", "application/pdf")},
    )  # fmt: skip
    assert no_reason.status_code == 400 and "motif obligatoire" in no_reason.text
    assert not (world.settings.data_dir / "portal").exists()  # nothing kept for a refusal
    assert all(kind != "dispute_opened" for kind, _, _ in journal(world, "D-2026-000001"))
    jpeg = browser.post(
        f"{path}/contestation", data=data,
        files={"piece": ("photo.txt", b"\xff\xd8\xff\xe0 jpeg", "text/plain")},
    )  # fmt: skip
    assert jpeg.status_code == 303


def test_declared_payment_pauses_the_plan(world: App) -> None:
    browser, path, field = opened(world)
    answer = browser.post(
        f"{path}/paiement", data={"csrf_token": field, "montant": "1 184,56", "date": "2026-02-27"}
    )
    assert answer.status_code == 303
    promise = [e for e in journal(world, "D-2026-000001") if e[0] == "promise_made"]
    assert promise and promise[0][1] == "debtor:portal" and "1184.56" in promise[0][2]
    assert "2026-03-12" in promise[0][2]  # paused ten days
    unreadable = browser.post(
        f"{path}/paiement", data={"csrf_token": field, "montant": "beaucoup", "date": "2026-02-27"}
    )
    assert unreadable.status_code == 400 and "montant illisible" in unreadable.text


def test_contact_request_sets_one_channel(world: App) -> None:
    browser, path, field = opened(world)
    answer = browser.post(f"{path}/contact", data={"csrf_token": field, "canal": "letter"})
    assert answer.status_code == 303
    from recouvre.bootstrap import debtors_service

    profile = debtors_service(world).show("D-2026-000001")
    assert profile.debtor.preferences.only_channel is not None
    assert profile.debtor.preferences.only_channel.value == "letter"
    assert any(actor == "debtor:portal" for _, actor, _ in journal(world, "D-2026-000001"))


def test_plan_within_the_rules_is_agreed_else_left_to_an_agent(world: App) -> None:
    browser, path, field = opened(world)
    # 1 184,56 € of principal in 3 instalments of 394,85 €: within the default rules
    answer = browser.post(
        f"{path}/echeancier", data={"csrf_token": field, "nombre": "3", "premiere": "2026-03-15"}
    )
    assert answer.status_code == 303 and "fait=echeancier" in answer.headers["location"]
    assert any(k == "payment_plan_agreed" for k, _, _ in journal(world, "D-2026-000001"))
    # 99,90 € in 12 instalments of 8,32 €: under the 50 € minimum, left to an agent
    other, other_path, other_field = opened(world, "D-2026-000003")
    asked = other.post(
        f"{other_path}/echeancier",
        data={"csrf_token": other_field, "nombre": "12", "premiere": "2026-03-15"},
    )
    assert asked.status_code == 303 and "fait=demande" in asked.headers["location"]
    assert all(k != "payment_plan_agreed" for k, _, _ in journal(world, "D-2026-000003"))


def test_answers_are_rate_limited_per_link(world: App) -> None:
    browser, path, field = opened(world)
    data = {"csrf_token": field, "montant": "abc", "date": "2026-02-27"}
    answers = [browser.post(f"{path}/paiement", data=data) for _ in range(11)]
    assert [a.status_code for a in answers] == [400] * 10 + [429]
    assert "trop de réponses en peu de temps" in answers[10].text
    other, other_path, other_field = opened(world, "D-2026-000003")
    again = {**data, "csrf_token": other_field}
    assert other.post(f"{other_path}/paiement", data=again).status_code == 400


def test_the_command_line_prints_a_working_link(tmp_path: Path) -> None:
    """``recouvre portal link CASE`` on today's date (the real clock, as the command runs)."""
    from typer.testing import CliRunner

    from recouvre.bootstrap import build
    from recouvre.entrypoints.cli.commands import app as cli
    from recouvre.settings import load_settings
    from support.web_world import environment

    build_world(tmp_path).dispose()
    env = {**environment(tmp_path), "RECOUVRE_PORTAL_URL": "https://paiement.example.fr/"}
    result = CliRunner().invoke(cli, ["portal", "link", "D-2026-000001"], env=env)
    assert result.exit_code == 0, result.output
    printed = result.stdout.strip()
    assert re.fullmatch(r"https://paiement\.example\.fr/portal/[\w.-]+", printed), printed
    missing = CliRunner().invoke(cli, ["portal", "link", "D-2026-999999"], env=env)
    assert missing.exit_code != 0 and "dossier introuvable" in missing.stderr
    application = build(load_settings(env))
    try:
        page = client(application).get(printed.removeprefix("https://paiement.example.fr"))
        assert page.status_code == 200 and "Boulangerie Schmitt" in page.text
    finally:
        application.dispose()


@pytest.mark.storage
def test_the_portal_answers_on_each_backend(db_url: str, tmp_path: Path) -> None:
    """A contest and a plan from the portal, on SQLite and on PostgreSQL."""
    application = build_world(tmp_path, db_url)
    portal_module._recent.clear()
    try:
        browser, path, field = opened(application)
        contest = browser.post(
            f"{path}/contestation", data={"csrf_token": field, "facture": "F-2", "motif": "payée"}
        )
        assert contest.status_code == 303
        other, other_path, other_field = opened(application, "D-2026-000003")
        plan = other.post(
            f"{other_path}/echeancier",
            data={"csrf_token": other_field, "nombre": "1", "premiere": "2026-03-20"},
        )
        assert plan.status_code == 303 and "fait=echeancier" in plan.headers["location"]
        kinds = {kind for kind, _, _ in journal(application, "D-2026-000001")}
        assert "dispute_opened" in kinds
        kinds = {kind for kind, _, _ in journal(application, "D-2026-000003")}
        assert "payment_plan_agreed" in kinds
    finally:
        application.dispose()
