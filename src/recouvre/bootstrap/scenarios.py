"""Wiring of the scenario and policy commands (``recouvre scenarios``, ``recouvre policy``): the
scenarios and contact policy in force (shipped defaults overridden by the user's configuration
folder), the checking of files and their installation."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from recouvre.compliance.policy import ContactPolicy
from recouvre.reference import configuration
from recouvre.reference.configuration import ConfigurationError, ConfiguredScenarios
from recouvre.reference.policy_loader import PolicyLoadError, load_contact_policy
from recouvre.reference.scenario_loader import ScenarioLoadError, load_scenarios
from recouvre.scenarios.model import Scenario
from recouvre.settings import Settings, load_settings

__all__ = [
    "ConfigurationError",
    "ConfiguredScenarios",
    "PolicyLoadError",
    "ScenarioLoadError",
    "check_policy",
    "configured_scenarios",
    "install_policy",
    "install_scenario",
    "policy_in_force",
    "remove_scenario",
    "scenario_files",
]


def _config_dir(settings: Settings | None) -> Path:
    return (settings or load_settings()).config_dir


def configured_scenarios(settings: Settings | None = None) -> ConfiguredScenarios:
    return configuration.configured_scenarios(_config_dir(settings))


def scenario_files(paths: Iterable[Path]) -> tuple[Scenario, ...]:
    """The scenarios of ``paths``, validated; ``ScenarioLoadError`` lists every problem."""
    return load_scenarios(paths)


def install_scenario(source: Path, settings: Settings | None = None) -> tuple[Scenario, bool, Path]:
    config_dir = _config_dir(settings)
    scenario, replaces = configuration.install_scenario(config_dir, source)
    return scenario, replaces, config_dir / configuration.SCENARIOS_FOLDER / f"{scenario.id}.yaml"


def remove_scenario(scenario_id: str, settings: Settings | None = None) -> Path:
    return configuration.remove_scenario(_config_dir(settings), scenario_id)


def policy_in_force(settings: Settings | None = None) -> tuple[ContactPolicy, Path]:
    config_dir = _config_dir(settings)
    return configuration.configured_policy(config_dir), configuration.policy_path(config_dir)


def check_policy(path: Path) -> ContactPolicy:
    return load_contact_policy(path)


def install_policy(source: Path, settings: Settings | None = None) -> tuple[ContactPolicy, Path]:
    config_dir = _config_dir(settings)
    return configuration.install_policy(config_dir, source), config_dir / configuration.POLICY_FILE
