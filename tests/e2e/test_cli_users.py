"""Transcripts of ``recouvre user add/list/disable/enable/passwd/log``: accounts of the web
application, checked by signing in through the sessions use case."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from recouvre.bootstrap import build
from recouvre.bootstrap.web import sessions_service
from recouvre.entrypoints.cli.commands import app
from recouvre.services.web_accounts.model import LoginOutcome
from recouvre.settings import load_settings

runner = CliRunner()
PASSWORD = "un mot de passe assez long"


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def sign_in(env: dict[str, str], login: str, password: str) -> LoginOutcome:
    application = build(load_settings(env))
    try:
        return sessions_service(application).sign_in(login, password, "127.0.0.1").outcome
    finally:
        application.dispose()


def test_accounts_are_created_listed_disabled_and_their_password_changed(
    seeded_cli_env: dict[str, str],
) -> None:
    env = seeded_cli_env
    code, out, err = run(
        env, "user", "add", "claire", "--role", "creditor_client", "--name", "Claire Durand",
        "--creditor", "732 829 320", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, err
    assert out == "Compte claire créé (client créancier, créanciers : 732829320).\n"
    code, out, _ = run(env, "user", "list", "--json")
    assert json.loads(out)[0] | {"created_at": "-"} == {
        "login": "claire", "name": "Claire Durand", "role": "creditor_client",
        "creditors": ["732829320"], "disabled": False, "created_at": "-",
    }  # fmt: skip
    assert sign_in(env, "claire", PASSWORD) is LoginOutcome.SUCCEEDED
    assert run(env, "user", "disable", "claire")[0] == 0
    assert sign_in(env, "claire", PASSWORD) is LoginOutcome.FAILED
    assert run(env, "user", "enable", "claire")[0] == 0
    new = "un autre mot de passe, long"
    code, out, _ = run(env, "user", "passwd", "claire", "--password-stdin", stdin=new + "\n")
    assert code == 0 and "ses sessions sont fermées" in out
    assert sign_in(env, "claire", PASSWORD) is LoginOutcome.FAILED
    assert sign_in(env, "claire", new) is LoginOutcome.SUCCEEDED
    code, out, _ = run(env, "user", "log")
    assert code == 0 and "connexion" in out and "échec" in out and new not in out


def test_refusals_are_said_in_french(seeded_cli_env: dict[str, str]) -> None:
    env = seeded_cli_env
    add = ("user", "add", "bob", "--password-stdin")
    code, _, err = run(env, *add, "--role", "agent", stdin="court\n")
    assert code == 1 and "mot de passe trop court : au moins 12 caractères" in err
    code, _, err = run(env, *add, "--role", "creditor_client", stdin=PASSWORD + "\n")
    assert code == 1 and "un client créancier est rattaché à un seul créancier" in err
    code, _, err = run(
        env, *add, "--role", "agent", "--creditor", "542065479", stdin=PASSWORD + "\n"
    )
    assert code == 1 and "aucun créancier de SIREN 542065479" in err
    assert run(env, *add, "--role", "agent", stdin=PASSWORD + "\n")[0] == 0
    code, _, err = run(env, *add, "--role", "agent", stdin=PASSWORD + "\n")
    assert code == 1 and "l'identifiant « bob » existe déjà" in err
    code, _, err = run(env, "user", "disable", "nobody")
    assert code == 1 and "aucun compte « nobody »" in err
