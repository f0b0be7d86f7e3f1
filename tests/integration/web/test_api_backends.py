"""The REST API on both backends (SQLite and PostgreSQL): tokens, a payment replayed under
its ``Idempotency-Key`` and recorded once, and the review queue: listed within the scope,
approved and cancelled through the review service, each decision journaled as the token's
user; another creditor's action is « not found », a creditor client may not decide (403)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from recouvre.bootstrap import App
from recouvre.bootstrap.api import api_tokens_service
from recouvre.entrypoints.web.app import create_app
from support.web_world import build_world

pytestmark = pytest.mark.storage
STAMP = "2026-03-02T08:00:00.000000Z"


@pytest.fixture
def backend_world(db_url: str, tmp_path: Path) -> Iterator[App]:
    app = build_world(tmp_path, db_url)
    yield app
    app.dispose()


def _awaiting(app: App, case: int, step: str) -> int:
    with app.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO actions (idempotency_key, case_id, step_id, attempt, kind, "
                "channel, template, due_on, status, requires_approval, payload, created_at, "
                "updated_at) VALUES (:key, :case, :step, 1, 'formal_notice', 'letter', 't', "
                "'2026-03-02', 'awaiting_approval', true, '{}', :at, :at)"
            ),
            {"key": f"case:{case}:step:{step}", "case": case, "step": step, "at": STAMP},
        )
        found = connection.execute(
            sa.text("SELECT id FROM actions WHERE idempotency_key = :key"),
            {"key": f"case:{case}:step:{step}"},
        ).scalar_one()
    return int(found)


def test_the_api_works_on_each_backend(backend_world: App) -> None:
    app = backend_world
    tokens = api_tokens_service(app)
    agent = {"Authorization": f"Bearer {tokens.create('agent', 'erp').secret}"}
    martin = {"Authorization": f"Bearer {tokens.create('martin', 'portail').secret}"}
    client = TestClient(create_app(app), base_url="https://testserver")

    page = client.get("/api/v1/cases?q=F-2&min_outstanding=1000", headers=agent).json()
    assert [row["reference"] for row in page["items"]] == ["D-2026-000001"]
    url = "/api/v1/cases/D-2026-000001/payments"
    keyed = {**agent, "Idempotency-Key": "k-1"}
    answers = [client.post(url, json={"amount": "34.56"}, headers=keyed) for _ in range(2)]
    assert [a.status_code for a in answers] == [201, 201] and answers[0].json() == answers[1].json()
    paid = client.get(url, headers=agent).json()["items"]
    assert [p["amount"] for p in paid] == ["34.56"]

    # after the payment: it recomputes case 1's plan, which withdraws what was pending
    first, second = _awaiting(app, 1, "mise-en-demeure"), _awaiting(app, 2, "mise-en-demeure")
    other = _awaiting(app, 3, "mise-en-demeure")

    listed = client.get("/api/v1/review", headers=agent).json()
    assert sorted(row["id"] for row in listed["items"]) == sorted([first, second])
    approved = client.post(f"/api/v1/review/{first}/approve", headers=agent)
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "queued"  # joins the sending queue
    cancelled = client.post(
        f"/api/v1/review/{second}/cancel", json={"reason": "débiteur au téléphone"}, headers=agent
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert client.post(f"/api/v1/review/{other}/approve", headers=agent).status_code == 404
    assert client.post(f"/api/v1/review/{other}/approve", headers=martin).status_code == 403
    assert client.get("/api/v1/review", headers=agent).json()["total"] == 0
    with app.engine.connect() as connection:
        actors = (
            connection.execute(
                sa.text("SELECT DISTINCT actor FROM journal_entries WHERE actor LIKE 'api:%'")
            )
            .scalars()
            .all()
        )
    assert set(actors) == {"api:agent"}
