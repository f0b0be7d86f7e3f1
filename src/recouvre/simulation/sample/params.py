"""The fitted parameters of the sample portfolio, read from the shipped ``params.toml``.

``scripts/fit_sample_params.py`` writes that file from IBM's late-payment data; this module only
reads it back into typed, immutable values and samples from the empirical quantiles.
"""

from __future__ import annotations

import bisect
import random
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Quantiles:
    """An empirical distribution given by its quantiles at increasing levels (0 to 1)."""

    levels: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.levels) != len(self.values) or len(self.levels) < 2:
            raise ValueError("quantiles : niveaux et valeurs de longueurs différentes")
        if self.levels[0] != 0.0 or self.levels[-1] != 1.0:
            raise ValueError("quantiles : les niveaux doivent aller de 0 à 1")

    def value_at(self, u: float) -> float:
        """Inverse CDF with linear interpolation between the given quantiles."""
        i = min(max(bisect.bisect_right(self.levels, u) - 1, 0), len(self.levels) - 2)
        lo, hi = self.levels[i], self.levels[i + 1]
        t = 0.0 if hi == lo else (u - lo) / (hi - lo)
        return self.values[i] + t * (self.values[i + 1] - self.values[i])

    def sample(self, rng: random.Random) -> float:
        return self.value_at(rng.random())

    @property
    def median(self) -> float:
        return self.value_at(0.5)


@dataclass(frozen=True, slots=True)
class Delay:
    """How invoices of one kind (disputed or not) got paid in the source data."""

    share_on_time: float
    days_late: Quantiles  # among invoices paid late (days late >= 1)
    days_to_settle_on_time: Quantiles  # among invoices paid on time (from issue date)


@dataclass(frozen=True, slots=True)
class SampleParams:
    source_file: str
    source_sha256: str
    amount: Quantiles  # in the source's unit
    amount_median: float
    term_days: tuple[int, ...]
    term_shares: tuple[float, ...]
    share_disputed: float
    undisputed: Delay
    disputed: Delay


def _delay(table: dict[str, Any], levels: tuple[float, ...]) -> Delay:
    return Delay(
        share_on_time=float(table["share_on_time"]),
        days_late=Quantiles(levels, tuple(float(v) for v in table["days_late_quantiles"])),
        days_to_settle_on_time=Quantiles(
            levels, tuple(float(v) for v in table["days_to_settle_on_time_quantiles"])
        ),
    )


def parse_params(data: dict[str, Any]) -> SampleParams:
    """Typed parameters from the parsed TOML tables (a missing key raises ``KeyError``)."""
    amount = data["amount"]
    levels = tuple(float(v) for v in amount["quantile_levels"])
    return SampleParams(
        source_file=str(data["source"]["file"]),
        source_sha256=str(data["source"]["sha256"]),
        amount=Quantiles(levels, tuple(float(v) for v in amount["quantiles"])),
        amount_median=float(amount["median"]),
        term_days=tuple(int(d) for d in data["terms"]["days"]),
        term_shares=tuple(float(s) for s in data["terms"]["shares"]),
        share_disputed=float(data["dispute"]["share_disputed"]),
        undisputed=_delay(data["delay_undisputed"], levels),
        disputed=_delay(data["delay_disputed"], levels),
    )


def shipped_params_path() -> Path:
    return Path(str(resources.files("recouvre.simulation.sample").joinpath("params.toml")))


def load_params(path: Path | None = None) -> SampleParams:
    """Read ``params.toml`` (the shipped one by default)."""
    with (path or shipped_params_path()).open("rb") as handle:
        return parse_params(tomllib.load(handle))
