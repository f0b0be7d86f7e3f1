"""Transcripts of ``recouvre creditor list/show/set`` and ``recouvre agency add/set/list/show``
against a SQLite file (the ``seeded_cli_env`` creditors: Menuiserie Durand 732829320 and
Transports Martin 552100554): set then show round-trips, invalid identifiers are refused in
French with nothing written, every change is journaled."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from recouvre.adapters.db.engine import create_engine_for
from recouvre.adapters.db.tables import creditors, journal_entries
from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
DURAND = "732829320"
AGENCY = "901203455"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def database(env: dict[str, str]) -> sa.Engine:
    return create_engine_for(env["RECOUVRE_DATABASE_URL"])


def table_rows(env: dict[str, str]) -> tuple[list[tuple[object, ...]], list[str]]:
    engine = database(env)
    try:
        with engine.connect() as connection:
            rows = [tuple(r) for r in connection.execute(sa.select(creditors).order_by("id"))]
            kinds = list(
                connection.execute(
                    sa.select(journal_entries.c.kind).order_by(journal_entries.c.id)
                ).scalars()
            )
    finally:
        engine.dispose()
    return rows, kinds


def test_creditor_set_then_show_round_trips(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, _, err = run(
        seeded_cli_env, "creditor", "set", DURAND,
        "--siret", "73282932000074", "--vat", "FR44732829320",
        "--iban", "FR76 3000 6000 0112 3456 7890 189", "--bic", "AGRIFRPPXXX",
        "--address", "12 rue des Lilas", "--address", "Bâtiment B",
        "--postal-code", "69003", "--city", "Lyon", "--email", "compta@durand.example",
        "--phone", "04 72 00 00 00", "--logo", str(logo), "--window", "gauche",
        "--colour", "#AA3300", "--signatory", "Paul Durand", "--signatory-title", "Gérant",
        "--template", "maison",
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(seeded_cli_env, "creditor", "show", DURAND, "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown == {
        "siren": DURAND,
        "name": "Menuiserie Durand",
        "siret": "73282932000074",
        "vat_number": "FR44732829320",
        "iban": "FR7630006000011234567890189",
        "bic": "AGRIFRPPXXX",
        "address": {
            "lines": ["12 rue des Lilas", "Bâtiment B"],
            "postal_code": "69003",
            "city": "Lyon",
            "country": "FR",
        },
        "email": "compta@durand.example",
        "phone": "04 72 00 00 00",
        "logo_path": str(logo.resolve()),
        "via_agency": False,
        "agency": None,
        "letters": {
            "window": "left",
            "colour": "#aa3300",
            "signature_path": None,
            "signatory": "Paul Durand",
            "signatory_title": "Gérant",
            "template": "maison",
            "payment_to": "creditor",
        },
        "sender": {
            "mail_from": None,
            "mail_reply_to": None,
            "mail_signature": None,
            "sms_sender": None,
        },
        "claims": {"first_reminder_days": None, "fees_from": None},
        "missing_rate": "review",
    }
    code, out, _ = run(seeded_cli_env, "creditor", "show", DURAND)
    assert code == 0
    assert "Fenêtre    : gauche" in out and "12 rue des Lilas, Bâtiment B, 69003 Lyon" in out
    # An empty value clears a field; the other fields stay.
    assert run(seeded_cli_env, "creditor", "set", DURAND, "--template", "")[0] == 0
    shown = json.loads(run(seeded_cli_env, "creditor", "show", DURAND, "--json")[1])
    assert shown["letters"]["template"] is None and shown["letters"]["window"] == "left"
    _, kinds = table_rows(seeded_cli_env)
    assert kinds.count("creditor_updated") == 2


def test_invalid_identifiers_are_refused_in_french_and_nothing_is_written(
    seeded_cli_env: dict[str, str],
) -> None:
    before = table_rows(seeded_cli_env)
    code, out, err = run(
        seeded_cli_env, "creditor", "set", DURAND,
        "--email", "nouveau@durand.example",
        "--iban", "FR7630006000011234567890188", "--siret", "55210055400013",
        "--colour", "rouge",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert "rien n'a été enregistré" in err
    assert "--iban : IBAN invalide « FR7630006000011234567890188 » : clé de contrôle" in err
    assert "--siret : le SIRET 55210055400013 n'appartient pas au SIREN 732829320" in err
    assert "--colour : couleur « rouge » invalide" in err
    code, _, err = run(seeded_cli_env, "creditor", "set", "732829321", "--email", "x@y.example")
    assert code == 1 and "SIREN invalide « 732829321 » : clé de contrôle incorrecte" in err
    code, _, err = run(seeded_cli_env, "creditor", "set", DURAND, "--agency", "552100554")
    assert code == 1 and "aucune agence de SIREN 552100554" in err
    code, _, err = run(seeded_cli_env, "agency", "add", "901203456", "--name", "Cabinet X")
    assert code == 1 and "SIREN invalide « 901203456 »" in err
    assert table_rows(seeded_cli_env) == before


def test_agency_add_link_list_show_and_detach(seeded_cli_env: dict[str, str]) -> None:
    code, out, err = run(
        seeded_cli_env, "agency", "add", AGENCY, "--name", "Cabinet Aubert Recouvrement",
        "--address", "8 place Bellecour", "--postal-code", "69002", "--city", "Lyon",
        "--iban", "FR0810278073000002049810152", "--bic", "CMCIFR2A",
        "--insurance", "RC pro : Assureur Exemple, police 42",
    )  # fmt: skip
    assert code == 0, err
    assert "Activité         : Recouvrement amiable de créances pour le compte de tiers" in out
    code, _, err = run(
        seeded_cli_env, "creditor", "set", DURAND, "--agency", AGENCY, "--payment-to", "agence"
    )
    assert code == 0, err
    shown = json.loads(run(seeded_cli_env, "creditor", "show", DURAND, "--json")[1])
    assert shown["via_agency"] is True
    assert shown["agency"] == {"siren": AGENCY, "name": "Cabinet Aubert Recouvrement"}
    assert shown["letters"]["payment_to"] == "agency"
    listed = json.loads(run(seeded_cli_env, "agency", "list", "--json")[1])
    assert [(a["siren"], a["clients"]) for a in listed] == [(AGENCY, [DURAND])]
    code, out, _ = run(seeded_cli_env, "agency", "show", AGENCY)
    assert code == 0 and "Menuiserie Durand (732829320)" in out
    assert "RC pro : Assureur Exemple, police 42" in out
    code, _, err = run(
        seeded_cli_env, "agency", "set", AGENCY, "--activity", "Recouvrement amiable"
    )
    assert code == 0, err
    assert json.loads(run(seeded_cli_env, "agency", "show", AGENCY, "--json")[1])["activity"] == (
        "Recouvrement amiable"
    )
    # Detaching needs the payment block back on the creditor's account.
    code, _, err = run(seeded_cli_env, "creditor", "set", DURAND, "--agency", "aucune")
    assert code == 1 and "paiement à l'agence impossible sans agence" in err
    code, _, err = run(
        seeded_cli_env, "creditor", "set", DURAND, "--agency", "aucune", "--payment-to", "creancier"
    )
    assert code == 0, err
    shown = json.loads(run(seeded_cli_env, "creditor", "show", DURAND, "--json")[1])
    assert shown["agency"] is None and shown["via_agency"] is False
    _, kinds = table_rows(seeded_cli_env)
    assert [k for k in kinds if k.startswith(("agency_", "creditor_"))] == [
        "agency_added",
        "creditor_updated",
        "agency_updated",
        "creditor_updated",
    ]


def test_creditor_list_names_missing_bank_details(seeded_cli_env: dict[str, str]) -> None:
    code, out, _ = run(seeded_cli_env, "creditor", "list")
    assert code == 0
    assert out.splitlines() == [
        "732829320  Menuiserie Durand — IBAN manquant",
        "552100554  Transports Martin — IBAN manquant",
    ]


def test_an_unknown_creditor_is_created_only_with_a_name(seeded_cli_env: dict[str, str]) -> None:
    code, _, err = run(seeded_cli_env, "creditor", "set", "542065479", "--city", "Metz")
    assert code == 1 and "créancier de SIREN 542065479 inconnu : donnez --name" in err
    code, _, err = run(
        seeded_cli_env, "creditor", "set", "542065479", "--name", "Boulangerie Schmitt",
        "--city", "Metz",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(run(seeded_cli_env, "creditor", "show", "542065479", "--json")[1])
    assert (shown["name"], shown["address"]["city"]) == ("Boulangerie Schmitt", "Metz")
    _, kinds = table_rows(seeded_cli_env)
    assert kinds[-1] == "creditor_added"


def test_a_logo_or_signature_that_is_no_image_is_refused_and_nothing_changes(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    """``/etc/passwd`` as a logo used to be stored, and every letter of the creditor then
    failed at rendering: the file is now checked by its content when it is set."""
    before = table_rows(seeded_cli_env)
    fake = tmp_path / "logo.png"  # the name says PNG, the content does not
    fake.write_text("root:x:0:0:root:/root:/bin/bash\n")
    for option, path in (
        ("--logo", "/etc/passwd"),
        ("--logo", str(fake)),
        ("--signature", str(fake)),
    ):
        code, _, err = run(seeded_cli_env, "creditor", "set", DURAND, option, path)
        assert code == 1
        assert f"{option} : « {path} » refusé : ce fichier n'est pas une image" in err
    assert table_rows(seeded_cli_env) == before


def test_png_jpeg_and_svg_images_are_accepted(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    images = {
        "logo.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 16,
        "logo.jpg": b"\xff\xd8\xff\xe0" + b"\0" * 16,
        "logo.svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
    }
    for name, content in images.items():
        path = tmp_path / name
        path.write_bytes(content)
        code, _, err = run(seeded_cli_env, "creditor", "set", DURAND, "--logo", str(path))
        assert code == 0, err


def test_agency_set_names_the_person_who_signs(seeded_cli_env: dict[str, str]) -> None:
    code, _, err = run(seeded_cli_env, "agency", "add", AGENCY, "--name", "Cabinet Aubert")
    assert code == 0, err
    code, out, err = run(seeded_cli_env, "agency", "set", AGENCY, "--signataire", "Claire Martin",
                         "--fonction", "Chargée de recouvrement")  # fmt: skip
    assert code == 0, err
    assert "Signataire" in out and "Claire Martin — Chargée de recouvrement" in out
    code, out, _ = run(seeded_cli_env, "agency", "show", AGENCY, "--json")
    shown = json.loads(out)
    assert (shown["signatory"], shown["signatory_title"]) == (
        "Claire Martin",
        "Chargée de recouvrement",
    )
    # The creditor's own signatory takes the same French options.
    code, out, err = run(seeded_cli_env, "creditor", "set", "732829320", "--signataire",
                         "Paul Durand", "--fonction", "Responsable comptable")  # fmt: skip
    assert code == 0, err
    assert "Paul Durand — Responsable comptable" in out
