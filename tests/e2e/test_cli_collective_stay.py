"""``recouvre judicial`` after the opening of collective proceedings (C. com. L622-21, applied
to the liquidation by L641-3): an execution dated from the opening judgment is refused with a
French message naming the article and the judgment's date and nothing is written; acts dated
before it are accepted; the debtor's procedures are frozen, shown so by ``judicial agenda``
and ``judicial procedures``; the journal says why in French; the claim declaration goes on.

The seeded debtor Boulangerie Schmitt (SIREN 542065479) is put in liquidation by the BODACC
fixture's judgment of 08/10/2026, published on 14/10/2026.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from recouvre.domain.events.labels import journal_label
from recouvre.entrypoints.cli.commands import app
from support.paths import FIXTURES

runner = CliRunner()
CASE = "D-2026-000001"


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def ok(env: dict[str, str], *args: str) -> str:
    code, out, err = run(env, *args)
    assert code == 0, err
    return out


def journal(env: dict[str, str]) -> list[dict[str, object]]:
    events = json.loads(ok(env, "case", "show", CASE, "--json"))["events"]
    assert isinstance(events, list)
    return events


def liquidation_of_the_seeded_debtor(tmp_path: Path) -> Path:
    source = json.loads(
        (FIXTURES / "bodacc" / "annonces-commerciales.json").read_text(encoding="utf-8")
    )
    source[1]["registre"] = ["542 065 479", "542065479"]
    path = tmp_path / "bodacc.json"
    path.write_text(json.dumps(source, ensure_ascii=False), encoding="utf-8")
    return path


def test_execution_after_the_opening_judgment_is_refused_and_procedures_are_frozen(
    seeded_cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = seeded_cli_env
    ok(env, "judicial", "evidence", CASE, "--signed-order", "--on", "2026-09-14")
    ok(env, "judicial", "start", CASE, "injonction-de-payer", "--on", "2026-09-14")
    ok(env, "judicial", "event", "1", "depose", "--on", "2026-09-14")
    ok(env, "judicial", "event", "1", "ordonnance-rendue", "--on", "2026-09-25")
    ok(env, "judicial", "start", CASE, "saisie-conservatoire", "--on", "2026-09-20", "--force")
    ok(env, "judicial", "event", "2", "ordonnance-rendue", "--on", "2026-09-22")

    ok(env, "bodacc", "import", str(liquidation_of_the_seeded_debtor(tmp_path)))
    before = journal(env)
    frozen = [e for e in before if e["kind"] == "procedure_frozen"]
    assert sorted(e["payload"]["procedure_id"] for e in frozen) == [1, 2]  # type: ignore[index]
    reason = str(frozen[0]["payload"]["reason"])  # type: ignore[index]
    assert "jugement d'ouverture de la liquidation judiciaire du 08/10/2026" in reason
    assert "arrêt des poursuites individuelles" in reason and "L641-3" in reason
    assert journal_label("procedure_frozen").startswith("Procédure suspendue")

    # An execution on the day of the judgment and after it: refused, nothing written.
    for day in ("2026-10-08", "2026-10-20"):
        code, out, err = run(env, "judicial", "event", "2", "execute", "--on", day)
        assert code == 1 and out == ""
        assert "C. com. L622-21 II, par renvoi de l'art. L641-3" in err
        assert "jugement d'ouverture de la liquidation judiciaire du 08/10/2026" in err
        assert "arrête et interdit toute procédure d'exécution" in err
        assert "Traceback" not in err
    # Serving the order after the judgment pursues the action: refused too (L622-21 I).
    code, _, err = run(env, "judicial", "event", "1", "signifie", "--on", "2026-10-09",
                       "--to-person")  # fmt: skip
    assert code == 1 and "C. com. L622-21 I," in err and "08/10/2026" in err
    # A new procedure after the judgment: refused.
    code, _, err = run(env, "judicial", "start", CASE, "injonction-de-payer", "--on", "2026-10-20")
    assert code == 1 and "L622-21" in err
    # Nor a requête to file after it (the claim declaration's paper stays possible).
    code, _, err = run(env, "judicial", "papers", "1", "--out", str(tmp_path / "p"),
                       "--on", "2026-10-20")  # fmt: skip
    assert code == 1 and "L622-21 I" in err and not (tmp_path / "p").exists()
    assert journal(env) == before
    out = ok(env, "judicial", "procedures", CASE)
    assert "2026-10-08" not in out and "2026-10-20" not in out and "2026-10-09" not in out

    # Acts dated before the judgment stay valid and can be recorded late.
    ok(env, "judicial", "event", "2", "execute", "--on", "2026-10-05")
    ok(env, "judicial", "event", "1", "signifie", "--on", "2026-10-01", "--to-person")

    out = ok(env, "judicial", "procedures", CASE)
    assert "Procédure n° 1 : injonction de payer (suspendue)" in out
    assert "Procédure n° 2 : saisie conservatoire (suspendue)" in out
    assert "déclaration de créance (en cours)" in out
    assert out.count("suspendue depuis le jugement d'ouverture de la liquidation judiciaire") == 2

    # The agenda shows the frozen procedures suspended, none of their deadlines alerted.
    items = json.loads(ok(env, "judicial", "agenda", "--on", "2026-10-20", "--json"))
    by_procedure: dict[int, list[dict[str, object]]] = {}
    for item in items:
        by_procedure.setdefault(int(item["procedure"]), []).append(item)
    for procedure in (1, 2):
        lines = by_procedure[procedure]
        assert lines[0]["deadline"] == "suspension" and lines[0]["due_on"] == "2026-10-08"
        assert "L622-21" in str(lines[0]["rule"])
        assert {line["state"] for line in lines} == {"suspendu"}
        assert all(line["alerts"] == [] for line in lines)
        assert {line["status"] for line in lines} == {"frozen"}
    assert len(by_procedure[2]) > 1  # the saisie's notice and merits deadlines, suspended
    declaration = {(i["deadline"], i["due_on"], i["state"]) for i in by_procedure[3]}
    assert ("declaration-creance", "2026-12-14", "a_venir") in declaration
    out = ok(env, "judicial", "agenda", "--on", "2026-10-20")
    assert "suspendue" in out and "suspension" in out

    # The claim declaration to the liquidator stays possible (C. com. L622-24).
    ok(env, "judicial", "event", "3", "depose", "--on", "2026-11-02")
    after = json.loads(ok(env, "judicial", "agenda", "--on", "2026-11-03", "--json"))
    assert not any(i["procedure"] == 3 for i in after)
