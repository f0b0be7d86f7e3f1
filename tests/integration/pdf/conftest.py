"""Shared pieces of the PDF parse-back tests: one renderer, and the tools that read PDFs back.

``pdftoppm`` (poppler-utils) renders a page to PNG and ``zbarimg`` (zbar-tools) decodes the QR
code from it; both are Debian packages installed by CI (.ci/run). They are required: a missing
tool fails the test, it does not skip it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from recouvre.adapters.pdf.typst_renderer import TypstLetterRenderer


@pytest.fixture(scope="session")
def renderer() -> TypstLetterRenderer:
    return TypstLetterRenderer()


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} introuvable : installez poppler-utils et zbar-tools (apt-get)")
    return path


def decode_qr_codes(pdf: Path, page: int = 1) -> list[str]:
    """Render ``page`` at 200 dpi and decode every QR code on it (payloads, raw)."""
    png = pdf.with_suffix(f".p{page}")
    subprocess.run(
        [
            require("pdftoppm"),
            "-r",
            "200",
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(png),
        ],
        check=True,
    )
    out = subprocess.run(
        [require("zbarimg"), "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(png) + ".png"],
        capture_output=True,
        check=False,
    )
    text = out.stdout.decode("utf-8")
    return [text.rstrip("\n")] if text.strip() else []


@pytest.fixture(scope="session")
def qr_decoder() -> Callable[[Path, int], list[str]]:
    require("pdftoppm")
    require("zbarimg")
    return decode_qr_codes
