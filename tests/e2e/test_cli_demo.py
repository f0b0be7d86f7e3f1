"""Transcript tests of ``recouvre demo`` and ``recouvre sample`` in a temporary folder."""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.domain.money import parse_amount
from recouvre.entrypoints.cli.commands import app
from recouvre.letters.formatting import eur as euros
from recouvre.services.cases.portfolio import AgeingBucket

ON = "2026-11-23"
AMOUNT = re.compile(r"(\d[\d\u202f\u00a0 ]*,\d{2})\s*€")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    return {
        "RECOUVRE_DATA_DIR": str(tmp_path / "data"),
        "RECOUVRE_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'demo.sqlite3'}",
        "COLUMNS": "100",
    }


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def amount_on_line(output: str, label: str) -> tuple[int, Decimal]:
    """The invoice count and the amount printed on the table row that starts with ``label``."""
    for line in output.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)]
        if cells and cells[0] == label:
            found = AMOUNT.search(line)
            assert found is not None, line
            return int(cells[1].replace("\u202f", "").replace("\u00a0", "")), parse_amount(
                found.group(1)
            )
    raise AssertionError(f"ligne « {label} » absente :\n{output}")


def test_demo_prints_buckets_that_add_up_to_the_outstanding_total(env: dict[str, str]) -> None:
    output = run(env, "demo", "--on", ON)
    for heading in ("1. Base de données", "2. Portefeuille", "3. Import", "4. Synthèse"):
        assert heading in output
    assert "Créanciers : 2" in output
    assert "Débiteurs : 300" in output
    total = re.search(r"Encours total : (.*€)", output)
    assert total is not None
    outstanding = parse_amount(AMOUNT.search(total.group(1)).group(1))  # type: ignore[union-attr]
    open_invoices = int(
        re.search(r"Factures ouvertes : ([\d\u202f]+)", output).group(1).replace("\u202f", "")  # type: ignore[union-attr]
    )
    rows = [amount_on_line(output, bucket.label) for bucket in AgeingBucket]
    assert all(n > 0 for n, _ in rows)
    assert sum(n for n, _ in rows) == open_invoices
    assert sum(a for _, a in rows) == outstanding
    assert amount_on_line(output, "total") == (open_invoices, outstanding)
    assert "Alsace-Moselle" in output and "Outre-mer" in output and "Particulier" in output
    assert (Path(env["RECOUVRE_DATA_DIR"]) / "exemple").is_dir()
    assert Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///")).is_file()


def test_demo_is_deterministic_and_keep_reimports_nothing(env: dict[str, str]) -> None:
    first = run(env, "demo", "--on", ON)
    second = run(env, "demo", "--on", ON)
    assert first == second
    # one debtor's portal link, the same on each run (the data folder's portal.key)
    assert re.search(r"Portail débiteur du dossier D-\d{4}-\d{6}", first)
    assert re.search(r"http://127\.0\.0\.1:8000/portal/[\w-]+\.[\w-]{43}", first)
    kept = run(env, "demo", "--on", ON, "--keep")
    import_rows = [line for line in kept.splitlines() if line.strip().startswith("factures-")]
    assert len(import_rows) == 2
    for line in import_rows:
        cells = [c.strip() for c in re.split(r"[│┃]", line)]
        assert cells[1] == cells[3] and cells[2] == "0", line  # all unchanged, none created
    assert kept.split("4. Synthèse")[1] == first.split("4. Synthèse")[1]


def stored(env: dict[str, str]) -> dict[str, int]:
    """What the demo left in its database (the simulation works on a copy)."""
    path = Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("creditors", "agencies", "debtors", "invoices", "cases")
        }
        counts["parties journaled"] = conn.execute(
            "SELECT count(*) FROM journal_entries WHERE kind IN ('creditor_added', 'agency_added')"
        ).fetchone()[0]
    return counts


def ageing(output: str) -> list[tuple[int, Decimal]]:
    """The ageing table's rows, checked to add up to the printed totals."""
    rows = [amount_on_line(output, bucket.label) for bucket in AgeingBucket]
    open_invoices, outstanding = amount_on_line(output, "total")
    assert sum(n for n, _ in rows) == open_invoices
    assert sum(a for _, a in rows) == outstanding
    assert f"Encours total : {euros(outstanding)}" in output
    return rows


