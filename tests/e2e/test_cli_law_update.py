"""``recouvre law update`` against a real HTTP server on 127.0.0.1 serving recorded answers in
the official formats (ECB Data Portal SDMX-CSV, Banque de France Webstat CSV), then what
``law rates`` and ``statement`` make of the rows it added."""

from __future__ import annotations

import functools
import json
import socket
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.paths import FIXTURES

FEEDS = FIXTURES / "rates_feed"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(FEEDS))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(
    data: Path, ecb: str, til: str, *args: str, answer: str | None = None, law: str = ""
) -> tuple[int, str]:
    env = {
        "RECOUVRE_DATA_DIR": str(data),
        "RECOUVRE_LAW_FILE": law,
        "RECOUVRE_ECB_URL": ecb,
        "RECOUVRE_LEGAL_RATE_URL": til,
        "RECOUVRE_RATES_TIMEOUT": "5",
        "RECOUVRE_LANG": "fr",
    }
    result = CliRunner().invoke(app, list(args), env=env, input=answer)
    return result.exit_code, result.output


def law_file(data: Path) -> Path:
    return data / "config" / "law.toml"


def feeds(server: str, ecb: str, til: str) -> tuple[str, str]:
    return f"{server}/{ecb}?format=csvdata", f"{server}/{til}"


def write_statement(folder: Path) -> Path:
    path = folder / "claim.yaml"
    path.write_text(
        "creancier:\n  type: entreprise\n  nom: Atelier Durand SARL\n"
        "debiteur:\n  type: entreprise\n  nom: Bâtiment Martin SAS\n"
        "factures:\n  - numero: F-2026-120\n    date: 2026-11-15\n"
        "    echeance: 2026-12-15\n    montant: \"10000.00\"\n",
        encoding="utf-8",
    )
    return path


def test_new_rows_are_shown_added_after_confirmation_and_used(server: str, tmp_path: Path) -> None:
    urls = feeds(server, "ecb-2027-01.csv", "til-2027-S1.csv")
    claim = write_statement(tmp_path)
    code, output = run(tmp_path, *urls, "statement", str(claim), "--on", "2027-01-31")
    assert code == 2 and "inconnu pour le 2027-01-01" in output
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", answer="o\n")
    assert code == 0, output
    assert "3 nouvelle(s) ligne(s)" in output
    assert "(ecb_mro) au 01/01/2027 : 2,65 % — source : BCE, Data Portal" in output
    assert "(til_particuliers) au 01/01/2027 : 6,91 %" in output
    assert "(til_autres) au 01/01/2027 : 2,68 % — source : Banque de France, Webstat" in output
    assert f"3 ligne(s) ajoutée(s) à {law_file(tmp_path)}" in output
    code, output = run(tmp_path, *urls, "law", "rates", "--on", "2027-01-05")
    assert code == 0, output
    assert "ecb_mro) : 2,65\u00a0% — depuis le 01/01/2027 jusqu'au 30/06/2027" in output
    assert "Prochain semestre : 01/07/2027 — taux BCE absent" in output
    code, output = run(tmp_path, *urls, "law", "rates", "--on", "2026-12-07")
    assert (
        "Prochain semestre : 01/01/2027 — taux BCE présent, taux légal particuliers présent, "
        "taux légal autres cas présent\n"
    ) in output
    code, output = run(tmp_path, *urls, "statement", str(claim), "--on", "2027-01-31", "--json")
    assert code == 0, output
    (invoice,) = json.loads(output)["invoices"]
    assert [(s["from"], s["rate"]) for s in invoice["interest"]["slices"]] == [
        ("2026-12-16", "12.40"),
        ("2027-01-01", "12.65"),
    ]
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", "--yes")
    assert code == 0 and "aucune nouvelle ligne" in output


