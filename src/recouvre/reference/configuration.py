"""The user's configuration folder (``<data folder>/config/``): scenarios and contact policy that
override the shipped defaults, which stay read-only inside the package.

``config/scenarios/*.yaml``  each file one scenario; a user scenario replaces the shipped one of
                             the same id, a new id adds a scenario.
``config/policy.toml``       the contact policy; keys it leaves out keep the shipped values.

Installing validates first and writes nothing on a refused file; the file lands under its
scenario's id by an atomic rename, so that a crash never leaves half a scenario that the next
run would load.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from recouvre.compliance.policy import ContactPolicy
from recouvre.reference.errors import ReferenceDataError
from recouvre.reference.policy_loader import SHIPPED_POLICY, load_contact_policy
from recouvre.reference.scenario_loader import (
    ScenarioError,
    ScenarioLoadError,
    load_scenario_file,
    load_scenarios,
    load_shipped_scenarios,
)
from recouvre.scenarios.model import Scenario

SCENARIOS_FOLDER = "scenarios"
POLICY_FILE = "policy.toml"


class ConfigurationError(ReferenceDataError):
    """The configuration folder cannot be read or written (the message names the path)."""


@dataclass(frozen=True, slots=True)
class ConfiguredScenarios:
    """The scenarios in force and where each comes from (``None``: shipped with recouvre)."""

    scenarios: tuple[Scenario, ...]
    user_files: dict[str, Path]

    def origin(self, scenario_id: str) -> Path | None:
        return self.user_files.get(scenario_id)


def user_scenario_paths(config_dir: Path) -> list[Path]:
    folder = config_dir / SCENARIOS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def configured_scenarios(config_dir: Path) -> ConfiguredScenarios:
    """The shipped scenarios overridden and completed by the user's; ``ScenarioLoadError``
    lists the problems of every user file (a broken file never silently falls back)."""
    shipped = load_shipped_scenarios()
    paths = user_scenario_paths(config_dir)
    user = load_scenarios(paths)
    # ``load_scenarios`` returns one scenario per path, in order, or raises.
    files = {s.id: p for s, p in zip(user, paths, strict=True)}
    merged = {s.id: s for s in shipped}
    merged.update({s.id: s for s in user})
    return ConfiguredScenarios(tuple(merged.values()), files)


def install_scenario(config_dir: Path, source: Path) -> tuple[Scenario, bool]:
    """Validate ``source`` and install it as ``config/scenarios/<id>.yaml``; returns the scenario
    and whether it replaces a shipped one. Nothing is written when the file is refused or when
    another user file already holds its id."""
    scenario = load_scenario_file(source)
    target = config_dir / SCENARIOS_FOLDER / f"{scenario.id}.yaml"
    for path in user_scenario_paths(config_dir):
        if path != target and path.resolve() != source.resolve():
            other = _scenario_id(path)
            if other == scenario.id:
                message = f"scénario « {scenario.id} » déjà défini dans {path}"
                raise ScenarioLoadError([ScenarioError(str(source), None, "id", message)])
    _write_atomically(target, source.read_bytes())
    shipped_ids = {s.id for s in load_shipped_scenarios()}
    return scenario, scenario.id in shipped_ids


def _scenario_id(path: Path) -> str | None:
    try:
        return load_scenario_file(path).id
    except ScenarioLoadError:
        return None


def remove_scenario(config_dir: Path, scenario_id: str) -> Path:
    """Remove the user's scenario ``scenario_id`` (a shipped one of that id is in force again)."""
    found = configured_scenarios(config_dir).origin(scenario_id)
    if found is None:
        raise ConfigurationError(
            f"aucun scénario utilisateur « {scenario_id} » dans {config_dir / SCENARIOS_FOLDER}"
            " (les scénarios livrés ne se suppriment pas)"
        )
    try:
        found.unlink()
    except OSError as error:
        raise ConfigurationError(f"{found} : suppression impossible ({error.strerror})") from None
    return found


def policy_path(config_dir: Path) -> Path:
    """The policy file in force: the user's when there is one, else the shipped one."""
    user = config_dir / POLICY_FILE
    return user if user.is_file() else SHIPPED_POLICY


def configured_policy(config_dir: Path) -> ContactPolicy:
    return load_contact_policy(policy_path(config_dir))


def install_policy(config_dir: Path, source: Path) -> ContactPolicy:
    """Validate ``source`` and install it as ``config/policy.toml``."""
    policy = load_contact_policy(source)
    _write_atomically(config_dir / POLICY_FILE, source.read_bytes())
    return policy


def _write_atomically(target: Path, content: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".install-")
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except OSError as error:
        raise ConfigurationError(f"{target} : écriture impossible ({error.strerror})") from None
