"""Signing in and out of the web application, its cookies, CSRF, rate limit and headers."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from recouvre.bootstrap import App
from recouvre.services.web_accounts import sessions
from support.web_client import client_for, csrf_of, sign_in
from support.web_world import PASSWORD


def test_signing_in_opens_a_session_held_by_a_random_id_in_a_protected_cookie(world: App) -> None:
    client = client_for(world)
    assert client.get("/").headers["location"] == "/connexion?suite=%2F"
    form = client.get("/connexion")
    answer = client.post(
        "/connexion",
        data={"login": "admin", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("recouvre_session=")
    )
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= flags
    page = client.get("/")
    assert page.status_code == 200 and "Alice Admin" in page.text
    with world.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT token_sha256 FROM web_sessions")).scalars()
        assert token not in list(stored)  # only its SHA-256 is kept


def test_a_wrong_password_and_an_unknown_login_get_the_same_answer_and_are_logged(
    world: App,
) -> None:
    client = client_for(world, "10.9.9.1")
    assert sign_in(client, "admin", "not the password!") == 401
    assert sign_in(client, "nobody", PASSWORD) == 401
    page = client.get("/connexion")
    assert "Identifiant ou mot de passe incorrect" not in page.text
    with world.engine.connect() as connection:
        rows = (
            connection.execute(
                sa.text("SELECT * FROM web_login_attempts WHERE address = '10.9.9.1' ORDER BY id")
            )
            .mappings()
            .all()
        )
    assert [(r["login"], r["outcome"]) for r in rows] == [
        ("admin", "failed"),
        ("nobody", "failed"),
    ]
    assert all("not the password" not in str(dict(r)) for r in rows)


def test_the_sign_in_form_without_its_token_is_refused(world: App) -> None:
    client = client_for(world)
    client.get("/connexion")
    answer = client.post("/connexion", data={"login": "admin", "password": PASSWORD})
    assert answer.status_code == 403
    assert "recouvre_session" not in answer.headers.get("set-cookie", "")
    forged = client.post(
        "/connexion", data={"login": "admin", "password": PASSWORD, "csrf_token": "x.y.z"}
    )
    assert forged.status_code == 403


def test_signing_out_needs_the_session_csrf_token_then_ends_the_session(world: App) -> None:
    client = client_for(world)
    assert sign_in(client, "agent") == 303
    page = client.get("/")
    assert client.post("/deconnexion").status_code == 403
    assert client.post("/deconnexion", data={"csrf_token": "forged"}).status_code == 403
    assert client.get("/").status_code == 200  # still signed in
    answer = client.post("/deconnexion", data={"csrf_token": csrf_of(page.text)})
    assert answer.status_code == 303 and answer.headers["location"] == "/connexion"
    assert client.get("/").status_code == 303
    with world.engine.connect() as connection:
        outcome = connection.execute(
            sa.text("SELECT outcome FROM web_login_attempts ORDER BY id DESC LIMIT 1")
        ).scalar_one()
    assert outcome == "logged_out"


def test_repeated_failures_lock_the_login_even_with_the_right_password(world: App) -> None:
    client = client_for(world)
    for _ in range(sessions.MAX_FAILURES_PER_LOGIN):
        assert sign_in(client, "idle", "wrong password!!") == 401
    assert sign_in(client_for(world), "idle", PASSWORD) == 429  # from another address too


def test_repeated_failures_from_one_address_lock_that_address(
    world: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sessions, "MAX_FAILURES_PER_ADDRESS", 3)
    client = client_for(world, "10.8.8.8")
    for login in ("ghost-1", "ghost-2", "ghost-3"):
        assert sign_in(client, login, "whatever it is") == 401
    assert sign_in(client, "admin") == 429
    assert sign_in(client_for(world, "10.8.8.9"), "admin") == 303


def test_after_sign_in_only_a_path_of_this_site_is_followed(world: App) -> None:
    client = client_for(world)
    form = client.get("/connexion?suite=//evil.example/")
    answer = client.post(
        "/connexion",
        data={"login": "admin", "password": PASSWORD, "csrf_token": csrf_of(form.text),
              "suite": "//evil.example/"},
    )  # fmt: skip
    assert answer.headers["location"] == "/"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


@pytest.mark.parametrize("path", ["/connexion", "/", "/dossiers", "/dossiers/D-2026-000001"])
def test_every_page_has_a_policy_without_inline_script(world: App, path: str) -> None:
    client = client_for(world)
    if path != "/connexion":
        assert sign_in(client, "admin") == 303
    page = client.get(path)
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert not INLINE_SCRIPT.search(page.text)
    assert " style=" not in page.text and " on" + "click=" not in page.text


def test_the_pinned_htmx_is_served_from_the_package_with_its_licence(world: App) -> None:
    client = client_for(world)
    script = client.get("/static/htmx-2.0.11.min.js")
    assert script.status_code == 200 and script.text.startswith("var htmx=function()")
    assert "Zero-Clause BSD" in client.get("/static/htmx-LICENSE.txt").text


def test_signing_in_again_ends_the_session_the_browser_held(world: App) -> None:
    first = client_for(world)
    assert sign_in(first, "admin") == 303
    held = first.cookies.get("recouvre_session")
    assert held and first.get("/").status_code == 200
    tab = client_for(world)  # an old sign-in form, posted with that session's cookie
    form = tab.get("/connexion")
    tab.cookies.set("recouvre_session", held)
    answer = tab.post(
        "/connexion",
        data={"login": "admin", "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    assert answer.status_code == 303
    fresh = answer.headers["set-cookie"].split("recouvre_session=")[1].split(";")[0]
    assert fresh and fresh != held
    assert first.get("/").status_code == 303  # the session it held is over
