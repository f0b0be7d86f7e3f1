"""``recouvre letter preview``: a sample of each kind, French errors."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.documents import KIND_NAMES

runner = CliRunner()


@pytest.mark.parametrize("name", [n for n in KIND_NAMES if n != "sms"])
def test_preview_writes_a_pdf(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.pdf"
    result = runner.invoke(app, ["letter", "preview", name, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        assert "D-2026-00017" in pdf.pages[0].extract_text()


def test_preview_sms_prints_text_and_segments() -> None:
    result = runner.invoke(app, ["letter", "preview", "sms", "--agence"])
    assert result.exit_code == 0, result.output
    assert "Premier courrier réf. AUB-D-2026-00017 du 06/10/2026" in result.output
    assert "caractères gsm7, 2 SMS" in result.output


def test_preview_left_window_english_agency(tmp_path: Path) -> None:
    out = tmp_path / "notice.pdf"
    args = ["letter", "preview", "mise-en-demeure", "--out", str(out)]
    result = runner.invoke(app, [*args, "--agence", "--langue", "en", "--fenetre", "gauche"])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        [found] = pdf.pages[0].search("SARL Boulangerie")
        assert abs(found["x0"] * 25.4 / 72 - 20.0) < 0.5  # left window: x = 20 mm


def test_unknown_kind_is_a_french_error() -> None:
    result = runner.invoke(app, ["letter", "preview", "lettre-inconnue"])
    assert result.exit_code == 2
    assert "type de document inconnu « lettre-inconnue »" in result.output
