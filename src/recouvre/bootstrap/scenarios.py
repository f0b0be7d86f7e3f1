"""Wiring of the scenario commands (``recouvre scenarios``): the shipped scenarios and the
checking of scenario files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from recouvre.reference.scenario_loader import (
    ScenarioLoadError,
    load_scenarios,
    load_shipped_scenarios,
)
from recouvre.scenarios.model import Scenario

__all__ = ["ScenarioLoadError", "scenario_files", "shipped_scenarios"]


def shipped_scenarios() -> tuple[Scenario, ...]:
    return load_shipped_scenarios()


def scenario_files(paths: Iterable[Path]) -> tuple[Scenario, ...]:
    """The scenarios of ``paths``, validated; ``ScenarioLoadError`` lists every problem."""
    return load_scenarios(paths)