def test_another_date_gives_another_book_stored_and_journaled(env: dict[str, str]) -> None:
    a = run(env, "demo", "--on", ON)
    b = run(env, "demo", "--on", "15/03/2025")
    assert "portefeuille au 23 novembre 2026 : 2 créanciers, 300 débiteurs" in a
    assert "portefeuille au 15 mars 2025 : 2 créanciers, 300 débiteurs" in b
    assert "2\u202f000 factures." in b
    assert "Créanciers : 2" in b and "Débiteurs : 300" in b
    # the sample's two creditors and the agency of one of them, registered through the
    # parties service: journaled like any other change
    open_cases = re.search(r"Dossiers ouverts : (\d+)", b)
    assert open_cases is not None
    assert stored(env) == {
        "creditors": 2,
        "agencies": 1,
        "debtors": 300,
        "invoices": 2000,
        "cases": int(open_cases.group(1)),
        "parties journaled": 3,
    }
    # the sample is drawn relative to its date: the same book, aged the same, dated otherwise
    assert ageing(a) == ageing(b)
    path = Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        first, last = conn.execute(
            "SELECT min(issue_date), max(issue_date) FROM invoices"
        ).fetchone()
    assert "2023-01-01" < first <= last <= "2025-03-15"
    verified = run(env, "journal", "verify")
    assert verified.startswith("Journal intègre : ") and "0 ancre(s)" in verified


def test_fresh_refuses_to_erase_a_database_with_real_creditors(env: dict[str, str]) -> None:
    run(env, "demo", "--on", ON)
    path = Path(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO creditors (name, siren) VALUES ('Vraie Société SA', '732829320')")
    result = CliRunner().invoke(app, ["demo", "--on", ON], env=env)
    assert result.exit_code == 1
    assert "Vraie Société SA" in result.output and "--keep" in result.output
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM creditors").fetchone()[0] == 3


def test_bad_date_is_refused_in_french(env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["demo", "--on", "demain"], env=env)
    assert result.exit_code == 2
    assert "--on : date invalide « demain »" in result.output


def test_sample_writes_the_csv_files(env: dict[str, str], tmp_path: Path) -> None:
    output = run(env, "sample", str(tmp_path / "out"), "--seed", "3", "--on", ON)
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files[0] == "creanciers.csv" and len(files) == 3
    assert all(name in output for name in files)
    again = tmp_path / "again"
    run(env, "sample", str(again), "--seed", "3", "--on", ON)
    for name in files:
        assert (again / name).read_bytes() == (tmp_path / "out" / name).read_bytes()


def test_sample_files_are_accepted_by_recouvre_import_invoices(
    env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run(env, "sample", str(out), "--on", ON)
    run(env, "init")
    created = 0
    for path in sorted(out.glob("factures-*.csv")):
        siren = path.stem.rsplit("-", 1)[1]
        output = run(env, "import", "invoices", str(path), "--creditor", siren)
        found = re.search(r"([\d\u202f]+) facture\(s\) créée\(s\)", output)
        assert found is not None, output
        created += int(found.group(1).replace("\u202f", ""))
        assert "« litige »" in output  # the story column is reported as ignored
    assert created == 2000
    again = run(env, "import", "invoices", str(next(out.glob("factures-fa-*.csv"))))
    assert " 0 facture(s) créée(s)" in again  # the creditor column names it; nothing changes


def test_demo_ends_with_the_web_application_and_accounts_that_sign_in(
    env: dict[str, str],
) -> None:
    from recouvre.bootstrap import build
    from recouvre.bootstrap.web import sessions_service
    from recouvre.services.web_accounts.model import LoginOutcome
    from recouvre.settings import load_settings

    output = run(env, "demo", "--on", ON)
    web = output.split("7. Application web")[1]
    assert "recouvre serve" in web and "http://127.0.0.1:8000/" in web
    passwords = dict(re.findall(r"│ (demo-\w+)\s+│ (demo-[0-9a-f]{12})", web))
    assert set(passwords) == {"demo-admin", "demo-agent", "demo-client"}
    again = run(env, "demo", "--on", ON, "--keep")  # the accounts are reset, not duplicated
    assert again.split("7. Application web")[1] == web
    application = build(load_settings(env))
    try:
        sessions = sessions_service(application)
        for login, password in passwords.items():
            assert sessions.sign_in(login, password, "127.0.0.1").outcome is LoginOutcome.SUCCEEDED
    finally:
        application.dispose()
