"""Transcripts of ``recouvre debtor list/show/set`` against a SQLite file (the
``seeded_cli_env`` debtors: Boulangerie Schmitt, SIREN 542065479, case D-2026-000001, and the
consumer Marie Dupont, case D-2026-000002): a request is recorded with its reason and withdraws
what the daily run queued, invalid options are all refused in French with nothing written,
and the journal stays intact."""

from __future__ import annotations

import json

import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.tables import actions, debtors, journal_entries
from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
SCHMITT = "542065479"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def snapshot(env: dict[str, str]) -> tuple[list[tuple[object, ...]], list[str], list[str]]:
    engine = create_engine_for(env["RECOUVRE_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            rows = [tuple(r) for r in connection.execute(sa.select(debtors).order_by("id"))]
            kinds = list(
                connection.execute(
                    sa.select(journal_entries.c.kind).order_by(journal_entries.c.id)
                ).scalars()
            )
            statuses = list(
                connection.execute(sa.select(actions.c.status).order_by(actions.c.id)).scalars()
            )
    finally:
        engine.dispose()
    return rows, kinds, statuses


def test_list_search_and_show(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "debtor", "list")
    assert code == 0
    assert "Boulangerie Schmitt — 57000 Metz — 1 dossier(s) ouvert(s)" in out
    assert "Marie Dupont — 97400 Saint-Denis" in out
    code, out, _ = run(seeded_cli_env, "debtor", "list", "--search", "DUPONT", "--json")
    assert code == 0
    assert [(d["name"], d["kind"], d["open_cases"]) for d in json.loads(out)] == [
        ("Marie Dupont", "consumer", 1)
    ]
    code, out, _ = run(seeded_cli_env, "debtor", "show", "D-2026-000001", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["name"], shown["siren"], shown["address"]["departement"]) == (
        "Boulangerie Schmitt",
        SCHMITT,
        "57",
    )
    assert shown["channels"] == ["email", "letter"]
    assert [c["reference"] for c in shown["open_cases"]] == ["D-2026-000001"]
    code, _, err = run(seeded_cli_env, "debtor", "show", "732829320")
    assert code == 1
    assert "erreur : aucun débiteur de SIREN 732829320" in err


def test_do_not_contact_request_withdraws_the_queued_email(seeded_cli_env: dict[str, str]) -> None:
    code, out, err = run(seeded_cli_env, "run", "--on", "2026-03-02", "--sans-envoi")
    assert code == 0, err
    assert "relance_courtoise" in out
    code, out, err = run(
        seeded_cli_env, "debtor", "set", SCHMITT, "--do-not-contact",
        "--reason", "appel du 02/03 : ne plus me contacter",
    )  # fmt: skip
    assert code == 0, err
    assert "Débiteur 1 (Boulangerie Schmitt) enregistré." in out
    assert "Préférences — ne pas contacter : non → oui" in out
    assert "Dossier D-2026-000001 : envoi(s) en attente retiré(s) : relance_courtoise" in out
    assert "Ne pas contacter : OUI" in out
    _, kinds, statuses = snapshot(seeded_cli_env)
    assert statuses == ["cancelled", "queued"]  # Schmitt's email withdrawn, Dupont's letter kept
    assert "debtor_preferences_changed" in kinds and "step_withdrawn" in kinds
    code, out, _ = run(seeded_cli_env, "debtor", "list", "--search", "schmitt")
    assert "NE PAS CONTACTER" in out
    code, out, _ = run(seeded_cli_env, "journal", "verify")
    assert code == 0, out


def test_contact_details_and_single_channel_round_trip(seeded_cli_env: dict[str, str]) -> None:
    code, out, err = run(
        seeded_cli_env, "debtor", "set", "2", "--only-channel", "courrier", "--language", "en",
        "--add-email", "marie.dupont@example.org", "--phone", "0692 12 34 56",
        "--address", "12 rue de Paris", "--postal-code", "97490", "--city", "Sainte-Clotilde",
        "--reason", "lettre reçue le 20/11",
    )  # fmt: skip
    assert code == 0, err
    assert "canal unique : aucun → courrier" in out
    code, out, _ = run(seeded_cli_env, "debtor", "show", "D-2026-000002", "--json")
    shown = json.loads(out)
    assert shown["emails"] == ["marie.dupont@example.org"]
    assert shown["phones"] == ["0692 12 34 56"]
    assert shown["address"] == {
        "lines": ["12 rue de Paris"],
        "postal_code": "97490",
        "city": "Sainte-Clotilde",
        "country": "FR",
        "departement": "974",
    }
    assert shown["preferences"] == {
        "do_not_contact": False,
        "only_channel": "letter",
        "language": "en",
    }
    code, out, err = run(
        seeded_cli_env, "debtor", "set", "2", "--only-channel", "aucun", "--reason", "appel"
    )
    assert code == 0, err
    assert "canal unique : courrier → aucun" in out


def test_invalid_options_are_all_refused_and_nothing_is_written(
    seeded_cli_env: dict[str, str],
) -> None:
    before = snapshot(seeded_cli_env)
    code, out, err = run(
        seeded_cli_env, "debtor", "set", "D-2026-000002", "--email", "pas-un-email",
        "--postal-code", "12", "--only-channel", "courrier", "--remove-email", "x@y.example",
    )  # fmt: skip
    assert code == 1
    assert out == ""
    assert "erreur : modification refusée, rien n'a été enregistré :" in err
    assert "  - --reason : le motif est obligatoire" in err
    assert "  - --email : adresse e-mail invalide : « pas-un-email »" in err
    assert "  - --postal-code : code postal français à cinq chiffres attendu (« 12 »)" in err
    assert "  - --remove-email : « x@y.example » n'est pas une adresse du débiteur" in err
    assert snapshot(seeded_cli_env) == before
    code, _, err = run(seeded_cli_env, "debtor", "set", "D-2026-000002")
    assert code == 1
    assert "aucune modification demandée" in err
    code, _, err = run(seeded_cli_env, "debtor", "set", "2", "--only-channel", "pigeon")
    assert code != 0
    assert "pigeon" in err
    assert snapshot(seeded_cli_env) == before
