"""The same web application on both backends: accounts, sessions, the case search (with its
invoice-number subquery and the amount ``HAVING``) and the scoped dashboard on SQLite and on
PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from recouvre.bootstrap import App
from support.web_client import client_for, sign_in
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


def test_the_dashboard_counts_the_actions_due_within_the_scope(backend_world: App) -> None:
    import sqlalchemy as sa

    rows = [  # (case, step, status, due): only pending ones due by 2026-03-02 count
        (1, "relance-1", "queued", "2026-03-01"),
        (1, "mise-en-demeure", "awaiting_approval", "2026-03-02"),
        (2, "relance-2", "deferred", "2026-02-20"),
        (2, "relance-3", "queued", "2026-03-09"),  # not due yet
        (1, "relance-0", "sent", "2026-02-01"),  # already sent
        (3, "relance-1", "awaiting_approval", "2026-03-02"),  # another creditor's
    ]
    stamp = "2026-03-02T08:00:00.000000Z"
    with backend_world.engine.begin() as connection:
        for case, step, status, due in rows:
            connection.execute(
                sa.text(
                    "INSERT INTO actions (idempotency_key, case_id, step_id, attempt, kind, "
                    "channel, template, due_on, status, requires_approval, payload, created_at, "
                    "updated_at) VALUES (:key, :case, :step, 1, 'reminder', 'email', 't', :due, "
                    ":status, false, '{}', :at, :at)"
                ),
                {"key": f"case:{case}:step:{step}", "case": case, "step": step,
                 "due": due, "status": status, "at": stamp},
            )  # fmt: skip
    admin, agent = client_for(backend_world), client_for(backend_world)
    assert sign_in(admin, "admin") == 303 and sign_in(agent, "agent") == 303

    def figures(page: str) -> list[str]:
        return re.findall(r'<span class="kpi-value">([^<]+)</span>', page)[3:]

    assert figures(admin.get("/").text) == ["4", "2"]  # due by today, awaiting approval
    page = agent.get("/").text
    assert figures(page) == ["3", "1"]
    assert page.count('href="/dossiers/D-2026-000002"') == 1  # relance-2, the oldest
    assert "mise-en-demeure" in page and "D-2026-000003" not in page
