"""The exhibits bundle holds the documents themselves: the letter as the print tray filed it
(its own pages, checked against the journal's digest), a call as a dated call note, and the
journal extract in French words — read back from the bundle's PDF."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pdfplumber
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
MARTIN = "552100554"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        return [re.sub(r"\s+", " ", page.extract_text() or "") for page in document.pages]


def _send_the_reminder(env: dict[str, str]) -> None:
    code, _, err = run(
        env, "creditor", "set", MARTIN,
        "--iban", "FR76 3000 6000 0112 3456 7890 189", "--bic", "AGRIFRPPXXX",
        "--address", "2 rue de Paris", "--postal-code", "97400", "--city", "Saint-Denis",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(env, "run", "--on", "2026-03-02", "--json")
    assert code == 0, err
    assert json.loads(out)["sending"]["by_channel"] == {"letter": 1}  # case 2's reminder


def test_the_bundle_holds_the_letter_as_sent_and_a_french_journal(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    # the sender checks the contact window at its own instant: a Monday morning
    env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    _send_the_reminder(env)
    code, _, err = run(env, "judicial", "start", "2", "injonction-de-payer", "--on", "2026-09-14",
                       "--force")  # fmt: skip
    assert code == 0, err
    code, out, err = run(env, "judicial", "papers", "1", "--out", str(tmp_path / "p"),
                         "--on", "2026-09-14")  # fmt: skip
    assert code == 0, err
    assert "Pièce n° 2 : Relance (lettre simple)" in out
    pages = _pages(tmp_path / "p" / "D-2026-000002-procedure-1-pieces.pdf")
    letter = [p for p in pages if "Objet : Relance : facture M-77" in p]
    # The letter itself, as the print tray filed it, stamped as exhibit 2, after its sheet.
    assert len(letter) == 1 and letter[0].startswith("Pièce n° 2")
    assert "Marie Dupont 8 rue Pasteur 97400 Saint-Denis" in letter[0]
    sheet = pages[pages.index(letter[0]) - 1]
    assert "La copie envoyée suit cette page." in sheet
    journal = pages[-1]
    assert "Extrait du journal de preuve" in journal
    assert "Document envoyé" in journal and "Action planifiée" in journal
    assert not re.search(r"\b(action_sent|action_planned|contact_deferred)\b", journal)


def test_a_copy_changed_since_sending_is_refused(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    # the sender checks the contact window at its own instant: a Monday morning
    env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    _send_the_reminder(env)
    [filed] = (Path(env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf")
    filed.write_bytes(filed.read_bytes() + b"%% retouche\n")
    code, _, err = run(env, "judicial", "start", "2", "injonction-de-payer", "--on", "2026-09-14",
                       "--force")  # fmt: skip
    assert code == 0, err
    code, _, err = run(env, "judicial", "papers", "1", "--out", str(tmp_path / "p"))
    assert code == 1 and "ne correspond plus à l'empreinte du journal de preuve" in err
    assert not (tmp_path / "p").exists()


def test_the_same_file_is_not_produced_twice(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    # the sender checks the contact window at its own instant: a Monday morning
    env = {**seeded_cli_env, "RECOUVRE_TEST_SEND_NOW": "2026-03-02T10:00:00+01:00"}
    code, _, err = run(env, "judicial", "start", "2", "injonction-de-payer", "--on", "2026-09-14",
                       "--force")  # fmt: skip
    assert code == 0, err
    order = tmp_path / "bon.pdf"
    order.write_bytes(b"%PDF-1.4 bon de commande")
    code, _, err = run(env, "judicial", "papers", "1", "--out", str(tmp_path / "p"),
                       "--piece", f"Bon de commande={order}",
                       "--piece", f"CGV={order}")  # fmt: skip
    assert code == 1 and "« Bon de commande » et « CGV » : le même fichier deux fois" in err
