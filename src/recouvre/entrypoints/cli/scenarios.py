"""CLI commands: ``scenarios list``, ``scenarios check FILE...``, ``scenarios show ID``,
``scenarios install FILE``, ``scenarios remove ID``.

Thin: the loader (``bootstrap.scenarios``) validates and installs, these commands print. The
scenarios in force are the shipped ones overridden by the user's configuration folder.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from recouvre.bootstrap.scenarios import ConfiguredScenarios
from recouvre.entrypoints.cli.labels import ATTITUDES, CHANNELS, DEBTOR_KINDS, PHASES, word
from recouvre.entrypoints.cli.setup import fail, print_json
from recouvre.scenarios.model import KIND_LABELS, Conditions, Scenario, Step

scenarios_app = typer.Typer(
    help="Scénarios de relance : liste, vérification et installation de fichiers YAML, détail "
    "d'un scénario.",
    no_args_is_help=True,
)


def _words(table: dict[str, str], values: Iterable[enum.Enum]) -> str:
    return "/".join(sorted(word(table, v) for v in values))


def _channel_tag(channel: enum.Enum | None) -> str:
    return "" if channel is None else f" [{word(CHANNELS, channel)}]"


def _conditions(conditions: Conditions) -> str:
    parts: list[str] = []
    if conditions.debtor_kinds:
        parts.append("débiteur " + _words(DEBTOR_KINDS, conditions.debtor_kinds))
    if conditions.attitudes:
        parts.append("attitude " + _words(ATTITUDES, conditions.attitudes))
    if conditions.min_amount is not None:
        parts.append(f"encours ≥ {conditions.min_amount} €")
    if conditions.max_amount is not None:
        parts.append(f"encours < {conditions.max_amount} €")
    if conditions.channels_required:
        parts.append("avec " + _words(CHANNELS, conditions.channels_required))
    if conditions.channels_absent:
        parts.append("sans " + _words(CHANNELS, conditions.channels_absent))
    if conditions.phases:
        parts.append("phase " + _words(PHASES, conditions.phases))
    return ", ".join(parts) or "tous les dossiers"


def _configured() -> ConfiguredScenarios:
    from recouvre.bootstrap.scenarios import ScenarioLoadError, configured_scenarios

    try:
        return configured_scenarios()
    except ScenarioLoadError as error:
        fail(f"scénarios invalides (à corriger ou à supprimer) :\n{error}")


def _in_force() -> tuple[Scenario, ...]:
    return _configured().scenarios


def _origin(configured: ConfiguredScenarios, scenario_id: str) -> str:
    path = configured.origin(scenario_id)
    return "livré" if path is None else f"utilisateur ({path})"


def _step_json(step: Step) -> dict[str, object]:
    channel = step.contact_channel
    return {
        "id": step.id,
        "label": step.label,
        "kind": step.kind.value,
        "channel": None if channel is None else channel.value,
        "when": step.rule.describe(),
        "template": step.template,
        "grace_days": step.grace_days,
        "approval_required": step.approval_required,
        "conditions": _conditions(step.conditions),
        "announces_legal_action": step.announces_legal_action,
        "announces_fixed_indemnity": step.announces_fixed_indemnity,
        "announces_late_penalties": step.announces_late_penalties,
    }


@scenarios_app.command(
    "list",
    help="Liste les scénarios en vigueur (livrés ou installés par l'utilisateur), par "
    "priorité de sélection décroissante.",
)
def list_scenarios(
    as_json: bool = typer.Option(False, "--json", help="Sortie JSON stable."),
) -> None:
    configured = _configured()
    scenarios = sorted(configured.scenarios, key=lambda s: (-s.priority, s.id))
    if as_json:
        print_json(
            [
                {
                    "id": s.id,
                    "name": s.name,
                    "priority": s.priority,
                    "conditions": _conditions(s.conditions),
                    "steps": [step.id for step in s.steps],
                    "origin": str(configured.origin(s.id) or "shipped"),
                }
                for s in scenarios
            ]
        )
        return
    table = Table(title=f"{len(scenarios)} scénario(s)")
    for title in ("Identifiant", "Nom", "Priorité", "Pour", "Étapes", "Origine"):
        table.add_column(title)
    for s in scenarios:
        table.add_row(
            s.id,
            s.name,
            str(s.priority),
            _conditions(s.conditions),
            str(len(s.steps)),
            _origin(configured, s.id),
        )
    Console().print(table)


@scenarios_app.command(
    "check",
    help="Vérifie des fichiers de scénario YAML ; chaque erreur indique le fichier, "
    "la ligne et le champ. Code de sortie 1 en cas d'erreur.",
)
def check_scenarios(
    files: Annotated[
        list[Path], typer.Argument(help="Fichiers YAML à vérifier.", metavar="FICHIER...")
    ],
) -> None:
    from recouvre.bootstrap.scenarios import ScenarioLoadError, scenario_files

    try:
        scenarios = scenario_files(files)
    except ScenarioLoadError as error:
        for item in error.errors:
            typer.echo(str(item), err=True)
        fail(f"{len(error.errors)} erreur(s) dans les scénarios")
    for s in scenarios:
        typer.echo(f"ok : {s.id} ({len(s.steps)} étapes)")


@scenarios_app.command("show", help="Affiche les étapes d'un scénario en vigueur.")
def show_scenario(
    scenario_id: str = typer.Argument(..., help="Identifiant du scénario.", metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="Sortie JSON stable."),
) -> None:
    found = [s for s in _in_force() if s.id == scenario_id]
    if not found:
        known = ", ".join(sorted(s.id for s in _in_force()))
        fail(f"scénario inconnu « {scenario_id} » (connus : {known})")
    scenario = found[0]
    if as_json:
        print_json(
            {
                "id": scenario.id,
                "name": scenario.name,
                "description": scenario.description,
                "priority": scenario.priority,
                "conditions": _conditions(scenario.conditions),
                "steps": [_step_json(step) for step in scenario.steps],
            }
        )
        return
    console = Console()
    console.print(
        f"[bold]{scenario.name}[/bold] ({scenario.id}), priorité {scenario.priority}, "
        f"{_origin(_configured(), scenario.id)}",
        markup=True,
        highlight=False,
    )
    console.print(f"Pour : {_conditions(scenario.conditions)}")
    console.print(scenario.description)
    table = Table()
    for title in ("#", "Étape", "Nature", "Quand", "Délai accordé", "Validation", "Si"):
        table.add_column(title)
    for i, step in enumerate(scenario.steps, start=1):
        table.add_row(
            str(i),
            f"{step.label or step.id} ({step.id})",
            KIND_LABELS[step.kind] + _channel_tag(step.contact_channel),
            step.rule.describe(),
            f"{step.grace_days} j" if step.grace_days else "-",
            "oui" if step.approval_required else "non",
            _conditions(step.conditions) if step.conditions != Conditions() else "-",
        )
    console.print(table)


@scenarios_app.command(
    "install",
    help="Vérifie un fichier de scénario YAML puis l'installe dans le dossier de configuration "
    "(il remplace le scénario livré de même identifiant). Rien n'est écrit en cas d'erreur.",
)
def install_scenario(
    file: Annotated[Path, typer.Argument(help="Fichier YAML du scénario.", metavar="FICHIER")],
) -> None:
    from recouvre.bootstrap.scenarios import ScenarioLoadError
    from recouvre.bootstrap.scenarios import install_scenario as install

    try:
        scenario, replaces, target = install(file)
    except ScenarioLoadError as error:
        for item in error.errors:
            typer.echo(str(item), err=True)
        fail(f"{len(error.errors)} erreur(s) : scénario non installé")
    what = "remplace le scénario livré" if replaces else "nouveau scénario"
    typer.echo(f"installé : {scenario.id} ({len(scenario.steps)} étapes, {what}) dans {target}")


@scenarios_app.command(
    "remove",
    help="Supprime un scénario installé par l'utilisateur ; le scénario livré de même "
    "identifiant, s'il existe, est de nouveau en vigueur.",
)
def remove_scenario(
    scenario_id: str = typer.Argument(..., help="Identifiant du scénario.", metavar="ID"),
) -> None:
    from recouvre.bootstrap.scenarios import remove_scenario as remove

    path = remove(scenario_id)
    typer.echo(f"supprimé : {scenario_id} ({path})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(scenarios_app, name="scenarios")
