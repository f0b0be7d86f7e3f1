"""Transcripts of ``recouvre case plan`` (the schedule the debtor proposed) and ``recouvre
creditor plan-rules`` on the seeded database (case 2: a consumer on La Réunion, 99,90 € owed,
reachable by letter only)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, plain(result.stdout), plain(result.stderr)


def plain(text: str) -> str:
    """Ordinary spaces for the no-break ones French amounts print."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_creditor_sets_the_rules_of_the_plans_recouvre_proposes(
    seeded_cli_env: dict[str, str],
) -> None:
    code, out, _ = run(seeded_cli_env, "creditor", "plan-rules", "732829320")
    assert code == 0
    assert out == "Échéanciers proposés : échéance d'au moins 50,00 €, 12 mois au plus.\n"
    code, out, _ = run(
        seeded_cli_env, "creditor", "regles-echeancier", "732 829 320", "--echeance-min",
        "100,00", "--duree-max", "6",
    )  # fmt: skip
    assert code == 0 and "au moins 100,00 €, 6 mois au plus" in out
    code, out, _ = run(seeded_cli_env, "creditor", "plan-rules", "732829320", "--max-months", "3")
    assert "au moins 100,00 €, 3 mois au plus" in out
    code, _, err = run(seeded_cli_env, "creditor", "plan-rules", "999999999")
    assert code == 1 and "introuvable" in err


def test_the_debtors_schedule_is_recorded_and_its_agreement_queued(
    seeded_cli_env: dict[str, str],
) -> None:
    code, out, err = run(
        seeded_cli_env, "case", "plan", "D-2026-000002", "--echeance", "15/04/2026:49,90",
        "--echeance", "2026-05-15:50,00", "--le", "02/03/2026",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [
        "Dossier D-2026-000002 : échéancier de 2 échéances : il remplace le scénario",
        "  1. 15/04/2026  49,90 €",
        "  2. 15/05/2026  50,00 €",
        "  total : 99,90 €",
        "  accord d'échéancier à signer : action 1, envoyé par courrier au prochain passage de "
        "« recouvre outbox send »",
    ]
    code, out, _ = run(seeded_cli_env, "case", "show", "D-2026-000002", "--json")
    detail = json.loads(out)
    assert detail["attitude"] == "in_difficulty"
    code, out, _ = run(
        seeded_cli_env, "case", "echeancier", "2", "--instalment", "15/06/2026:99,90", "--json",
        "--on", "2026-03-03",
    )  # fmt: skip
    data = json.loads(out)
    assert data["instalments"] == [{"due_on": "2026-06-15", "amount": "99.90"}]
    assert data["agreement"] == {"action": 2, "channel": "letter"}


def test_a_schedule_that_cannot_be_agreed_is_refused_in_french(
    seeded_cli_env: dict[str, str],
) -> None:
    code, _, err = run(
        seeded_cli_env, "case", "plan", "D-2026-000002", "--echeance", "15/04/2026:50,00",
        "--le", "02/03/2026",
    )  # fmt: skip
    assert code == 1
    assert err == (
        "erreur : échéancier : les échéances totalisent 50,00 €, le montant dû est 99,90 €\n"
    )
    code, _, err = run(seeded_cli_env, "case", "plan", "2", "--echeance", "15/04/2026")
    assert code == 2 and "DATE:MONTANT attendu" in err
    code, _, err = run(seeded_cli_env, "case", "plan", "2")
    assert code == 2 and "indiquez chaque échéance" in err
    code, _, err = run(seeded_cli_env, "case", "plan", "2", "--echeance", "31/02/2026:99,90")
    assert code == 2 and "date invalide" in err
    assert "Traceback" not in err


def test_a_call_outcome_payment_plan_with_the_debtors_schedule(cli_env: dict[str, str]) -> None:
    from recouvre.bootstrap import build
    from recouvre.settings import load_settings
    from support.outbox_seed import add_action, seed_case

    application = build(load_settings(cli_env), actor="test:seed")
    application.init_database()
    seeded = seed_case(application)  # 1 434,56 € owed
    call = add_action(application.engine, seeded, "phone")
    application.dispose()
    code, out, err = run(
        cli_env, "calls", "outcome", str(call), "payment-plan", "--echeance", "15/12/2026:434,56",
        "--echeance", "15/01/2027:1000,00", "--date", "2026-11-23",
    )  # fmt: skip
    assert code == 0, err
    assert out == f"Appel {call} : demande d'échéancier enregistré ; tâche « faite ».\n"
    code, out, _ = run(cli_env, "case", "show", seeded.reference, "--json")
    detail = json.loads(out)
    assert detail["attitude"] == "in_difficulty"
    [agreed] = [e for e in detail["events"] if e["kind"] == "payment_plan_agreed"]
    assert agreed["payload"] == {"instalments": [
        {"due_on": "2026-12-15", "amount": "434.56"}, {"due_on": "2027-01-15", "amount": "1000.00"},
    ]}  # fmt: skip
    code, out, _ = run(cli_env, "outbox", "list", "--status", "queued", "--json")
    assert [(a["action"], a["channel"]) for a in json.loads(out)] == [(call + 1, "email")]
