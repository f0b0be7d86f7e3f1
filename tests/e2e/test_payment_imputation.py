"""A payment is imputed once, and as the creditor asked (C. civ. 1342-10, 1343-1).

Read back from what a person sees: ``case show`` (its summary of what is owed today, the
invoices, each payment's « Imputé sur ») and the next letter the daily run sends.

- Before any document claimed the penalties and the 40 € indemnity (a courtesy reminder asking
  the principal only), a payment settles principal: the invoice shows it paid, the summary
  owes the rest of the principal, and the next letter claims that rest.
- Once a document claimed them, a partial payment goes first to the indemnity, then to the
  penalties accrued through its date, then to the principal (C. civ. 1343-1).
- A recorded payment is counted once: the summary's principal is the invoices' « reste dû »
  (it used to impute the payment a second time, on an already reduced principal).
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pdfplumber
import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.letter_case import SIREN, seed_letter_case

runner = CliRunner()
CASE = "D-2026-000001"


def _ok(env: dict[str, str], *args: str) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.stderr + result.stdout
    return result.stdout.replace("\u202f", " ").replace("\xa0", " ")


def _run(env: dict[str, str], on: str) -> None:
    at = {**env, "RECOUVRE_TEST_SEND_NOW": f"{on}T10:00:00+01:00"}
    _ok(at, "run", "--on", on, "--json")


def _sent_on(env: dict[str, str], day: str) -> None:
    """The sender stamps the machine's instant: date the sendings on the day the run sent."""
    engine = sa.create_engine(env["RECOUVRE_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE actions SET sent_at = :at WHERE status = 'sent'"),
            {"at": f"{day}T09:05:00Z"},
        )
    engine.dispose()


def _letter_texts(env: dict[str, str]) -> list[str]:
    texts = []
    for pdf in sorted((Path(env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf")):
        with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
            text = " ".join(p.extract_text() or "" for p in document.pages)
        texts.append(re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " ")))
    return texts


def _wide(env: dict[str, str]) -> str:
    """``case show`` on a terminal wide enough for the payments' « Imputé sur » column."""
    return _ok({**env, "COLUMNS": "200"}, "case", "show", CASE)


def _summary(env: dict[str, str]) -> dict[str, Decimal]:
    """The « En résumé » block of ``case show``: label -> amount."""
    out = _ok(env, "case", "show", CASE)
    found = {}
    for label, amount in re.findall(r"^\s+([^:\n]+?) : ([\d ]+,\d\d) €", out, re.MULTILINE):
        found.setdefault(label.strip(), Decimal(amount.replace(" ", "").replace(",", ".")))
    return found


def test_a_payment_after_a_courtesy_letter_settles_principal_and_the_next_letter_claims_the_rest(
    cli_env: dict[str, str],
) -> None:
    seed_letter_case(cli_env)  # F-2026-7, 1 000 € due 2026-02-02, between professionals
    _ok(cli_env, "creditor", "set", SIREN, "--premiere-relance", "1",
        "--frais-a-partir-de", "relance_1")  # fmt: skip
    _run(cli_env, "2026-02-03")  # the courtesy letter: the principal only
    _sent_on(cli_env, "2026-02-03")
    _ok(cli_env, "event", "payment", CASE, "--montant", "400", "--on", "2026-02-05")

    shown = json.loads(_ok(cli_env, "case", "show", CASE, "--json"))
    [invoice] = shown["invoices"]
    assert (invoice["paid"], invoice["outstanding"]) == ("400.00", "600.00")
    [payment] = shown["payments"]
    assert payment["parts"] == [
        {"invoice": "F-2026-7", "principal": "400.00", "interest": "0.00", "accessories": "0.00"}
    ]
    summary = _summary(cli_env)
    assert summary["principal"] == Decimal("600.00")  # counted once, not imputed again
    assert "F-2026-7 : 400,00 € principal" in _wide(cli_env)

    _run(cli_env, "2026-02-13")  # relance_1 claims the penalties and the 40 € from here
    [_, second] = _letter_texts(cli_env)
    assert "F-2026-7" in second and "600,00 €" in second
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 €" in second
    asked = re.search(r"régler la somme de ([\d ]+,\d\d) €", second)
    assert asked is not None
    owed = Decimal(asked.group(1).replace(" ", "").replace(",", "."))
    assert Decimal("640.00") < owed < Decimal("700.00")  # 600 € + 40 € + a few € of penalties


def test_once_a_letter_claimed_the_fees_a_partial_payment_pays_them_first(
    cli_env: dict[str, str],
) -> None:
    seed_letter_case(cli_env)
    _ok(cli_env, "creditor", "set", SIREN, "--premiere-relance", "1",
        "--frais-a-partir-de", "relance_1")  # fmt: skip
    _run(cli_env, "2026-02-03")
    _sent_on(cli_env, "2026-02-03")
    _run(cli_env, "2026-02-13")  # relance_1: penalties and 40 € claimed
    _sent_on(cli_env, "2026-02-13")
    before = _summary(cli_env)
    _ok(cli_env, "event", "payment", CASE, "--montant", "100", "--on", "2026-02-20")

    shown = json.loads(_ok(cli_env, "case", "show", CASE, "--json"))
    [payment] = shown["payments"]
    [part] = payment["parts"]
    assert part["accessories"] == "40.00"  # the D441-5 indemnity first
    interest = Decimal(part["interest"])
    assert Decimal("0") < interest < Decimal("20")  # the penalties accrued through 20/02
    assert Decimal(part["principal"]) == Decimal("100.00") - Decimal("40.00") - interest
    [invoice] = shown["invoices"]
    assert Decimal(invoice["paid"]) == Decimal(part["principal"])
    after = _summary(cli_env)
    assert after["indemnité forfaitaire de recouvrement"] == Decimal("0.00")
    assert after["principal"] == Decimal(invoice["outstanding"])
    assert before["principal"] == Decimal("1000.00")
    assert "F-2026-7 : 40,00 € indemnité et frais" in _wide(cli_env)


def test_a_recorded_payment_is_counted_once_in_what_is_owed_today(
    seeded_cli_env: dict[str, str],
) -> None:
    _ok(seeded_cli_env, "event", "payment", CASE, "--montant", "500", "--on", "2026-03-01")
    shown = json.loads(_ok(seeded_cli_env, "case", "show", CASE, "--json"))
    outstanding = sum((Decimal(i["outstanding"]) for i in shown["invoices"]), Decimal(0))
    assert outstanding == Decimal("684.56")
    assert _summary(seeded_cli_env)["principal"] == outstanding
