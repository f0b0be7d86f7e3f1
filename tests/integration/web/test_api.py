"""The REST API in-process (docs/api.md): bearer tokens (missing, wrong, revoked → 401), every
scope crossing answered 404 on every case route, the ``Idempotency-Key`` replay (a payment
posted twice under one key is recorded once), the import's error JSON with line numbers and
nothing written, the JSON error shape everywhere (never an HTML page or a trace)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from recouvre.adapters.db.tables import actions
from recouvre.bootstrap import App
from recouvre.bootstrap.api import api_tokens_service
from recouvre.entrypoints.web.app import create_app
from support.web_world import DURAND, MARTIN, build_world

DURAND_CASE, MARTIN_CASE = "D-2026-000001", "D-2026-000003"
HEADER = "N° facture;Date de facture;Date d'échéance;Montant TTC;Raison sociale;SIREN;Type\n"


@pytest.fixture(scope="module")
def tokens(world: App) -> dict[str, str]:
    service = api_tokens_service(world)
    made = {login: service.create(login, f"test {login}").secret for login in
            ("admin", "agent", "idle", "martin")}  # fmt: skip
    revoked = service.create("admin", "revoked")
    service.revoke(revoked.token.id)
    made["revoked"] = revoked.secret
    return made


@pytest.fixture(scope="module")
def client(world: App) -> Iterator[TestClient]:
    with TestClient(create_app(world), base_url="https://testserver") as found:
        yield found


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def code_of(answer: object) -> str:
    body = answer.json()  # type: ignore[attr-defined]
    return str(body["error"]["code"])


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer rcv_wrong"}, {"Authorization": "Basic YWRtaW46eA=="}],
)
def test_missing_or_wrong_token_is_401_json(client: TestClient, headers: dict[str, str]) -> None:
    answer = client.get("/api/v1/cases", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/json")
    assert code_of(answer) == "unauthorized"
    assert answer.json()["error"]["message"].startswith("Jeton")


def test_revoked_token_is_401(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get("/api/v1/cases", headers=auth(tokens["revoked"])).status_code == 401
    assert client.get("/api/v1/cases", headers=auth(tokens["admin"])).status_code == 200


def test_each_token_lists_its_scope_only(client: TestClient, tokens: dict[str, str]) -> None:
    def refs(login: str) -> set[str]:
        answer = client.get("/api/v1/cases", headers=auth(tokens[login]))
        assert answer.status_code == 200, answer.text
        return {row["reference"] for row in answer.json()["items"]}

    assert refs("admin") == {DURAND_CASE, "D-2026-000002", MARTIN_CASE}
    assert refs("agent") == {DURAND_CASE, "D-2026-000002"}
    assert refs("martin") == {MARTIN_CASE}
    assert refs("idle") == set()


GETS = ("", "/invoices", "/payments", "/documents", "/documents/1", "/statement")
POSTS = (
    ("/payments", {"amount": "10.00"}),
    ("/events/promise", {"amount": "10.00", "by": "2026-04-01"}),
    ("/events/dispute", {"reason": "facture contestée"}),
    ("/events/payment-plan", {"instalments": 3, "first": "2026-04-01", "monthly": True}),
)


@pytest.mark.parametrize("login", ["martin", "idle"])
def test_every_case_route_outside_the_scope_is_404(
    client: TestClient, tokens: dict[str, str], login: str
) -> None:
    for suffix in GETS:
        answer = client.get(f"/api/v1/cases/{DURAND_CASE}{suffix}", headers=auth(tokens[login]))
        assert answer.status_code == 404, suffix
        assert code_of(answer) == "case_not_found"
    for suffix, body in POSTS:
        answer = client.post(
            f"/api/v1/cases/{DURAND_CASE}{suffix}", json=body, headers=auth(tokens[login])
        )
        assert answer.status_code == 404, suffix
        assert code_of(answer) == "case_not_found"
    refused = client.post(
        "/api/v1/imports", headers=auth(tokens[login]), data={"creditor": DURAND},
        files={"file": ("f.csv", HEADER.encode(), "text/csv")},
    )  # fmt: skip
    assert refused.status_code == 404
    # the same routes inside the scope answer: the 404 above is the scope, not the route
    own = client.get(f"/api/v1/cases/{DURAND_CASE}", headers=auth(tokens["agent"]))
    assert own.status_code == 200 and own.json()["reference"] == DURAND_CASE


def test_review_queue_is_scoped(client: TestClient, tokens: dict[str, str]) -> None:
    answer = client.get("/api/v1/review", headers=auth(tokens["idle"]))
    assert answer.status_code == 200 and answer.json()["items"] == []
    missing = client.post("/api/v1/review/999999/approve", headers=auth(tokens["admin"]))
    assert missing.status_code == 404 and code_of(missing) == "action_not_found"
    client_role = client.get("/api/v1/review", headers=auth(tokens["martin"]))
    assert client_role.status_code == 403 and code_of(client_role) == "forbidden"


def test_payment_posted_twice_under_one_key_is_recorded_once(
    client: TestClient, tokens: dict[str, str], world: App
) -> None:
    url = f"/api/v1/cases/{DURAND_CASE}/payments"
    headers = {**auth(tokens["agent"]), "Idempotency-Key": "virement-2026-03-02-0001"}
    before = len(world.case_queries.case_detail(DURAND_CASE).payments)  # type: ignore[union-attr]
    first = client.post(url, json={"amount": "25.00"}, headers=headers)
    second = client.post(url, json={"amount": "25.00"}, headers=headers)
    assert first.status_code == 201, first.text
    assert second.status_code == 201 and second.json() == first.json()
    assert second.headers["idempotency-replayed"] == "true"
    detail = world.case_queries.case_detail(DURAND_CASE)
    assert detail is not None and len(detail.payments) == before + 1
    assert detail.events[-1].actor == "api:agent"
    other = client.post(url, json={"amount": "26.00"}, headers=headers)
    assert other.status_code == 422 and code_of(other) == "idempotency_key_reused"
    listed = client.get(url, headers=auth(tokens["agent"])).json()["items"]
    assert sum(p["amount"] == "25.00" for p in listed) == 1


def test_import_errors_come_with_their_line_and_nothing_is_written(
    client: TestClient, tokens: dict[str, str], world: App
) -> None:
    bad = HEADER + "Z-1;01/02/2026;03/03/2026;10,00;Client Un;;particulier\n" + \
        "Z-2;01/02/2026;pas une date;12,00;Client Deux;;particulier\n"  # fmt: skip
    answer = client.post(
        "/api/v1/imports", headers=auth(tokens["martin"]),
        files={"file": ("x.csv", bad.encode(), "text/csv")},
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "import_refused" and error["error_count"] >= 1
    assert any(e["line"] == 3 for e in error["errors"]), error
    assert "rien n'a été enregistré" in error["message"]
    listed = client.get("/api/v1/cases", headers=auth(tokens["martin"])).json()
    assert listed["total"] == 1
    good = HEADER + "Z-1;01/02/2026;03/03/2026;10,00;Client Un;;particulier\n"
    done = client.post(
        "/api/v1/imports", headers=auth(tokens["martin"]),
        files={"file": ("x.csv", good.encode(), "text/csv")},
    )  # fmt: skip
    assert done.status_code == 201, done.text
    assert done.json()["created"] == 1 and done.json()["creditor_siren"] == MARTIN
    binary = client.post(
        "/api/v1/imports", headers=auth(tokens["martin"]),
        files={"file": ("x.csv", b"%PDF-1.7\x00\x01", "text/csv")},
    )  # fmt: skip
    assert binary.status_code == 415 and code_of(binary) == "unsupported_file"


def test_errors_are_json_never_html(client: TestClient, tokens: dict[str, str]) -> None:
    for answer in (
        client.get("/api/v1/nowhere", headers=auth(tokens["admin"])),
        client.delete("/api/v1/cases", headers=auth(tokens["admin"])),
        client.request("TRACE", "/api/v1/cases", headers=auth(tokens["admin"])),
        client.get("/api/v1/cases?limit=0", headers=auth(tokens["admin"])),
        client.post(f"/api/v1/cases/{DURAND_CASE}/payments", content=b"{",
                    headers={**auth(tokens["admin"]), "content-type": "application/json"}),
    ):  # fmt: skip
        assert answer.headers["content-type"].startswith("application/json"), answer.text
        assert set(answer.json()["error"]) >= {"code", "message"}
        assert "Traceback" not in answer.text
    assert client.delete("/api/v1/cases", headers=auth(tokens["admin"])).status_code == 405


def test_statement_gives_the_parts_owed_today(client: TestClient, tokens: dict[str, str]) -> None:
    answer = client.get(f"/api/v1/cases/{MARTIN_CASE}/statement", headers=auth(tokens["martin"]))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["on"] == "2026-03-02" and body["invoices"][0]["number"] == "M-77"
    assert set(body["totals"]) == {"principal", "interest", "indemnity", "costs", "total_due"}


def test_openapi_documents_every_status(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["paths"] and all(p.startswith("/api/v1/") for p in schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"401", "422", "500"} <= set(operation["responses"]), (method, path)
            if method == "post":
                names = {p["name"] for p in operation.get("parameters", [])}
                assert "Idempotency-Key" in names, path


def test_a_key_under_way_is_not_run_twice(
    client: TestClient, tokens: dict[str, str], world: App
) -> None:
    """A second request while the first holds the key is told so (409); nothing runs."""
    url, body = f"/api/v1/cases/{DURAND_CASE}/payments", b'{"amount": "1.00"}'
    seen = hashlib.sha256(f"POST {url}?\n".encode() + body).hexdigest()
    service = api_tokens_service(world)
    holder = service.holder(tokens["agent"])
    assert holder is not None
    assert service.claim(holder.user.id, "under-way", seen) is None  # the first, running
    before = len(world.case_queries.case_detail(DURAND_CASE).payments)  # type: ignore[union-attr]
    answer = client.post(
        url, content=body,
        headers={**auth(tokens["agent"]), "Idempotency-Key": "under-way",
                 "Content-Type": "application/json"},
    )  # fmt: skip
    assert answer.status_code == 409 and code_of(answer) == "idempotency_in_progress"
    after = world.case_queries.case_detail(DURAND_CASE)
    assert after is not None and len(after.payments) == before


def test_a_sent_letter_is_listed_and_downloaded_as_sent(tmp_path: Path) -> None:
    """A letter's PDF as filed in the tray, within the case's scope only."""
    pdf = b"%PDF-1.7\n% lettre de relance\n%%EOF\n"
    app = build_world(tmp_path)
    try:
        stamp = "2026-02-20T09:00:00.000000Z"
        with app.engine.begin() as connection:
            inserted = connection.execute(
                actions.insert().values(
                    idempotency_key="case:1:step:relance-1:attempt:1", case_id=1,
                    step_id="relance-1", attempt=1, kind="reminder", channel="letter",
                    template="reminder", due_on=date(2026, 2, 20), status="sent",
                    requires_approval=False,
                    payload=json.dumps({"case_reference": DURAND_CASE}),
                    created_at=stamp, updated_at=stamp, sent_at=stamp,
                    content_sha256=hashlib.sha256(pdf).hexdigest(),
                )
            ).inserted_primary_key  # fmt: skip
        assert inserted is not None
        action_id = inserted[0]
        filed = tmp_path / "courrier" / "2026-02-20" / f"{action_id:09d}.pdf"
        filed.parent.mkdir(parents=True)
        filed.write_bytes(pdf)
        service = api_tokens_service(app)
        agent = auth(service.create("agent", "docs").secret)
        martin = auth(service.create("martin", "docs").secret)
        client = TestClient(create_app(app), base_url="https://testserver")
        listed = client.get(f"/api/v1/cases/{DURAND_CASE}/documents", headers=agent).json()
        assert [(d["action_id"], d["downloadable"]) for d in listed["items"]] == [(action_id, True)]
        url = f"/api/v1/cases/{DURAND_CASE}/documents/{action_id}"
        download = client.get(url, headers=agent)
        assert download.status_code == 200 and download.content == pdf
        assert download.headers["content-type"] == "application/pdf"
        assert download.headers["content-disposition"].startswith("attachment;")
        assert client.get(url, headers=martin).status_code == 404
        other = client.get(f"/api/v1/cases/D-2026-000002/documents/{action_id}", headers=agent)
        assert other.status_code == 404 and code_of(other) == "document_not_found"
    finally:
        app.dispose()


def test_a_creditor_client_cannot_import_for_another_creditor(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """The file's own creditor column cannot widen the token's scope."""
    header = HEADER.rstrip("\n") + ";SIREN créancier\n"
    file = header + f"Y-1;01/02/2026;03/03/2026;10,00;Client Un;;particulier;{DURAND}\n"
    answer = client.post(
        "/api/v1/imports", headers=auth(tokens["martin"]),
        files={"file": ("y.csv", file.encode(), "text/csv")},
    )  # fmt: skip
    assert answer.status_code == 422 and code_of(answer) == "import_refused", answer.text
    agent_cases = client.get("/api/v1/cases?q=Y-1", headers=auth(tokens["admin"])).json()
    assert agent_cases["total"] == 0
