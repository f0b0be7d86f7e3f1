"""Importing a creditor's invoice file again never undoes what recouvre knows (issue 13).

The creditor's CSV export does not know the credit notes imported as e-invoices, nor the
payments recouvre applied from a bank statement or ``recouvre event payment``. Importing that
file again must keep the invoice reduced by its credit note, and must never lower what is
recorded paid: that would chase a debtor for money already received (C. conso L121-6). A file
that says more is paid is believed (the accounting saw a payment recouvre did not)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.domain.creditor_reference import creditor_reference, printed
from recouvre.entrypoints.cli.commands import app
from support.camt_files import Entry, Tx, camt053
from support.cii import write_cii

runner = CliRunner()
CREDITOR = "732829320"
IBAN = "FR7630006000011234567890189"
HEADER = (
    "numéro de facture;date de facture;date d'échéance;montant TTC;déjà payé;raison sociale;SIREN"
)
INVOICE = "F-2026-0100;01/09/2026;30/09/2026;1200,00;{paid};Métallerie Lorraine SARL;552100554"
OTHER = "F-2026-0200;01/09/2026;30/09/2026;500,00;0;Boulangerie Schmitt;300000163"


def cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", **env})
    return result.exit_code, (result.stdout + result.stderr).replace("\xa0", " ").replace(
        "\u202f", " "
    )


def show(env: dict[str, str], case: str) -> dict[str, object]:
    code, out = cli(env, "case", "show", case, "--json")
    assert code == 0, out
    shown: dict[str, object] = json.loads(out)
    return shown


def amounts(env: dict[str, str], case: str) -> list[tuple[object, ...]]:
    invoices = show(env, case)["invoices"]
    assert isinstance(invoices, list)
    return [(i["number"], i["amount"], i["paid"], i["outstanding"], i["status"]) for i in invoices]


def csv_file(tmp_path: Path, paid: str = "0") -> str:
    path = tmp_path / "export-erp.csv"
    path.write_text("\n".join((HEADER, INVOICE.format(paid=paid), OTHER)) + "\n", "utf-8")
    return str(path)


def import_csv(env: dict[str, str], path: str) -> str:
    code, out = cli(env, "import", "invoices", path, "--creditor", CREDITOR)
    assert code == 0, out
    return out


@pytest.fixture
def env(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    assert cli(cli_env, "init")[0] == 0
    import_csv(cli_env, csv_file(tmp_path))
    return cli_env


def test_a_credit_note_imported_as_an_e_invoice_survives_the_csv_imported_again(
    env: dict[str, str], tmp_path: Path
) -> None:
    credit_note = write_cii(tmp_path, "avoir.xml", "AV-2026-0007", amount="200.00",
                            type_code="381", preceding="F-2026-0100")  # fmt: skip
    code, out = cli(env, "import", "einvoice", str(credit_note))
    assert code == 0, out
    assert "facture F-2026-0100 1 200,00 € → 1 000,00 €" in out
    reduced = [("F-2026-0100", "1000.00", "0.00", "1000.00", "open")]
    assert amounts(env, "1") == reduced

    out = import_csv(env, csv_file(tmp_path))
    assert "0 modifiée(s), 2 inchangée(s)" in out and "Montants modifiés" not in out
    assert amounts(env, "1") == reduced  # still 1 200,00 € less the 200,00 € credit note
    assert show(env, "1")["outstanding"] == "1000.00"


def test_a_credit_note_kept_before_the_csv_reduces_its_invoice_at_once(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    assert cli(cli_env, "init")[0] == 0
    credit_note = write_cii(tmp_path, "avoir.xml", "AV-2026-0007", amount="200.00",
                            type_code="381", preceding="F-2026-0100")  # fmt: skip
    code, out = cli(cli_env, "import", "einvoice", str(credit_note))
    assert code == 0 and "sera déduit" in out, out
    import_csv(cli_env, csv_file(tmp_path))
    assert amounts(cli_env, "1") == [("F-2026-0100", "1000.00", "0.00", "1000.00", "open")]


def test_a_payment_recorded_by_recouvre_is_kept_when_the_file_says_less(
    env: dict[str, str], tmp_path: Path
) -> None:
    code, out = cli(env, "event", "payment", "1", "--montant", "500", "--on", "2026-10-12")
    assert code == 0, out
    assert amounts(env, "1") == [("F-2026-0100", "1200.00", "500.00", "700.00", "open")]

    out = import_csv(env, csv_file(tmp_path, paid="0"))
    assert amounts(env, "1") == [("F-2026-0100", "1200.00", "500.00", "700.00", "open")]
    assert ("Déjà payé gardé pour 1 facture(s) : le fichier en indique moins que les paiements "
            "enregistrés par recouvre") in out and "(F-2026-0100)" in out  # fmt: skip
    code, out = cli(env, "import", "invoices", csv_file(tmp_path), "--creditor", CREDITOR, "--json")
    assert code == 0, out
    report = json.loads(out)
    assert (report["paid_kept_count"], report["paid_kept"]) == (1, ["F-2026-0100"])

    # The accounting saw a payment recouvre did not: the file's higher paid is taken.
    out = import_csv(env, csv_file(tmp_path, paid="800,00"))
    assert "1 modifiée(s)" in out and "Déjà payé gardé" not in out
    assert amounts(env, "1") == [("F-2026-0100", "1200.00", "800.00", "400.00", "open")]


def _db(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(env["RECOUVRE_DATABASE_URL"].removeprefix("sqlite:///"))


def test_a_statement_that_settled_the_case_is_not_undone_by_the_csv(
    env: dict[str, str], tmp_path: Path
) -> None:
    code, out = cli(env, "creditor", "set", CREDITOR, "--iban", IBAN)
    assert code == 0, out
    reference = str(show(env, "1")["reference"])
    payer = Tx(creditor_ref=printed(creditor_reference(reference)), debtor="METALLERIE LORRAINE")
    statement = tmp_path / "releve.xml"
    statement.write_bytes(camt053([Entry("1200.00", ref="BQ-1", value="<Dt>2026-10-08</Dt>",
                                         txs=[payer])], version=8, iban=IBAN))  # fmt: skip
    code, out = cli(env, "import", "statement", str(statement))
    assert code == 0, out
    settled = [("F-2026-0100", "1200.00", "1200.00", "0.00", "paid")]
    assert amounts(env, "1") == settled and show(env, "1")["phase"] == "closed"

    out = import_csv(env, csv_file(tmp_path, paid="0"))
    assert "Déjà payé gardé pour 1 facture(s)" in out and "(F-2026-0100)" in out
    assert amounts(env, "1") == settled and show(env, "1")["phase"] == "closed"
    with _db(env) as db:  # no case opened again for an invoice already paid
        assert db.execute("SELECT count(*) FROM cases WHERE phase <> 'closed'").fetchone() == (1,)
