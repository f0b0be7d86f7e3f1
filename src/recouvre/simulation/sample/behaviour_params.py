"""Read the shipped debtor-behaviour parameters (``behaviour.toml``) for ``recouvre simulate``.

``scripts/fit_behaviour_params.py`` writes the file from IBM's late-payment data; the model
(``simulation.behaviour``) turns the parsed tables into typed values.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from recouvre.simulation.behaviour import BehaviourParams, parse_behaviour


def shipped_behaviour_path() -> Path:
    return Path(str(resources.files("recouvre.simulation.sample").joinpath("behaviour.toml")))


def load_behaviour(path: Path | None = None) -> BehaviourParams:
    """Read ``behaviour.toml`` (the shipped one by default)."""
    with (path or shipped_behaviour_path()).open("rb") as handle:
        return parse_behaviour(tomllib.load(handle))
