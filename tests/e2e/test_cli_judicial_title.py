"""Transcript of ``recouvre judicial title`` and ``judicial statement``: the title holds what
the decision orders, and the statement says in French which sums bear interest."""

from __future__ import annotations

import json
from decimal import Decimal

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()
SPACES = ("\u202f", "\u00a0")


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    out = result.stdout
    for space in SPACES:
        out = out.replace(space, " ")
    return result.exit_code, out, result.stderr


def test_title_with_accessories_and_the_sums_bearing_interest(
    seeded_cli_env: dict[str, str],
) -> None:
    env = seeded_cli_env
    code, out, err = run(env, "judicial", "title", "D-2026-000001",
                         "--pronounced-on", "2026-01-15", "--amount", "1000",
                         "--accessories", "1540", "--served-on", "2026-01-20",
                         "--on", "2026-03-02")  # fmt: skip
    assert code == 0, err
    assert out.strip() == (
        "Titre exécutoire enregistré : jugement, 1 000,00 € en principal, 1 540,00 € "
        "d'accessoires ; intérêts sur le principal seul."
    )
    code, out, err = run(env, "judicial", "statement", "D-2026-000001", "--on", "2026-03-02")
    assert code == 0, err
    assert "jugement : 1 000,00 € alloués en principal, 1 540,00 € d'accessoires." in out
    assert (
        "Intérêts au taux légal sur le principal seul (1 000,00 €) à compter du 15/01/2026 ; "
        "accessoires sans intérêts : 1 540,00 € ; taux majoré (CMF L313-3) à compter du "
        "21/03/2026."
    ) in out
    code, out, err = run(env, "judicial", "statement", "D-2026-000001", "--on", "2026-03-02",
                         "--json")  # fmt: skip
    only = json.loads(out)
    assert only["interest_bearing"] == "1000.00" and only["accessories"] == "1540.00"
    # the seeded 10,00 € payment of 10/02/2026 paid the interest accrued (1,87 €), then the
    # principal bearing interest (C. civ. 1343-1): 991,87 € bear interest after it
    bases = [s["basis"] for s in only["slices"]]
    assert (bases[0], bases[-1]) == ("1000.00", "991.87")

    code, out, err = run(env, "judicial", "title", "D-2026-000001",
                         "--pronounced-on", "2026-01-15", "--amount", "1000",
                         "--accessories", "1540", "--interest-on", "principal-et-accessoires",
                         "--enforceable-on", "2026-02-02", "--served-on", "2026-01-20",
                         "--on", "2026-03-02")  # fmt: skip
    assert code == 0, err
    code, out, err = run(env, "judicial", "statement", "D-2026-000001", "--on", "2026-03-02",
                         "--json")  # fmt: skip
    both = json.loads(out)
    assert both["slices"][0]["basis"] == "2540.00"
    assert both["enforceable_on"] == "2026-02-02"
    assert both["increased_from"] == "2026-04-03"
    assert Decimal(both["interest"]) > Decimal(only["interest"]) > 0


def test_an_unknown_interest_basis_is_refused_in_french(seeded_cli_env: dict[str, str]) -> None:
    code, out, err = run(seeded_cli_env, "judicial", "title", "D-2026-000001",
                         "--pronounced-on", "2026-01-15", "--amount", "1000",
                         "--interest-on", "tout")  # fmt: skip
    assert code == 1
    assert "assiette des intérêts inconnue « tout »" in err
    assert "principal-et-accessoires" in err and "Traceback" not in out + err
