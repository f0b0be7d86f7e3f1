"""The same web application on both backends: accounts, sessions, the case search (with its
invoice-number subquery and the amount ``HAVING``) and the scoped dashboard on SQLite and on
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import client_for, sign_in
from recouvre.bootstrap import App
from support.web_world import build_world

pytestmark = pytest.mark.storage


@pytest.fixture
def backend_world(db_url: str, tmp_path: Path) -> Iterator[App]:
    app = build_world(tmp_path, db_url)
    yield app
    app.dispose()


def test_the_web_application_works_on_each_backend(backend_world: App) -> None:
    client = client_for(backend_world)
    assert sign_in(client, "agent", "wrong password, surely") == 401
    assert sign_in(client, "agent") == 303
    assert "1 584,56" in client.get("/").text.replace("\u202f", " ")
    found = client.get("/dossiers?q=F-2&minimum=1000").text
    assert "D-2026-000001" in found and "D-2026-000002" not in found
    assert client.get("/dossiers/D-2026-000003").status_code == 404
    assert client.get("/dossiers/D-2026-000001").status_code == 200
