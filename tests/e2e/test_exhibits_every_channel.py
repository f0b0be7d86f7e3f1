"""A case worked on every channel, then sent to court: the exhibits bundle carries the letters
as they were printed, the formal notice followed by the scan of its signed acknowledgement
(``tracking proof``), the call as a dated call note and the journal in French — read back
from the bundle, page by page."""

from __future__ import annotations

import io
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from recouvre.bootstrap import build
from recouvre.entrypoints.cli.commands import app as cli
from recouvre.settings import load_settings
from support.outbox_seed import add_action, seed_case

runner = CliRunner()
DAY = "2026-11-23"
TRACKING = "1A01234567890"


class Inbox:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


@pytest.fixture
def env(cli_env: dict[str, str]) -> Iterator[tuple[dict[str, str], dict[str, int]]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    full = {
        **cli_env,
        "RECOUVRE_SMTP_HOST": "127.0.0.1",
        "RECOUVRE_SMTP_PORT": str(port),
        "RECOUVRE_SMTP_SECURITY": "none",
        # The sender checks the contact window at its own instant: a Monday morning in Paris.
        "RECOUVRE_TEST_SEND_NOW": "2026-11-23T10:00:00+01:00",
    }
    application = build(load_settings(cli_env), actor="test:seed")
    application.init_database()
    seeded = seed_case(application)
    ids = {
        channel: add_action(application.engine, seeded, channel)
        for channel in ("email", "letter", "registered_letter", "phone")
    }
    application.dispose()
    try:
        yield full, ids
    finally:
        controller.stop()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def scanned_acknowledgement(path: Path) -> Path:
    """A one-page PDF standing for the scan, with a line of text to find it by."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                           BaseFont=pikepdf.Name.Helvetica)
    )  # fmt: skip
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 760 Td (AVIS DE RECEPTION SIGNE) Tj ET")
    pdf.save(path)
    return path


def pages(pdf: Path) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        return [re.sub(r"\s+", " ", page.extract_text() or "") for page in document.pages]


def test_the_bundle_produces_what_was_sent_on_every_channel(env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    environ, ids = env
    assert run(environ, "send", "--date", DAY)[0] == 0
    code, _, err = run(environ, "calls", "outcome", str(ids["phone"]), "promise",
                       "--amount", "500,00", "--by", "2026-12-05", "--date", DAY)  # fmt: skip
    assert code == 0, err
    registered = str(ids["registered_letter"])
    assert run(environ, "tracking", "assign", registered, TRACKING, "--posted-on", DAY)[0] == 0
    scan = scanned_acknowledgement(tmp_path / "ar.pdf")
    code, _, err = run(environ, "tracking", "proof", "1A 012 345 6789 0", "ar.txt")
    assert code == 1 and "ar.txt" in err  # no such file: said in French
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    code, _, err = run(environ, "tracking", "proof", TRACKING, str(tmp_path / "photo.jpg"))
    assert code == 1 and "ce n'est pas un PDF" in err
    code, out, err = run(environ, "tracking", "proof", "1A 012 345 6789 0", str(scan),
                         "--on", "2026-11-27")  # fmt: skip
    assert code == 0, err
    assert f"Avis de réception joint à la lettre {TRACKING}" in out
    code, _, err = run(environ, "judicial", "start", "1", "injonction-de-payer",
                       "--on", "2026-12-07", "--force")  # fmt: skip
    assert code == 0, err
    code, out, err = run(environ, "judicial", "papers", "1", "--out", str(tmp_path / "p"),
                         "--on", "2026-12-07")  # fmt: skip
    assert code == 0, err
    [bundle] = (tmp_path / "p").glob("*-pieces.pdf")
    text = pages(bundle)
    stamp = [int(re.findall(r"Pièce n° (\d+)", p)[0]) for p in text]
    assert stamp == sorted(stamp)  # every page stamped, exhibits in order
    # The reminder letter and the formal notice, each as printed, after its proof sheet.
    letters = [p for p in text if "Boulangerie Schmitt 3 place d'Armes 57000 Metz" in p]
    assert len(letters) >= 2
    # The signed acknowledgement follows the formal notice, inside the same exhibit.
    [ack] = [i for i, p in enumerate(text) if "AVIS DE RECEPTION SIGNE" in p]
    notice_sheet = max(i for i, p in enumerate(text[:ack]) if "Mise en demeure (lettre" in p)
    assert stamp[ack] == stamp[notice_sheet] and ack == notice_sheet + 2  # sheet, letter, AR
    assert "joint après la copie (SHA-256" in text[notice_sheet]
    assert "avis de réception signé, joint" in text[notice_sheet]
    # The call is produced once, as its note, not also as a « document sent ».
    assert not any("Relance (phone)" in p or "Relance (téléphone)" in p for p in text)
    # The call, as a dated note with what was promised.
    [note] = [p for p in text if "Note d'appel du 23/11/2026" in p]
    assert "promesse de paiement" in note and "500,00 €" in note and "05/12/2026" in note
    # The email as archived when sent: its headers, its text, then the letter it carried.
    [email] = [i for i, p in enumerate(text) if "Copie du message tel qu'envoyé" in p]
    assert "De : " in text[email] and "À : compta@schmitt.example" in text[email]
    assert "Objet : " in text[email] and "Message-ID : <" in text[email]
    assert "Pièce jointe : " in text[email] and "Sauf erreur de notre part" in text[email]
    assert stamp[email + 1] == stamp[email] and "Boulangerie Schmitt" in text[email + 1]
    # The journal extract, in French words, lists the attachment with the scan's digest.
    journal = text[-1]
    assert "Avis de réception signé joint" in journal and "Document envoyé" in journal
    assert "acknowledgement_attached" not in journal and "action_sent" not in journal
