"""The web application in-process (FastAPI's TestClient over HTTPS, so that the ``Secure``
session cookie is sent back as a browser would) on the world of ``tests.support.web_world``,
built once per module."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recouvre.bootstrap import App
from recouvre.entrypoints.web.app import create_app
from support.web_world import PASSWORD, build_world

_ADDRESSES = itertools.count(1)
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    app = build_world(tmp_path_factory.mktemp("web"))
    yield app
    app.dispose()


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


@pytest.fixture
def signed_in(world: App):  # type: ignore[no-untyped-def]
    def make(login: str) -> TestClient:
        client = client_for(world)
        assert sign_in(client, login) == 303
        return client

    return make