def test_yes_adds_without_asking_and_json_lists_the_rows(server: str, tmp_path: Path) -> None:
    urls = feeds(server, "ecb-2027-01.csv", "til-2027-S1.csv")
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", "--json")
    assert code == 0 and json.loads(output)["written"] is False
    assert not law_file(tmp_path).exists()
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", "--yes")
    assert code == 0 and "[o/N]" not in output, output
    assert law_file(tmp_path).read_text(encoding="utf-8").count("[[rows]]") == 3
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", "--json")
    assert json.loads(output)["rows"] == []


def test_refusing_at_the_prompt_writes_nothing(server: str, tmp_path: Path) -> None:
    urls = feeds(server, "ecb-2027-01.csv", "til-2027-S1.csv")
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", answer="n\n")
    assert code == 0 and "Rien n'a été écrit." in output
    assert not law_file(tmp_path).exists()


def test_an_answer_with_no_new_row_says_so(server: str, tmp_path: Path) -> None:
    urls = feeds(server, "ecb-2026-12.csv", "til-2026-S2.csv")
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2026-12-07")
    assert code == 0, output
    assert "Taux à jour : aucune nouvelle ligne" in output
    assert not law_file(tmp_path).exists()
    code, output = run(tmp_path, *urls, "law", "rates", "--on", "2026-12-07")
    assert "Prochain semestre : 01/01/2027 — taux BCE absent" in output
    assert "(recouvre law update)" in output
    code, output = run(tmp_path, *urls, "law", "rates", "--on", "2026-12-07", "--json")
    assert json.loads(output)["next_half_year"] == {
        "starts": "2027-01-01",
        "present": {"ecb_mro": False, "til_particuliers": False, "til_autres": False},
    }


def test_a_malformed_answer_is_refused_and_the_file_is_left_alone(
    server: str, tmp_path: Path
) -> None:
    urls = feeds(server, "ecb-2027-01.csv", "til-2027-S1.csv")
    assert run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", "--yes")[0] == 0
    before = law_file(tmp_path).read_bytes()
    bad = feeds(server, "ecb-malformed.csv", "til-2027-S1.csv")
    code, output = run(tmp_path, *bad, "law", "update", "--on", "2027-07-02", "--yes")
    assert code == 1
    assert "ecb-malformed.csv" in output and "champs au lieu de 40" in output
    assert "Traceback" not in output
    assert law_file(tmp_path).read_bytes() == before


def test_a_server_down_is_said_in_french(tmp_path: Path) -> None:
    down = f"http://127.0.0.1:{closed_port()}/feed.csv"
    code, output = run(tmp_path, down, down, "law", "update", "--on", "2027-01-05", "--yes")
    assert code == 1
    assert "injoignable" in output and "Traceback" not in output
    assert not law_file(tmp_path).exists()


def test_a_missing_file_on_the_server_is_said(server: str, tmp_path: Path) -> None:
    urls = feeds(server, "absent.csv", "til-2027-S1.csv")
    code, output = run(tmp_path, *urls, "law", "update", "--on", "2027-01-05", "--yes")
    assert code == 1 and "répond HTTP 404" in output


def test_rows_go_to_recouvre_law_file_when_set_and_keep_its_rows(
    server: str, tmp_path: Path
) -> None:
    own = tmp_path / "corrections.toml"
    mine = (
        '[[rows]]\nkey = "fixed_indemnity"\neffective_from = 2030-01-01\nvalue = 50\n'
        'unit = "EUR"\nsource = "mon essai"\nstatus = "unverified"\n'
    )
    own.write_text(mine, encoding="utf-8")
    urls = feeds(server, "ecb-2027-01.csv", "til-2027-S1.csv")
    args = ("law", "update", "--on", "2027-01-05", "--yes")
    code, output = run(tmp_path, *urls, *args, law=str(own))
    assert code == 0 and f"3 ligne(s) ajoutée(s) à {own}" in output, output
    text = own.read_text(encoding="utf-8")
    assert text.startswith(mine) and text.count("[[rows]]") == 4
    assert not law_file(tmp_path).exists()
