"""``recouvre run`` screens prescription (the legal tables are loaded): on the seeded database,
two years and more after its due date the consumer's claim (case 2, due 2026-01-15, C. conso
L218-2) is time-barred, the company's (case 1, five years, C. com. L110-4) is not."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app

runner = CliRunner()


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout


def test_the_run_refuses_a_time_barred_case_and_proposes_its_closure(
    seeded_cli_env: dict[str, str],
) -> None:
    code, out = run(seeded_cli_env, "run", "--on", "2028-03-01", "--sans-envoi", "--json")
    assert code == 0, out
    data = json.loads(out)
    assert (data["time_barred"], data["closures_proposed"]) == (1, 1)
    lines = {(x["reference"], x["step_id"]): x for x in data["lines"]}
    refused = [
        x for (ref, _), x in lines.items() if ref == "D-2026-000002" and x["status"] == "cancelled"
    ]
    assert refused and "créance prescrite" in refused[0]["reason"]
    assert lines[("D-2026-000002", "cloture_prescription")]["status"] == "awaiting_approval"
    assert all(
        x["status"] != "cancelled" for (ref, _), x in lines.items() if ref == "D-2026-000001"
    )
    code, out = run(seeded_cli_env, "review", "list")
    assert code == 0 and "cloture_prescription" in out and "créance prescrite" in out
    [item] = [i for i in json.loads(run(seeded_cli_env, "review", "list", "--json")[1])
              if i["step_id"] == "cloture_prescription"]  # fmt: skip
    code, out = run(seeded_cli_env, "review", "approve", str(item["id"]))
    assert code == 0, out
    code, out = run(seeded_cli_env, "run", "--on", "2028-03-02", "--sans-envoi")
    assert code == 0 and "validées et closes : 1" in out
    code, out = run(seeded_cli_env, "case", "show", "D-2026-000002", "--json")
    shown = json.loads(out)
    assert (shown["phase"], shown["closure"]) == ("closed", "time_barred")
