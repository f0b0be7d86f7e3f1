"""``recouvre bounces fetch`` against dovecot on 127.0.0.1, and the ``RECOUVRE_IMAP_*`` settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from dsn_messages import ADDRESS, PROCESSED, REPLY, dsn
from imap_server import Dovecot, running_dovecot
from typer.testing import CliRunner

from recouvre.adapters.mail.imap_bounces import ImapSecurity, quote_mailbox
from recouvre.bootstrap import build
from recouvre.entrypoints.cli.commands import app as cli
from recouvre.settings import SettingsError, is_loopback, load_imap_settings, load_settings
from support.outbox_seed import seed_case

runner = CliRunner()


@pytest.fixture(scope="module")
def dovecot(certificate: tuple[Path, Path]) -> Iterator[Dovecot]:
    with running_dovecot(*certificate) as server:
        yield server


@pytest.fixture
def env(cli_env: dict[str, str], dovecot: Dovecot) -> dict[str, str]:
    """An initialised SQLite database with one case, and a mailbox configured for IMAPS."""
    application = build(load_settings(cli_env), actor="test:seed")
    application.init_database()
    seed_case(application, email=ADDRESS)
    application.dispose()
    user = f"cli{len(dovecot.users) + 1}"
    dovecot.add_user(user, "secret-imap")
    return {
        **cli_env,
        "RECOUVRE_IMAP_HOST": "127.0.0.1",
        "RECOUVRE_IMAP_PORT": str(dovecot.tls_port),
        "RECOUVRE_IMAP_USER": user,
        "RECOUVRE_IMAP_PASSWORD": "secret-imap",
        "RECOUVRE_IMAP_CA_FILE": str(dovecot.ca_file),
    }


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_fetch_then_fetch_again(env: dict[str, str], dovecot: Dovecot) -> None:
    user = env["RECOUVRE_IMAP_USER"]
    dovecot.deliver(user, dsn(ADDRESS, "failed", "5.1.1"))
    dovecot.deliver(user, REPLY)

    code, out, err = run(env, "bounces", "fetch", "--on", "2026-11-23", "--json")

    assert code == 0, err
    report = json.loads(out)
    assert report["unreachable"] == [ADDRESS] and report["cases"] == ["D-2026-000001"]
    assert (report["notices"], report["already_known"], report["skipped_files"]) == (1, 0, [])
    assert dovecot.flags(user) == [PROCESSED, set()]

    code, out, err = run(env, "bounces", "fetch")
    assert code == 0, err
    assert out.strip() == (
        "0 avis nouveau(x), 0 déjà connu(s), 0 temporaire(s) ; adresses injoignables : aucune."
    )


def test_refusals_are_french_and_fail(env: dict[str, str]) -> None:
    code, _, err = run({**env, "RECOUVRE_IMAP_PASSWORD": "mauvais"}, "bounces", "fetch")
    assert code == 1
    assert "erreur : serveur IMAP 127.0.0.1:" in err
    assert f"connexion refusée pour l'utilisateur « {env['RECOUVRE_IMAP_USER']} »" in err

    code, _, err = run({**env, "RECOUVRE_IMAP_HOST": ""}, "bounces", "fetch")
    assert code == 1 and "boîte IMAP des retours non configurée" in err

    code, _, err = run(
        {**env, "RECOUVRE_IMAP_HOST": "imap.exemple.fr", "RECOUVRE_IMAP_SECURITY": "none"},
        "bounces", "fetch",
    )  # fmt: skip
    assert code == 1 and "« none » (mot de passe en clair) refusé pour « imap.exemple.fr »" in err

    code, _, err = run({**env, "RECOUVRE_IMAP_CA_FILE": ""}, "bounces", "fetch")
    assert code == 1 and "certificat refusé" in err

    code, _, err = run(env, "bounces", "fetch", "--on", "31/02/2026")
    assert code == 2 and "--on : date invalide « 31/02/2026 »" in err


# --- settings ---------------------------------------------------------------------------------


def test_settings_defaults_and_checks(tmp_path: Path) -> None:
    assert load_imap_settings({}) is None
    base = {"RECOUVRE_IMAP_HOST": "imap.exemple.fr", "RECOUVRE_IMAP_USER": "relances",
            "RECOUVRE_IMAP_PASSWORD": "x"}  # fmt: skip
    tls = load_imap_settings(base)
    assert tls is not None
    assert (tls.security, tls.port, tls.mailbox) == (ImapSecurity.TLS, 993, "INBOX")
    assert tls.ca_file is None and tls.done_mailbox is None
    starttls = load_imap_settings({**base, "RECOUVRE_IMAP_SECURITY": "STARTTLS",
                                 "RECOUVRE_IMAP_MAILBOX": "Retours"})  # fmt: skip
    assert starttls is not None and (starttls.port, starttls.mailbox) == (143, "Retours")
    local = load_imap_settings(
        {**base, "RECOUVRE_IMAP_HOST": "::1", "RECOUVRE_IMAP_SECURITY": "none",
         "RECOUVRE_IMAP_PORT": "1143"}
    )  # fmt: skip
    assert local is not None and local.port == 1143
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    with_ca = load_imap_settings({**base, "RECOUVRE_IMAP_CA_FILE": str(ca)})
    assert with_ca is not None and with_ca.ca_file == ca

    refusals = {
        "RECOUVRE_IMAP_SECURITY : « ssl » inconnu": {"RECOUVRE_IMAP_SECURITY": "ssl"},
        "refusé pour « imap.exemple.fr »": {"RECOUVRE_IMAP_SECURITY": "none"},
        "RECOUVRE_IMAP_PORT : « 99999 »": {"RECOUVRE_IMAP_PORT": "99999"},
        "RECOUVRE_IMAP_PASSWORD manquant": {"RECOUVRE_IMAP_PASSWORD": ""},
        "RECOUVRE_IMAP_CA_FILE : fichier": {"RECOUVRE_IMAP_CA_FILE": str(tmp_path / "absent")},
    }
    for message, change in refusals.items():
        with pytest.raises(SettingsError, match=message):
            load_imap_settings({**base, **change})


def test_loopback_hosts() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "127.9.9.9", "::1", "[::1]", "localhost")] == [
        True
    ] * 5
    assert [is_loopback(h) for h in ("10.0.0.1", "imap.exemple.fr", "localhost.exemple.fr")] == [
        False
    ] * 3


def test_mailbox_names_are_quoted_in_modified_utf7() -> None:
    assert quote_mailbox("INBOX") == '"INBOX"'
    assert quote_mailbox("Retours traités") == '"Retours trait&AOk-s"'
    assert quote_mailbox("Échecs & retours") == '"&AMk-checs &- retours"'
    assert quote_mailbox('a"b\\c') == '"a\\"b\\\\c"'
