"""The daily run's letter carries the debtor portal's link when ``RECOUVRE_PORTAL_URL`` is set:
the PDF filed in the print tray, read back, prints it, and the link opens that case's portal
page; with the setting unset, the same letter prints no link."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pdfplumber
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from recouvre.bootstrap import build
from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.web.app import create_app
from recouvre.settings import load_settings

runner = CliRunner()
MARTIN = "552100554"
BASE = "https://paiement.example.fr"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _filed_letter(env: dict[str, str]) -> str:
    code, _, err = run(
        env, "creditor", "set", MARTIN,
        "--iban", "FR76 3000 6000 0112 3456 7890 189", "--bic", "AGRIFRPPXXX",
        "--address", "2 rue de Paris", "--postal-code", "97400", "--city", "Saint-Denis",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(env, "run", "--on", "2026-03-02", "--json")
    assert code == 0, err
    assert json.loads(out)["sending"]["by_channel"] == {"letter": 1}
    [filed] = (Path(env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf")
    with pdfplumber.open(io.BytesIO(filed.read_bytes())) as document:
        return "".join((page.extract_text() or "") for page in document.pages)


def test_the_sent_letter_prints_a_working_portal_link(
    seeded_cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {
        **seeded_cli_env,
        "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00",
        "RECOUVRE_PORTAL_URL": BASE,
        "RECOUVRE_PORTAL_DAYS": "3650",  # the letter is dated 2026-03-02, the page read today
    }
    text = _filed_letter(env)
    assert "Votre dossier en ligne" in text
    joined = re.sub(r"\s+", "", text)
    found = re.search(re.escape(BASE) + r"/portal/([\w-]+\.[\w-]{43})", joined)
    assert found, joined[-800:]
    monkeypatch.setenv("RECOUVRE_PORTAL_DAYS", "3650")  # the portal reads the process's own
    application = build(load_settings(env))
    try:
        browser = TestClient(create_app(application), base_url="https://testserver")
        page = browser.get(f"/portal/{found.group(1)}")
        assert page.status_code == 200
        assert "Marie Dupont" in page.text and "M-77" in page.text
    finally:
        application.dispose()


def test_without_the_setting_the_letter_prints_no_link(seeded_cli_env: dict[str, str]) -> None:
    env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    text = _filed_letter(env)
    assert "Votre dossier en ligne" not in text and "/portal/" not in text
