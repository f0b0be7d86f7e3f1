"""Transcripts of ``recouvre judicial ...`` and ``recouvre bodacc import`` on a SQLite file
named by RECOUVRE_DATABASE_URL (the seeded database of tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from support.paths import FIXTURES

runner = CliRunner()
FIXTURES = FIXTURES / "bodacc"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_advise_ranks_the_routes_for_the_seeded_b2b_case(seeded_cli_env: dict[str, str]) -> None:
    code, out, err = run(seeded_cli_env, "judicial", "evidence", "D-2026-000001",
                         "--signed-order", "--delivery-note", "--on", "2026-03-02")  # fmt: skip
    assert code == 0, err
    assert (
        "preuves bon de commande signé, bon de livraison signé ; contestation aucune ; "
        "nature commerciale."
    ) in out
    code, out, err = run(seeded_cli_env, "judicial", "advise", "D-2026-000001",
                         "--on", "2026-03-02", "--json")  # fmt: skip
    assert code == 0, err
    advice = json.loads(out)
    first = advice["ranked"][0]
    # 1 184,56 € owed by a company in Metz (57): small claims or a payment order before the
    # chambre commerciale du tribunal judiciaire (Alsace-Moselle).
    assert first["route"] in {"payment_order", "small_claims"}
    payment_order = next(o for o in advice["ranked"] if o["route"] == "payment_order")
    assert payment_order["court"]["kind"] == "chambre_commerciale_tj"
    assert payment_order["lawyer_required"] is False
    assert any("Alsace-Moselle" in r for r in payment_order["reasons"])
    assert advice["excluded"] and all(o["reasons"] for o in advice["excluded"])
    # the 10 € payment went to the accessories first (C. civ. 1343-1)
    assert advice["amounts"]["principal"] == "1184.56"
    code, out, _ = run(seeded_cli_env, "judicial", "advise", "D-2026-000001", "--on", "2026-03-02")
    assert code == 0 and "Voies recommandées" in out and "injonction de payer" in out


def test_start_event_agenda_and_papers(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    run(seeded_cli_env, "judicial", "evidence", "1", "--signed-order", "--on", "2026-03-02")
    code, out, err = run(seeded_cli_env, "judicial", "start", "1", "injonction-de-payer",
                         "--on", "2026-09-14")  # fmt: skip
    assert code == 0, err
    assert "Procédure n° 1 engagée : injonction de payer" in out
    assert "seule la signification de l'ordonnance l'interrompt" in out
    code, _, err = run(seeded_cli_env, "judicial", "event", "1", "signifie", "--on", "2026-09-20",
                       "--to-person")  # fmt: skip
    assert code == 1 and "aucune ordonnance rendue" in err
    code, _, err = run(seeded_cli_env, "judicial", "event", "1", "volé", "--on", "2026-09-20")
    assert code == 1 and "événement inconnu « volé »" in err
    code, _, err = run(seeded_cli_env, "judicial", "event", "1", "filed", "--on", "2026-14-01")
    assert code == 2 and "--on : date invalide « 2026-14-01 »" in err
    for args in (
        ("filed", "--on", "2026-09-14"),
        ("order-rendered", "--on", "2026-09-25"),
        ("served", "--on", "2026-10-01", "--to-person"),
    ):
        code, _, err = run(seeded_cli_env, "judicial", "event", "1", *args)
        assert code == 0, err
    code, out, err = run(seeded_cli_env, "judicial", "agenda", "--on", "2026-10-20", "--json")
    assert code == 0, err
    items = {(i["deadline"], i["due_on"], i["state"]) for i in json.loads(out)}
    # Metz (57): 2026-11-01 is a Sunday and All Saints' Day -> Monday 2026-11-02.
    assert ("opposition", "2026-11-02", "alerte") in items
    assert ("execution", "2026-12-01", "a_partir_du") in items
    code, out, _ = run(seeded_cli_env, "judicial", "agenda", "--on", "2026-10-20", "--within", "14")
    assert code == 0 and "opposition" in out and "execution" not in out
    code, out, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path / "p"),
                         "--on", "2026-09-14")  # fmt: skip
    assert code == 0, err
    pdfs = sorted(p.name for p in (tmp_path / "p").iterdir())
    assert pdfs == [
        "D-2026-000001-procedure-1-payment_order_request.pdf",
        "D-2026-000001-procedure-1-pieces.pdf",
    ]
    # Invoices first, oldest first: F-2 (1 Nov. 2025) then F-1 (1 Dec. 2025).
    assert "Pièce n° 1 : Facture n° F-2" in out and "Pièce n° 2 : Facture n° F-1" in out
    code, _, err = run(seeded_cli_env, "judicial", "papers", "1", "--out", str(tmp_path),
                       "--piece", "sans-chemin")  # fmt: skip
    assert code == 1 and "--piece" in err


def test_bodacc_import_reports_the_matches(seeded_cli_env: dict[str, str], tmp_path: Path) -> None:
    # The seeded debtor Boulangerie Schmitt (SIREN 542065479) is put in liquidation.
    source = json.loads((FIXTURES / "annonces-commerciales.json").read_text(encoding="utf-8"))
    source[1]["registre"] = ["542 065 479", "542065479"]
    path = tmp_path / "bodacc.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(seeded_cli_env, "bodacc", "import", str(path), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert [m["case"] for m in report["matches"]] == ["D-2026-000001"]
    match = report["matches"][0]
    assert match["liquidation"] is True
    assert (match["declaration_due_on"], match["relief_due_on"]) == ("2026-12-14", "2027-04-14")
    code, out, _ = run(seeded_cli_env, "case", "show", "D-2026-000001", "--json")
    assert code == 0 and json.loads(out)["phase"] == "collective_proceedings"
    broken = tmp_path / "broken.csv"
    broken.write_text("id;dateparution\nA1;pas une date\n", encoding="utf-8")
    code, _, err = run(seeded_cli_env, "bodacc", "import", str(broken))
    assert code == 1 and "broken.csv" in err
