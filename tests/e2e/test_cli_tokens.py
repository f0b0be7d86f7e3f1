"""Transcripts of ``recouvre token create/list/revoke``: the token is printed once, kept only as
its SHA-256, opens the API as its user, and opens nothing while its account is disabled or
once it is revoked."""

from __future__ import annotations

import hashlib
import json
import re

import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from recouvre.adapters.db.tables.api import api_tokens
from recouvre.bootstrap import build
from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.web.app import create_app
from recouvre.settings import load_settings

runner = CliRunner()
TOKEN = re.compile(r"^Jeton n° (\d+) créé pour robot : (rcv_[A-Za-z0-9_-]{43})$", re.M)


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_a_token_is_shown_once_stored_hashed_and_revoked(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    code, _, err = run(
        env, "user", "add", "robot", "--role", "manager", "--password-stdin",
        stdin="un mot de passe assez long\n",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(env, "token", "create", "--user", "robot", "--name", "ERP nightly")
    assert code == 0, err
    found = TOKEN.search(out)
    assert found, out
    number, secret = found.group(1), found.group(2)
    application = build(load_settings(env))
    try:
        with application.engine.connect() as connection:
            stored = connection.execute(sa.select(api_tokens.c.token_sha256)).scalars().all()
        assert stored == [hashlib.sha256(secret.encode()).hexdigest()]  # never the secret
        client = TestClient(create_app(application), base_url="https://testserver")
        bearer = {"Authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/cases", headers=bearer).status_code == 200
        code, out, _ = run(env, "token", "list", "--json")
        listed = json.loads(out)
        assert [(t["id"], t["user"], t["name"]) for t in listed] == [
            (int(number), "robot", "ERP nightly")
        ]
        assert listed[0]["last_used_at"] is not None and secret not in out
        assert run(env, "user", "disable", "robot")[0] == 0  # a disabled account's token: 401
        assert client.get("/api/v1/cases", headers=bearer).status_code == 401
        assert run(env, "user", "enable", "robot")[0] == 0
        assert client.get("/api/v1/cases", headers=bearer).status_code == 200
        assert run(env, "token", "revoke", number)[1] == f"Jeton n° {number} révoqué.\n"
        assert client.get("/api/v1/cases", headers=bearer).status_code == 401
        code, _, err = run(env, "token", "revoke", number)
        assert code != 0 and "aucun jeton actif" in err
        code, _, err = run(env, "token", "create", "--user", "nobody", "--name", "x")
        assert code != 0 and "aucun compte « nobody »" in err
    finally:
        application.dispose()
