"""A browser of the web application in-process: FastAPI's TestClient over HTTPS (so that the
``Secure`` session cookie is sent back as a browser would), its CSRF token, its sign-in.

In ``support`` rather than a ``conftest``: a test importing ``conftest`` gets whichever
folder's conftest pytest loaded first."""

from __future__ import annotations

import itertools
import re

from fastapi.testclient import TestClient

from recouvre.bootstrap import App
from recouvre.entrypoints.web.app import create_app
from support.web_world import PASSWORD

_ADDRESSES = itertools.count(1)
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def client_for(app: App, address: str | None = None) -> TestClient:
    """A browser of its own (cookies) at its own address, so that the rate limit of one test
    never counts another's failures."""
    where = address or f"10.0.0.{next(_ADDRESSES)}"
    return TestClient(
        create_app(app), base_url="https://testserver", follow_redirects=False,
        client=(where, 40000),
    )  # fmt: skip


def csrf_of(html: str) -> str:
    found = TOKEN.search(html)
    assert found, html[:500]
    return found.group(1)


def sign_in(client: TestClient, login: str, password: str = PASSWORD) -> int:
    form = client.get("/connexion")
    answer = client.post(
        "/connexion",
        data={"login": login, "password": password, "csrf_token": csrf_of(form.text)},
    )
    return answer.status_code
