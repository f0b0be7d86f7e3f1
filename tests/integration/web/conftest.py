"""The web application in-process (FastAPI's TestClient over HTTPS, so that the ``Secure``
session cookie is sent back as a browser would) on the world of ``tests.support.web_world``,
built once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recouvre.bootstrap import App
from support.web_client import client_for, sign_in
from support.web_world import build_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    app = build_world(tmp_path_factory.mktemp("web"))
    yield app
    app.dispose()


@pytest.fixture
def signed_in(world: App):  # type: ignore[no-untyped-def]
    def make(login: str) -> TestClient:
        client = client_for(world)
        assert sign_in(client, login) == 303
        return client

    return make
