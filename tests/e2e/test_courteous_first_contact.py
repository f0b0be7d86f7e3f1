"""The first contact is courteous (issue 11, item 6): a creditor sends its first reminder the
day after the due date and claims the late-payment penalties and the 40 € indemnity (C. com.
L441-10, D441-5) only from a later step of its choice — set with ``creditor set``, read back from
the letters the daily run sent."""

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


def _run(env: dict[str, str], on: str) -> dict[str, object]:
    # the sender checks the contact window at its own instant: that morning
    at = {**env, "RECOUVRE_TEST_SEND_NOW": f"{on}T10:00:00+01:00"}
    result = runner.invoke(app, ["run", "--on", on, "--json"], env=at)
    assert result.exit_code == 0, result.stderr
    sending: dict[str, object] = json.loads(result.stdout)["sending"]
    return sending


def _letters(env: dict[str, str]) -> dict[Path, str]:
    out = {}
    for pdf in (Path(env["RECOUVRE_DATA_DIR"]) / "courrier").glob("*/*.pdf"):
        with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as document:
            text = " ".join(p.extract_text() or "" for p in document.pages)
        out[pdf] = re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\xa0", " "))
    return out


def test_a_courtesy_letter_the_day_after_the_due_date_then_penalties_from_the_named_step(
    cli_env: dict[str, str],
) -> None:
    seed_letter_case(cli_env)
    set_ = runner.invoke(
        app,
        ["creditor", "set", SIREN, "--premiere-relance", "1", "--frais-a-partir-de", "relance_1"],
        env=cli_env,
    )
    assert set_.exit_code == 0, set_.stderr
    assert "1 jour après l'échéance" in set_.stdout
    assert "40 € à partir de l'étape relance_1 (avant : principal seul)" in set_.stdout
    shown = runner.invoke(app, ["creditor", "show", SIREN, "--json"], env=cli_env)
    claims = json.loads(shown.stdout)["claims"]
    assert claims == {"first_reminder_days": 1, "fees_from": "relance_1"}

    # Due on Monday 2 February: the courtesy letter goes on Tuesday 3 (the scenario says J+5).
    assert _run(cli_env, "2026-02-03")["by_channel"] == {"letter": 1}
    [(first_pdf, first)] = _letters(cli_env).items()
    assert "Boulangerie Schmitt" in first and "F-2026-7" in first
    assert "nous vous demandons uniquement le règlement du principal" in first
    assert "Nous nous réservons toutefois le droit de les réclamer" in first
    assert "régler la somme de 1 000,00 € au plus tard le 11 février 2026" in first
    assert "40,00 €" not in first and "1 040" not in first  # no fixed indemnity
    assert "Pénalités de retard" not in first and "Banque centrale" not in first  # no penalty
    case = runner.invoke(app, ["case", "show", "D-2026-000001"], env=cli_env)
    assert case.exit_code == 0, case.stderr
    assert "03/02/2026" in case.stdout  # the courtesy letter, sent the day after the due date

    # relance_1, ten days after the courtesy letter (the call is passed over: no phone number):
    # the penalties and the 40 € are claimed from this step on. The sender stamps the
    # machine's instant: date the sending on the day the run sent it.
    engine = sa.create_engine(cli_env["RECOUVRE_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE actions SET sent_at = '2026-02-03T09:05:00Z'"))
    engine.dispose()
    assert _run(cli_env, "2026-02-13")["by_channel"] == {"letter": 1}
    [second] = [text for pdf, text in _letters(cli_env).items() if pdf != first_pdf]
    assert "F-2026-7" in second
    assert "Conformément à l'article L441-10 du Code de commerce, des pénalités de retard" in second
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in second
    assert "uniquement le règlement du principal" not in second
    asked = re.search(r"régler la somme de ([\d ]+,\d\d) €", second)
    assert asked is not None
    assert Decimal(asked.group(1).replace(" ", "").replace(",", ".")) > Decimal("1040.00")


def test_the_options_are_checked_and_zero_goes_back_to_the_scenario(
    cli_env: dict[str, str],
) -> None:
    seed_letter_case(cli_env)
    call = runner.invoke(app, ["creditor", "set", SIREN, "--frais-a-partir-de", "appel_1"],
                         env=cli_env)  # fmt: skip
    assert call.exit_code != 0
    assert "l'étape « appel_1 » (phone_call) n'envoie aucune réclamation" in call.stderr
    assert "Traceback" not in call.stderr + call.stdout
    unknown = runner.invoke(app, ["creditor", "set", SIREN, "--fees-from", "relance_9"],
                            env=cli_env)  # fmt: skip
    assert unknown.exit_code != 0 and "étape « relance_9 » inconnue" in unknown.stderr
    late = runner.invoke(app, ["creditor", "set", SIREN, "--premiere-relance", "400"], env=cli_env)
    assert late.exit_code != 0 and "hors bornes" in late.stderr
    ok = runner.invoke(app, ["creditor", "set", SIREN, "--first-reminder-days", "2"], env=cli_env)
    assert ok.exit_code == 0 and "2 jours après l'échéance" in ok.stdout
    back = runner.invoke(app, ["creditor", "set", SIREN, "--premiere-relance", "0",
                               "--frais-a-partir-de", ""], env=cli_env)  # fmt: skip
    assert back.exit_code == 0, back.stderr
    assert "selon le scénario" in back.stdout and "dès la première étape" in back.stdout
