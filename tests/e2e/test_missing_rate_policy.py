"""A creditor chooses what a half-year whose legal rate is not published yet gets (issue 11,
item 2): « en-revue » (the default) holds the letter in review with its reason, shown by
``review list``; « dernier-taux-publie » sends it with the last published rate and the words
« taux en vigueur au 01/07/2026 ; montant à parfaire », read back from the PDF the daily run
filed, and ``judicial advise`` proceeds with the same words instead of refusing. The shipped
tables end with the 2nd half of 2026: on 2030-03-05 the ECB rate is not known."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
from typer.testing import CliRunner

from recouvre.bootstrap import build
from recouvre.domain.cases import Case
from recouvre.domain.claims import Invoice
from recouvre.domain.parties import Address, Creditor, Debtor, DebtorKind
from recouvre.entrypoints.cli.commands import app
from recouvre.settings import load_settings

runner = CliRunner()
SIREN = "732829320"
LATE = {"RECOUVRE_TEST_SEND_NOW": "2030-03-05T10:00:00+01:00"}  # a Tuesday morning


def seed(env: dict[str, str]) -> None:
    """One creditor, one company debtor without email (the shipped scenario writes), one case
    with one invoice of 1 000 € due 2026-01-31."""
    application = build(load_settings(env), actor="test:seed")
    application.init_database()
    with application.uow() as uow:
        creditor = uow.creditors.add(
            Creditor(None, "Menuiserie Durand", SIREN, iban="FR7630006000011234567890189",
                     bic="AGRIFRPP", address=Address(("12 rue des Lilas",), "69003", "Lyon"))
        )  # fmt: skip
        debtor = uow.debtors.add(
            Debtor(None, DebtorKind.COMPANY, "Boulangerie Schmitt", siren="542065479",
                   address=Address(("3 place d'Armes",), "57000", "Metz"))
        )  # fmt: skip
        assert creditor.id and debtor.id
        case = uow.cases.add(Case.open(creditor.id, debtor.id, date(2026, 2, 1)))
        uow.invoices.add(
            Invoice(None, creditor.id, debtor.id, "F-ECHUE", date(2026, 1, 1),
                    date(2026, 1, 31), Decimal("1000.00")), case.id,
        )  # fmt: skip
        uow.commit()
    application.dispose()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def _pdf_text(data_dir: str) -> str:
    [pdf] = (Path(data_dir) / "courrier").glob("*/*.pdf")
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
        text = " ".join(p.extract_text() or "" for p in document.pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))


def test_by_default_the_letter_waits_in_review_with_its_reason(cli_env: dict[str, str]) -> None:
    seed(cli_env)
    env = {**cli_env, **LATE}
    code, out, err = run(env, "creditor", "show", SIREN)
    assert code == 0, err
    assert "Sans taux  : en revue (une personne décide)" in out
    code, out, err = run(env, "run", "--on", "2030-03-05", "--json")
    assert code == 0, err
    assert json.loads(out)["sending"]["held"] == 1
    code, out, err = run(env, "review", "list")
    assert code == 0, err
    assert "Boulangerie Schmitt" in out
    assert "motif : en revue : taux BCE (ecb_mro) inconnu pour le 2027-01-01" in out
    assert not list((Path(cli_env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf"))


def test_last_published_rate_sends_the_letter_saying_montant_a_parfaire(
    cli_env: dict[str, str],
) -> None:
    seed(cli_env)
    env = {**cli_env, **LATE}
    code, out, err = run(env, "creditor", "set", SIREN, "--taux-inconnu", "dernier-taux-publie")
    assert code == 0, err
    assert "Sans taux  : dernier taux publié (montant à parfaire)" in out
    code, out, err = run(env, "run", "--on", "2030-03-05", "--json")
    assert code == 0, err
    sending = json.loads(out)["sending"]
    assert sending["held"] == 0 and sending["by_channel"] == {"letter": 1}, sending
    text = _pdf_text(cli_env["RECOUVRE_DATA_DIR"])
    assert "taux en vigueur au 01/07/2026 ; montant à parfaire" in text
    assert "dernier taux publié" in text
    # 1 000 € + penalties from 01/02/2026 (the unknown half-years at 12,40 %) + the 40 €
    assert "régler la somme de 1 546,52 €" in text


def test_an_invalid_choice_is_refused_in_french(cli_env: dict[str, str]) -> None:
    seed(cli_env)
    code, _, err = run(cli_env, "creditor", "set", SIREN, "--taux-inconnu", "zero")
    assert code != 0
    assert "en-revue" in err and "dernier-taux-publie" in err


def test_judicial_advise_proceeds_with_montant_a_parfaire(
    seeded_cli_env: dict[str, str],
) -> None:
    env = seeded_cli_env  # case 1: Menuiserie Durand against a company, between professionals
    code, _, err = run(env, "judicial", "advise", "1", "--on", "2030-03-05")
    assert code != 0 and "taux BCE (ecb_mro) inconnu" in err  # « en revue »: refused, no zero
    code, _, err = run(env, "creditor", "set", SIREN, "--taux-inconnu", "dernier-taux-publie")
    assert code == 0, err
    code, out, err = run(env, "judicial", "advise", "1", "--on", "2030-03-05")
    assert code == 0, err
    assert "taux en vigueur au 01/07/2026 ; montant à parfaire" in out
    code, out, err = run(env, "judicial", "advise", "1", "--on", "2030-03-05", "--json")
    assert code == 0, err
    advice = json.loads(out)
    assert advice["provisional_rate_on"] == "2026-07-01"
    assert float(advice["amounts"]["interest"]) > 0
