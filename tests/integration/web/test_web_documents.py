"""A case's sent documents open from its page: the letter's PDF as filed in the tray, the
email as archived, each downloaded within the case's scope."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from recouvre.adapters.db.tables import actions
from support.web_client import client_for, sign_in
from support.web_world import build_world

PDF = b"%PDF-1.7\n% lettre de relance\n%%EOF\n"


def test_a_sent_letter_is_listed_and_downloaded_within_the_scope(tmp_path: Path) -> None:
    app = build_world(tmp_path)
    try:
        stamp = "2026-02-20T09:00:00.000000Z"
        with app.engine.begin() as connection:
            action_id = connection.execute(
                actions.insert().values(
                    idempotency_key="case:1:step:relance-1:attempt:1", case_id=1,
                    step_id="relance-1", attempt=1, kind="reminder", channel="letter",
                    template="reminder", due_on=date(2026, 2, 20), status="sent",
                    requires_approval=False,
                    payload=json.dumps({"case_reference": "D-2026-000001"}),
                    created_at=stamp, updated_at=stamp, sent_at=stamp,
                    content_sha256=hashlib.sha256(PDF).hexdigest(),
                )
            ).inserted_primary_key[0]  # fmt: skip
        filed = tmp_path / "courrier" / "2026-02-20" / f"{action_id:09d}.pdf"
        filed.parent.mkdir(parents=True)
        filed.write_bytes(PDF)
        agent, client = client_for(app), client_for(app)
        assert sign_in(agent, "agent") == 303 and sign_in(client, "martin") == 303
        page = agent.get("/dossiers/D-2026-000001").text
        link = f"/dossiers/D-2026-000001/documents/{action_id}"
        assert f'href="{link}"' in page and "copie intacte" in page
        download = agent.get(link)
        assert download.status_code == 200 and download.content == PDF
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"].startswith("attachment;")
        assert client.get(link).status_code == 404  # another creditor's case
        assert agent.get(f"/dossiers/D-2026-000001/documents/{action_id + 1}").status_code == 404
        assert agent.get(f"/dossiers/D-2026-000002/documents/{action_id}").status_code == 404
        with app.engine.connect() as connection:
            assert connection.execute(sa.select(sa.func.count()).select_from(actions)).scalar() == 1
    finally:
        app.dispose()
