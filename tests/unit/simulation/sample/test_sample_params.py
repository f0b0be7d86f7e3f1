"""The shipped params.toml is what scripts/fit_sample_params.py fits on the real IBM data."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from recouvre.simulation.sample.params import Quantiles, load_params, shipped_params_path
from support.paths import REPO, shared_file

SOURCE_NAME = "data/ibm-late-payment-histories.csv"
SCRIPT = REPO / "scripts" / "fit_sample_params.py"


def test_refitting_the_real_data_reproduces_the_shipped_parameters(tmp_path: Path) -> None:
    source = shared_file(SOURCE_NAME)
    out = tmp_path / "params.toml"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--output", str(out)],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    refit = tomllib.loads(out.read_text(encoding="utf-8"))
    shipped = tomllib.loads(shipped_params_path().read_text(encoding="utf-8"))
    assert refit == shipped
    assert refit["source"]["rows"] == 2466


def test_the_shipped_parameters_identify_their_data_set() -> None:
    params = load_params()
    assert params.source_file == Path(SOURCE_NAME).name
    assert re.fullmatch(r"[0-9a-f]{64}", params.source_sha256)


def test_the_fitted_shapes_are_sane() -> None:
    params = load_params()
    assert params.amount.values == tuple(sorted(params.amount.values))
    assert params.amount.median == pytest.approx(params.amount_median)
    assert sum(params.term_shares) == pytest.approx(1.0)
    assert 0 < params.share_disputed < 1
    # A dispute delays payment: fewer disputed invoices are paid on time.
    assert params.disputed.share_on_time < params.undisputed.share_on_time


def test_quantile_sampling_interpolates_between_levels() -> None:
    q = Quantiles((0.0, 0.5, 1.0), (10.0, 20.0, 40.0))
    assert q.value_at(0.0) == 10.0
    assert q.value_at(0.25) == 15.0
    assert q.value_at(0.5) == 20.0
    assert q.value_at(0.75) == 30.0
    assert q.value_at(1.0) == 40.0
    with pytest.raises(ValueError):
        Quantiles((0.1, 1.0), (1.0, 2.0))
