"""`recouvre import statement` on a long file (issue 13, « with progress bars on long
files »): a person at a terminal sees a progress bar on stderr while the lines are matched;
captured output (a script, a log, `--json`) never holds one."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.entrypoints.cli.payments import PROGRESS_FROM
from support.camt_files import Entry, Tx, camt053

IBAN = "FR7630006000011234567890189"
HEADER = "numéro de facture;date de facture;date d'échéance;montant TTC;raison sociale;SIREN;email"
LINE = "F-2026-0100;01/09/2026;30/09/2026;1200,00;Métallerie Lorraine SARL;552100554;a@example.org"
runner = CliRunner()


@pytest.fixture
def long_statement(cli_env: dict[str, str], tmp_path: Path) -> Path:
    invoices = tmp_path / "factures.csv"
    invoices.write_text(f"{HEADER}\n{LINE}\n", encoding="utf-8")
    for args in (
        ["init"],
        ["import", "invoices", str(invoices), "--creditor", "732829320"],
        ["creditor", "set", "732829320", "--iban", IBAN],
    ):
        result = runner.invoke(app, args, env=cli_env)
        assert result.exit_code == 0, result.stdout + result.stderr
    entries = [Entry("10.00", ref=f"BQ-{i}", txs=[Tx(ustrd=("VIREMENT",), debtor="X")])
               for i in range(PROGRESS_FROM)]  # fmt: skip
    path = tmp_path / "releve.xml"
    path.write_bytes(camt053(entries, opening=None, iban=IBAN))
    return path


def _on_a_terminal(env: dict[str, str], *args: str) -> tuple[int, str]:
    """Run the installed ``recouvre`` with stdout and stderr on a pseudo-terminal."""
    leader, follower = pty.openpty()
    command = [str(Path(sys.executable).parent / "recouvre"), *args]
    child = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
        env={**os.environ, **env, "TERM": "xterm-256color", "COLUMNS": "120"},
    )  # fmt: skip
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return child.wait(timeout=60), seen.decode("utf-8", "replace")


def test_a_long_statement_shows_a_progress_bar_on_a_terminal(
    cli_env: dict[str, str], long_statement: Path
) -> None:
    code, seen = _on_a_terminal(cli_env, "import", "statement", str(long_statement))
    assert code == 0, seen
    assert "Relevés" in seen
    assert f"/{PROGRESS_FROM}" in seen.replace("\u202f", "")  # « 500/2000 » lines done
    assert f"{PROGRESS_FROM} ligne(s)" in seen


def test_captured_output_never_holds_a_progress_bar(
    cli_env: dict[str, str], long_statement: Path
) -> None:
    result = runner.invoke(app, ["import", "statement", str(long_statement)], env=cli_env)
    assert result.exit_code == 0, result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert f"{PROGRESS_FROM} ligne(s)" in said
    assert "Relevés importés" in said
    assert "\x1b[" not in said and "━" not in said and "Relevés " not in said.replace(
        "Relevés importés", ""
    )
