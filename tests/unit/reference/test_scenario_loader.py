"""Loading scenario YAML: the shipped files load, bad files say file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from recouvre.entrypoints.cli.commands import app
from recouvre.reference.scenario_loader import (
    ScenarioLoadError,
    load_scenarios,
    load_shipped_scenarios,
    parse_scenario,
    shipped_scenario_paths,
)
from recouvre.scenarios.model import Anchor, DayUnit, StepKind

GOOD = """\
id: essai
name: Essai
priority: 5
conditions:
  debtor_kinds: [company]
  min_amount: "1 000,00"
steps:
  - id: relance_courtoise
    kind: courtesy_email
    when: {days: 5, unit: working, after: oldest_due_date}
    template: relance_courtoise
  - id: mise_en_demeure
    kind: formal_notice
    when: {days: 10, after: previous_step}
    template: mise_en_demeure_b2b
    grace_days: 8
    approval_required: true
    announces: [legal_action, fixed_indemnity]
    enters_phase: formal_notice
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(ScenarioLoadError) as caught:
        parse_scenario(text, "essai.yaml")
    return [str(e) for e in caught.value.errors]


def test_the_six_shipped_scenarios_load() -> None:
    ids = {s.id for s in load_shipped_scenarios()}
    assert ids == {
        "standard_b2b",
        "grosses_creances",
        "consommateurs",
        "debiteur_en_difficulte",
        "mauvaise_foi",
        "sans_email",
    }


def test_a_good_file_builds_the_model() -> None:
    scenario = parse_scenario(GOOD, "essai.yaml")
    first, notice = scenario.steps
    assert first.rule.unit is DayUnit.WORKING and first.rule.anchor is Anchor.OLDEST_DUE_DATE
    assert notice.kind is StepKind.FORMAL_NOTICE and notice.approval_required
    assert notice.rule.unit is DayUnit.CALENDAR  # default unit
    assert notice.announces_legal_action and notice.announces_fixed_indemnity
    assert not notice.announces_late_penalties
    assert str(scenario.conditions.min_amount) == "1000.00"


def test_errors_name_file_line_and_field_and_all_are_listed() -> None:
    bad = GOOD.replace("kind: courtesy_email", "kind: pigeon_voyageur").replace(
        "days: 10", "days: dix"
    )
    found = errors_of(bad)
    assert len(found) == 2
    assert found[0].startswith("essai.yaml, ligne 9, champ « steps[0].kind » : valeur inconnue")
    assert "courtesy_email" in found[0]  # the allowed values are listed
    assert found[1].startswith("essai.yaml, ligne 14, champ « steps[1].when.days »")


def test_missing_and_unknown_fields() -> None:
    found = errors_of(GOOD.replace("    template: relance_courtoise\n", "    modèle: x\n"))
    assert any("ligne 11, champ « steps[0].modèle » : clé inconnue" in e for e in found)
    assert any("champ « steps[0].template » : champ obligatoire manquant" in e for e in found)


def test_channel_must_suit_the_kind() -> None:
    bad = GOOD.replace(
        "    template: relance_courtoise\n", "    template: r\n    channel: letter\n"
    )
    (error,) = errors_of(bad)
    assert "steps[0].channel" in error and "canal non permis" in error


def test_consumer_steps_may_not_announce_the_40_euro_indemnity() -> None:
    bad = GOOD.replace("debtor_kinds: [company]", "debtor_kinds: [company, consumer]")
    (error,) = errors_of(bad)
    assert "steps[1].announces" in error and "L441-10" in error


def test_duplicate_step_ids_and_yaml_syntax() -> None:
    (error,) = errors_of(GOOD.replace("id: mise_en_demeure", "id: relance_courtoise"))
    assert "ligne 12" in error and "en double" in error
    (error,) = errors_of("id: [essai\n")
    assert error.startswith("essai.yaml, ligne 2, champ « (syntaxe) »")


def test_duplicate_scenario_ids_across_files(tmp_path: Path) -> None:
    one, two = tmp_path / "un.yaml", tmp_path / "deux.yaml"
    one.write_text(GOOD, encoding="utf-8")
    two.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ScenarioLoadError, match="déjà défini dans"):
        load_scenarios([one, two])


def test_cli_check_reports_errors_and_exit_code(tmp_path: Path) -> None:
    bad = tmp_path / "mauvais.yaml"
    bad.write_text(GOOD.replace("days: 5", "days: -5"), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["scenarios", "check", str(bad)])
    assert result.exit_code == 1
    assert "mauvais.yaml, ligne 10, champ « steps[0].when.days »" in result.output
    ok = runner.invoke(app, ["scenarios", "check", *map(str, shipped_scenario_paths())])
    assert ok.exit_code == 0 and ok.output.count("ok :") == 6


def test_cli_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["scenarios", "list", "--json"])
    assert listed.exit_code == 0 and '"id": "mauvaise_foi"' in listed.output
    shown = runner.invoke(app, ["scenarios", "show", "mauvaise_foi", "--json"])
    assert shown.exit_code == 0 and '"kind": "formal_notice"' in shown.output
    unknown = runner.invoke(app, ["scenarios", "show", "inconnu"])
    assert unknown.exit_code == 1 and "scénario inconnu" in unknown.output
