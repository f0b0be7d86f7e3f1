"""``recouvre bodacc import`` with announcements that have no ``id``: a redressement then its
conversion to liquidation for the same SIREN are two announcements (keyed by their content),
so the liquidation reaches the case instead of being dropped as already known."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
SIREN = "542065479"  # Boulangerie Schmitt, debtor of the seeded case D-2026-000001


def announcement(published: str, nature: str, judged: str) -> dict[str, object]:
    return {
        "dateparution": published,
        "typeavis": "annonce",
        "familleavis": "collective",
        "tribunal": "Greffe du Tribunal Judiciaire de Metz - chambre commerciale",
        "commercant": "BOULANGERIE SCHMITT",
        "registre": [SIREN],
        "jugement": json.dumps({"famille": "Jugement", "nature": nature, "date": judged}),
    }


def test_an_opening_and_its_conversion_without_id_are_both_applied(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    opening = announcement(
        "2026-10-14",
        "Jugement d'ouverture d'une procédure de redressement judiciaire",
        "2026-10-06",
    )
    conversion = announcement(
        "2026-11-20", "Jugement de conversion en liquidation judiciaire", "2026-11-12"
    )
    path = tmp_path / "bodacc.json"
    path.write_text(json.dumps([opening, conversion]), encoding="utf-8")
    result = runner.invoke(app, ["bodacc", "import", str(path), "--json"], env=seeded_cli_env)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["already_known"] == 0
    assert [m["liquidation"] for m in report["matches"]] == [False, True]
    assert all(m["announcement"].startswith("contenu:") for m in report["matches"])
    assert "2 annonce(s) sans « id » : reconnue(s) par leur contenu" in result.stderr
    again = runner.invoke(app, ["bodacc", "import", str(path), "--json"], env=seeded_cli_env)
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["already_known"] == 2  # the same file twice: nothing new
