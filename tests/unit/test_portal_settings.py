"""The debtor portal's settings and links: ``[portal] url`` in recouvre.toml or the
environment, a refused address, the generated key file (0600, kept), and tokens that open one
case until they expire and nothing once changed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from recouvre.adapters.portal_tokens import PortalTokens, portal_key
from recouvre.portal_settings import load_portal_settings
from recouvre.settings import SettingsError


def test_the_address_comes_from_the_file_or_the_environment(tmp_path: Path) -> None:
    (tmp_path / "recouvre.toml").write_text(
        '[portal]\nurl = "https://pay.example.fr/"\ndays = 30\n'
    )
    settings = load_portal_settings({"RECOUVRE_DATA_DIR": str(tmp_path)})
    assert settings.url == "https://pay.example.fr" and settings.days == 30
    env = {"RECOUVRE_DATA_DIR": str(tmp_path), "RECOUVRE_PORTAL_URL": "http://127.0.0.1:9000"}
    assert load_portal_settings(env).url == "http://127.0.0.1:9000"
    assert load_portal_settings({"RECOUVRE_DATA_DIR": str(tmp_path / "none")}).url == ""
    with pytest.raises(SettingsError, match="RECOUVRE_PORTAL_URL"):
        load_portal_settings({"RECOUVRE_DATA_DIR": str(tmp_path), "RECOUVRE_PORTAL_URL": "ftp://x"})


def test_the_key_file_is_made_once_for_its_owner_only(tmp_path: Path) -> None:
    key_file = tmp_path / "portal.key"
    first = portal_key("", key_file)
    assert len(first) == 64 and key_file.stat().st_mode & 0o777 == 0o600
    assert portal_key("", key_file) == first
    assert portal_key("configured", key_file) == b"configured"


def test_a_token_opens_its_case_until_it_expires() -> None:
    tokens = PortalTokens(b"k" * 32, 10)
    on = date(2026, 3, 2)
    token = tokens.issue("D-2026-000001", on)
    assert tokens.read(token, on) == "D-2026-000001"
    assert tokens.read(token, on + timedelta(days=10)) == "D-2026-000001"
    assert tokens.read(token, on + timedelta(days=11)) is None
    assert tokens.read(token, on - timedelta(days=1)) is None
    assert tokens.read(token[:-1] + ("x" if token[-1] != "x" else "y"), on) is None
    assert PortalTokens(b"other", 10).read(token, on) is None
    nonce = "n" * 43
    field = tokens.form_token(token, nonce)
    assert tokens.form_valid(field, token, nonce)
    assert not tokens.form_valid(field, token, "m" * 43)
    assert not tokens.form_valid(field, tokens.issue("D-2026-000002", on), nonce)
