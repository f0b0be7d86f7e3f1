"""Every PDF a demo day sends, read back inside the envelope window: the full postal address of
its recipient (street lines, postcode and town, the country in capitals last when abroad; an
overseas address is a French one, without a country line).

``recouvre demo`` builds the sample portfolio (companies, consumers, overseas départements and
consumers living abroad), ``recouvre run`` plans the day and hands the outbox to the real
sender: letters are filed in the letter tray (``courrier/``), emails go to a real SMTP server on
127.0.0.1 and are archived as sent (``courriels/``, their PDF attached). Each PDF is parsed back
with pdfplumber, by position (``adapters.pdf.geometry.WINDOWS``). The documents the demo's
agency writes for its client are signed by the agency's named person, with her role."""

from __future__ import annotations

import email
import io
import sqlite3
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pdfplumber
import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from recouvre.adapters.pdf import geometry
from recouvre.entrypoints.cli.commands import app
from recouvre.letters.channels import WindowSide
from recouvre.letters.formatting import normalise_spaces
from support.outbox_seed import Inbox, free_port

ON = "2026-11-23"  # the demo's date
DAY = "2026-11-26"  # the day run (a Thursday): a first step for each kind of debtor is due
MM = 72 / 25.4
OVERSEAS = ("971", "972", "973", "974", "976")
# Written here, not taken from the code: the country's French name in capitals (UPU S42).
COUNTRY_LINES = {"BE": "BELGIQUE", "DE": "ALLEMAGNE", "LU": "LUXEMBOURG", "CH": "SUISSE"}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    monkeypatch.chdir(tmp_path)
    port = free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield {
            "RECOUVRE_DATA_DIR": str(tmp_path / "data"),
            "RECOUVRE_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'demo.sqlite3'}",
            "RECOUVRE_SMTP_HOST": "127.0.0.1",
            "RECOUVRE_SMTP_PORT": str(port),
            "RECOUVRE_SMTP_SECURITY": "none",
            "RECOUVRE_TEST_SEND_NOW": f"{DAY}T10:00:00+01:00",
            "COLUMNS": "100",
        }
    finally:
        controller.stop()


def cli(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def window_lines(pdf: bytes) -> list[str]:
    """The text lines inside the (right-hand, the demo's) window of page 1, top to bottom."""
    box = geometry.WINDOWS[WindowSide.RIGHT]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        inside = page.crop((box.left * MM, box.top * MM, box.right * MM, box.bottom * MM))
        text = inside.extract_text() or ""
    return [" ".join(normalise_spaces(line).split()) for line in text.splitlines() if line.strip()]


def attached_pdf(path: Path) -> bytes:
    message: Message = email.message_from_bytes(path.read_bytes())
    [pdf] = [p for p in message.walk() if p.get_content_type() == "application/pdf"]
    payload = pdf.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


def full_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    return " ".join(normalise_spaces(text).split())


def agency_cases(db: sqlite3.Connection) -> set[int]:
    rows = db.execute(
        "SELECT c.id FROM cases c JOIN creditors k ON k.id = c.creditor_id "
        "WHERE k.agency_id IS NOT NULL"
    ).fetchall()
    return {case_id for (case_id,) in rows}


def sent_pdfs(db: sqlite3.Connection, data: Path) -> list[tuple[int, str, bytes]]:
    """(case id, channel, PDF) of every letter and email sent."""
    out: list[tuple[int, str, bytes]] = []
    rows = db.execute(
        "SELECT id, case_id, channel, provider_ref FROM actions WHERE status = 'sent' "
        "AND channel IN ('letter', 'registered_letter', 'email')"
    ).fetchall()
    for action_id, case_id, channel, provider_ref in rows:
        if channel == "email":
            [archived] = (data / "courriels").glob(f"*/{action_id:09d}-*.eml")
            out.append((case_id, channel, attached_pdf(archived)))
        else:
            _, day, name = provider_ref.split(":")
            out.append((case_id, channel, (data / "courrier" / day / f"{name}.pdf").read_bytes()))
    return out


def expected_address(db: sqlite3.Connection, case_id: int) -> tuple[str, str, list[str]]:
    """The debtor's kind (company, consumer, overseas, abroad), name and address lines as the
    window must show them."""
    kind, name, lines, postal_code, city, country, departement = db.execute(
        "SELECT d.kind, d.name, d.address_lines, d.postal_code, d.city, d.country, "
        "d.departement FROM cases c JOIN debtors d ON d.id = c.debtor_id WHERE c.id = ?",
        (case_id,),
    ).fetchone()
    expected = [*[x for x in lines.split("\n") if x], f"{postal_code} {city}"]
    if country != "FR":
        return "abroad", name, [*expected, COUNTRY_LINES[country]]
    if departement in OVERSEAS:
        return "overseas", name, expected
    return kind, name, expected


def test_every_pdf_of_a_demo_day_shows_the_full_postal_address_in_the_window(
    env: dict[str, str],
) -> None:
    cli(env, "demo", "--on", ON)
    out = cli(env, "run", "--on", DAY)
    assert "lot d'impression" in out
    data = Path(env["RECOUVRE_DATA_DIR"])
    db = sqlite3.connect(data / "demo.sqlite3")
    try:
        pdfs = sent_pdfs(db, data)
        by_agency = agency_cases(db)
        seen: dict[str, int] = {}
        for case_id, channel, pdf in pdfs:
            kind, name, expected = expected_address(db, case_id)
            shown = window_lines(pdf)
            where = f"dossier {case_id} ({channel}, {kind}) : {shown}"
            assert shown[0] == name, where
            assert shown[-len(expected) :] == expected, where  # the country line last
            if kind == "overseas":
                assert not any(line in COUNTRY_LINES.values() or line == "FRANCE" for line in shown)
            seen[kind] = seen.get(kind, 0) + 1
            if case_id in by_agency:
                text = full_text(pdf)
                assert "Claire Martin" in text and "Chargée de recouvrement" in text, where
                seen["agency"] = seen.get("agency", 0) + 1
    finally:
        db.close()
    assert set(seen) == {"company", "consumer", "overseas", "abroad", "agency"}, seen
    channels = {channel for _, channel, _ in pdfs}
    assert {"letter", "email"} <= channels, channels
